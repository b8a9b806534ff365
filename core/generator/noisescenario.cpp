// Noise that every real bundle has: a trickle of app-generated 502s, an unrelated clean rollout in
// another namespace, and a CronJob running on schedule.
#include "causescenario.h"

namespace gateline::gen {

namespace {

qint64 secs(double s)
{
    return qint64(s * double(kSec));
}

const char *const kCronJobs[] = {"db-backup", "cache-warmer", "cleanup-sessions", "sitemap-generator", "report-digest",
                                 "token-rotation", "invoice-export"};

void cronJob(ScenarioContext &c)
{
    World &w = c.world;
    Lifecycle life(w, c.scenario.events, c.rng);
    const SimDeployment &worker = w.deployments[WorkerDeployment];
    const QByteArray name = c.rng.pick(kCronJobs);
    const K8sObjectRef cron{QByteArrayLiteral("CronJob"), worker.ns, name, randomUid(c.rng), QByteArrayLiteral("batch/v1"), {}};
    const qint64 period = secs(c.rng.chance(0.5) ? 600 : 900);
    SimDeployment jobs;
    jobs.ns = worker.ns;
    jobs.name = name;
    jobs.container = name;
    jobs.appLabel = name;
    jobs.image = worker.image.left(worker.image.lastIndexOf('/') + 1) + name + ":v1." + QByteArray::number(c.rng.range(0, 9));
    jobs.group = PodGroup::Other;
    w.deployments.push_back(jobs);
    const int dep = int(w.deployments.size() - 1);
    std::vector<QByteArray> history;
    for (qint64 run = (c.start - secs(900)) / period * period + period; run < c.end; run += period) {
        const QByteArray jobName = name + '-' + QByteArray::number(run / secs(60));
        const K8sObjectRef job{QByteArrayLiteral("Job"), worker.ns, jobName, randomUid(c.rng), QByteArrayLiteral("batch/v1"), {}};
        qint64 t = run + secs(c.rng.uniform(0.01, 0.6));
        c.scenario.events.add(t, cron, "SuccessfulCreate", "Created job " + jobName, "cronjob-controller");
        w.deployments[size_t(dep)].rsHash = QByteArray::number(run / secs(60));
        const int pod = spawnPod(w, dep, t + secs(0.05), c.rng);
        SimPod &p = w.topo.pods[size_t(pod)];
        p.ownerKind = "Job";
        p.ownerName = jobName;
        p.templateHash.clear();
        c.scenario.events.add(t + secs(0.02), job, "SuccessfulCreate", "Created pod: " + p.name, "job-controller");
        const QByteArray &host = life.nodeName(pod);
        t += secs(c.rng.uniform(0.1, 0.4));
        c.scenario.events.add(t, life.podRef(pod, false), "Scheduled",
                              "Successfully assigned " + p.ns + '/' + p.name + " to " + host, "default-scheduler");
        t += secs(c.rng.uniform(0.5, 1.2));
        c.scenario.events.add(t, life.podRef(pod), "Pulled", "Container image \"" + p.image + "\" already present on machine",
                              "kubelet", host);
        c.scenario.events.add(t + secs(0.1), life.podRef(pod), "Created", "Created container " + p.container, "kubelet", host);
        t += secs(c.rng.uniform(0.2, 0.5));
        c.scenario.events.add(t, life.podRef(pod), "Started", "Started container " + p.container, "kubelet", host);
        p.started = p.runningSince = t;
        const qint64 done = t + secs(c.rng.uniform(15, 80));
        p.succeeded = true;
        p.last = {t, done, 0, QByteArrayLiteral("Completed")};
        p.listenTo = done;
        p.endpointFrom = p.endpointTo = kNever;
        c.scenario.events.add(done + secs(c.rng.uniform(0.5, 2)), job, "Completed", "Job completed", "job-controller");
        c.scenario.events.add(done + secs(c.rng.uniform(2, 5)), cron, "SawCompletedJob",
                              "Saw completed job: " + jobName + ", condition: Complete", "cronjob-controller");
        history.push_back(jobName);
        if (history.size() > 3) {
            c.scenario.events.add(done + secs(c.rng.uniform(5, 6)), cron, "SuccessfulDelete", "Deleted job " + history.front(),
                                  "cronjob-controller");
            for (SimPod &old : w.topo.pods)
                if (old.ownerName == history.front())
                    old.deleted = done + secs(6);
            history.erase(history.begin());
        }
    }
}

} // namespace

void addNoise(ScenarioContext &c)
{
    c.scenario.trickle502 = 0.0002;
    Lifecycle life(c.world, c.scenario.events, c.rng);
    RolloutStyle st;
    st.readinessSec = c.rng.uniform(5, 9);
    st.listenSec = c.rng.uniform(2, 4);
    st.drainSec = c.rng.uniform(10, 20);
    const SimDeployment &worker = c.world.deployments[WorkerDeployment];
    const qsizetype colon = worker.image.lastIndexOf(':');
    // One draw per statement, in the order GCC evaluated them when they shared one (topology.cpp).
    const int patch = c.rng.range(0, 9);
    const int minor = c.rng.range(10, 19);
    st.newImage = worker.image.left(colon) + ":v" + QByteArray::number(minor) + ".1." + QByteArray::number(patch);
    life.rollout(WorkerDeployment, c.at(c.rng.uniform(0.15, 0.85)), st);
    // A `kubectl rollout restart` in the monitoring namespace.
    RolloutStyle restart;
    restart.readinessSec = c.rng.uniform(4, 8);
    restart.drainSec = c.rng.uniform(3, 8);
    life.rollout(KubeStateMetricsDeployment, c.at(c.rng.uniform(0.05, 0.95)), restart);
    cronJob(c);
}

} // namespace gateline::gen
