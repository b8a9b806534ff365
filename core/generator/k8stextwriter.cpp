#include "k8stextwriter.h"

#include "genrandom.h"
#include "k8swriter.h"
#include "kubetabwriter.h"
#include "outputfile.h"
#include "textbuffer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QTimeZone>
#include <algorithm>

namespace gateline::gen {

namespace {

qint64 floorSec(qint64 us)
{
    return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
}

QByteArray lower(const QByteArray &s)
{
    return s.toLower();
}

QByteArray hex64(quint64 h)
{
    TextBuffer b;
    for (int i = 0; i < 4; ++i)
        b.putHex(mix(h, quint64(i)), 16);
    return b.view().toByteArray();
}

// kubectl describe's times: RFC 1123 with a numeric zone, "Sun, 02 Jun 2024 09:52:11 +0000".
QByteArray describeTime(qint64 us)
{
    const QDateTime t = QDateTime::fromSecsSinceEpoch(floorSec(us), QTimeZone::UTC);
    return QLocale::c().toString(t, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss +0000")).toLatin1();
}

QByteArray eventNamespace(const K8sEvent &e)
{
    return e.object.ns.isEmpty() ? QByteArrayLiteral("default") : e.object.ns;
}

bool writeText(const QString &outDir, const QString &name, const QByteArray &text, qint64 mtimeSec, QString *error)
{
    const QString path = QDir(outDir).filePath(name);
    if (!writeOutputFile(path, text.constData(), size_t(text.size()), -1, error))
        return false;
    // Saved at the capture: the file time is what the ages count back from.
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite) || !f.setFileTime(QDateTime::fromSecsSinceEpoch(mtimeSec, QTimeZone::UTC),
                                                       QFileDevice::FileModificationTime)) {
        *error = QStringLiteral("cannot set the modification time of %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace

K8sTextWriter::K8sTextWriter(const World &world, const EventLog &events, quint64 seed, qint64 captureTime)
    : m_world(world), m_events(events), m_seed(seed), m_captureUs(captureTime), m_captureSec(floorSec(captureTime))
{
}

QStringList K8sTextWriter::shapes()
{
    return {QStringLiteral("json"), QStringLiteral("get-events"), QStringLiteral("get-events-wide"),
            QStringLiteral("kubectl-events"), QStringLiteral("describe")};
}

QByteArray K8sTextWriter::age(qint64 us) const
{
    return kubectlAge(m_captureSec - floorSec(us));
}

QByteArray K8sTextWriter::interval(const K8sEvent &e) const
{
    // kubectl events / describe: "LAST (xN over FIRST)" for folded repeats, else the first's age.
    if (e.count > 1)
        return age(e.last) + " (x" + QByteArray::number(e.count) + " over " + age(e.first) + ')';
    return age(e.first);
}

std::vector<const K8sEvent *> K8sTextWriter::byLastSeen(std::vector<const K8sEvent *> events) const
{
    // kubectl's SortableEvents: by the last time seen (stable: the API's order among equals).
    std::stable_sort(events.begin(), events.end(), [](const K8sEvent *a, const K8sEvent *b) {
        return floorSec(a->last) < floorSec(b->last);
    });
    return events;
}

QByteArray K8sTextWriter::getEvents(bool wide) const
{
    // The API server's order (namespace, then name), as `kubectl get events` lists them.
    struct Row {
        QByteArray ns, name;
        const K8sEvent *e;
    };
    std::vector<Row> rows;
    for (const K8sEvent &e : m_events.events())
        rows.push_back({eventNamespace(e), K8sWriter::eventName(e, m_seed).toUtf8(), &e});
    std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.ns != b.ns ? a.ns < b.ns : a.name < b.name; });
    TabWriter w(6, 3);
    w.line(wide ? "NAMESPACE\tLAST SEEN\tTYPE\tREASON\tOBJECT\tSUBOBJECT\tSOURCE\tMESSAGE\tFIRST SEEN\tCOUNT\tNAME"
                : "NAMESPACE\tLAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE");
    for (const Row &r : rows) {
        const K8sEvent &e = *r.e;
        const QByteArray object = lower(e.object.kind) + '/' + e.object.name;
        QByteArray line = r.ns + '\t' + age(e.last) + '\t' + e.type + '\t' + e.reason + '\t' + object + '\t';
        if (wide) {
            const QByteArray source = e.host.isEmpty() ? e.component : e.component + ", " + e.host;
            line += e.object.fieldPath + '\t' + source + '\t' + e.message.trimmed() + '\t' + age(e.first) + '\t'
                    + QByteArray::number(e.count) + '\t' + r.name;
        } else {
            line += e.message.trimmed();
        }
        w.line(line);
    }
    QByteArray out;
    w.flush(&out);
    return out;
}

QByteArray K8sTextWriter::kubectlEvents(const std::vector<const K8sEvent *> &events) const
{
    TabWriter w(6, 3);
    w.line("NAMESPACE\tLAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE");
    for (const K8sEvent *e : byLastSeen(events))
        w.line(eventNamespace(*e) + '\t' + interval(*e) + '\t' + e->type + '\t' + e->reason + '\t' + e->object.kind + '/'
               + e->object.name + '\t' + e->message.trimmed());
    QByteArray out;
    w.flush(&out);
    return out;
}

QByteArray K8sTextWriter::describePod(const SimPod &p, const std::vector<const K8sEvent *> &events) const
{
    const Topology &t = m_world.topo;
    const quint64 h = mix(m_seed, hashBytes(p.uid), 31);
    const bool serving = p.group != PodGroup::Other;
    const bool ingress = p.group == PodGroup::Ingress;
    const bool big = p.group == PodGroup::App;
    const bool running = !p.succeeded;
    const QByteArray volume = "kube-api-access-" + hex64(h).left(5);
    const SimNode &node = t.nodes[size_t(p.node)];
    TabWriter w(0, 2);
    w.line("Name:\t" + p.name);
    w.line("Namespace:\t" + p.ns);
    w.line("Priority:\t0");
    w.line("Service Account:\t" + (ingress ? p.appLabel : QByteArrayLiteral("default")));
    w.line("Node:\t" + node.name + '/' + node.ip);
    w.line("Start Time:\t" + describeTime(p.created));
    w.line("Labels:\tapp.kubernetes.io/name=" + p.appLabel);
    if (!p.templateHash.isEmpty())
        w.line("\tpod-template-hash=" + p.templateHash);
    w.line("Annotations:\t<none>");
    w.line(QByteArray("Status:\t") + (running ? "Running" : "Succeeded"));
    w.line("IP:\t" + p.ip);
    w.line("IPs:");
    w.line("  IP:\t" + p.ip);
    w.line("Controlled By:\t" + p.ownerKind + '/' + p.ownerName);
    w.line("Containers:");
    w.line("  " + p.container + ':');
    w.line("    Container ID:\tcontainerd://" + hex64(mix(h, quint64(p.restarts))));
    w.line("    Image:\t" + p.image);
    w.line("    Image ID:\t" + p.image.left(p.image.lastIndexOf(':')) + "@sha256:" + hex64(mix(m_seed, hashBytes(p.image), 33)));
    w.line(serving ? "    Port:\t" + QByteArray::number(p.port) + "/TCP" : QByteArrayLiteral("    Port:\t<none>"));
    w.line(serving ? QByteArrayLiteral("    Host Port:\t0/TCP") : QByteArrayLiteral("    Host Port:\t<none>"));
    auto termination = [&](const char *label, const Termination &term, const QByteArray &reason, int exitCode) {
        w.line(QByteArray(label) + "\tTerminated");
        w.line("      Reason:\t" + reason);
        w.line("      Exit Code:\t" + QByteArray::number(exitCode));
        w.line("      Started:\t" + describeTime(term.startedAt));
        w.line("      Finished:\t" + describeTime(term.finishedAt));
    };
    if (running) {
        w.line("    State:\tRunning");
        w.line("      Started:\t" + describeTime(p.runningSince));
        if (p.hasLast)
            termination("    Last State:", p.last, p.last.reason, p.last.exitCode);
    } else {
        termination("    State:", p.last, QByteArrayLiteral("Completed"), 0);
    }
    w.line(QByteArray("    Ready:\t") + (running ? "True" : "False"));
    w.line("    Restart Count:\t" + QByteArray::number(p.restarts));
    w.line("    Limits:");
    w.line(QByteArray("      memory:\t") + (big ? "1Gi" : "512Mi"));
    w.line("    Requests:");
    w.line(QByteArray("      cpu:\t") + (big ? "500m" : "100m"));
    w.line(QByteArray("      memory:\t") + (big ? "768Mi" : "256Mi"));
    if (serving) {
        const QByteArray port = QByteArray::number(ingress ? 10254 : p.port);
        w.line("    Liveness:\thttp-get http://:" + port + "/healthz delay=0s timeout=1s period=10s #success=1 #failure=3");
        w.line("    Readiness:\thttp-get http://:" + port + (ingress ? "/healthz" : "/ready")
               + " delay=0s timeout=1s period=10s #success=1 #failure=3");
    }
    w.line("    Environment:\t<none>");
    w.line("    Mounts:");
    w.line("      /var/run/secrets/kubernetes.io/serviceaccount from " + volume + " (ro)");
    w.line("Conditions:");
    w.line("  Type \tStatus");
    const char *ok = running ? "True " : "False ";
    w.line(QByteArray("  PodReadyToStartContainers \t") + ok);
    w.line("  Initialized \tTrue ");
    w.line(QByteArray("  Ready \t") + ok);
    w.line(QByteArray("  ContainersReady \t") + ok);
    w.line("  PodScheduled \tTrue ");
    w.line("Volumes:");
    w.line("  " + volume + ':');
    w.line("    Type:\tProjected (a volume that contains injected data from multiple sources)");
    w.line("    TokenExpirationSeconds:\t3607");
    w.line("    ConfigMapName:\tkube-root-ca.crt");
    w.line("    ConfigMapOptional:\t<nil>");
    w.line("    DownwardAPI:\ttrue");
    w.line("QoS Class:\tBurstable");
    w.line("Node-Selectors:\t<none>");
    w.line("Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
    w.line("\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s");
    QByteArray out;
    if (events.empty()) {
        w.line("Events:\t<none>");
        w.flush(&out);
        return out;
    }
    w.flush(&out);
    w.line("Events:");
    w.line("  Type\tReason\tAge\tFrom\tMessage");
    w.line("  ----\t------\t----\t----\t-------");
    for (const K8sEvent *e : byLastSeen(events))
        w.line("  " + e->type + '\t' + e->reason + '\t' + interval(*e) + '\t' + e->component + '\t' + e->message.trimmed());
    w.flush(&out);
    return out;
}

QByteArray K8sTextWriter::describePods(std::vector<const K8sEvent *> *rest, qint64 *podCount) const
{
    const std::vector<const SimPod *> pods = K8sWriter::livePods(m_world.topo, m_captureUs);
    QByteArray out;
    std::vector<bool> shown(m_events.events().size(), false);
    for (const SimPod *p : pods) {
        std::vector<const K8sEvent *> mine;
        for (size_t i = 0; i < m_events.events().size(); ++i) {
            const K8sEvent &e = m_events.events()[i];
            if (e.object.kind == "Pod" && e.object.name == p->name && e.object.ns == p->ns) {
                mine.push_back(&e);
                shown[i] = true;
            }
        }
        if (!out.isEmpty())
            out += "\n\n";
        out += describePod(*p, mine);
    }
    for (size_t i = 0; i < shown.size(); ++i)
        if (!shown[i])
            rest->push_back(&m_events.events()[i]);
    *podCount = qint64(pods.size());
    return out;
}

bool K8sTextWriter::write(const QString &outDir, const QString &shape, QStringList *eventFiles, QStringList *podFiles,
                          qint64 *eventCount, qint64 *podCount, QString *error) const
{
    *eventCount = qint64(m_events.events().size());
    QByteArray events;
    if (shape == QLatin1String("get-events") || shape == QLatin1String("get-events-wide")) {
        events = getEvents(shape.endsWith(QLatin1String("-wide")));
    } else if (shape == QLatin1String("kubectl-events")) {
        std::vector<const K8sEvent *> all;
        for (const K8sEvent &e : m_events.events())
            all.push_back(&e);
        events = kubectlEvents(all);
    } else if (shape == QLatin1String("describe")) {
        std::vector<const K8sEvent *> rest;
        const QByteArray pods = describePods(&rest, podCount);
        if (!writeText(outDir, QStringLiteral("k8s/describe-pods.txt"), pods, m_captureSec, error))
            return false;
        eventFiles->append(QStringLiteral("k8s/describe-pods.txt"));
        podFiles->append(QStringLiteral("k8s/describe-pods.txt"));
        events = kubectlEvents(rest);
    } else {
        *error = QStringLiteral("unknown Kubernetes events shape '%1'").arg(shape);
        return false;
    }
    if (!writeText(outDir, QStringLiteral("k8s/events.txt"), events, m_captureSec, error))
        return false;
    eventFiles->append(QStringLiteral("k8s/events.txt"));
    return true;
}

} // namespace gateline::gen
