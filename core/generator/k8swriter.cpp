#include "k8swriter.h"

#include "genrandom.h"
#include "k8stextwriter.h"
#include "outputfile.h"
#include "textbuffer.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace gateline::gen {

namespace {

QString iso(qint64 us)
{
    TextBuffer b;
    b.putIsoUtc(us, 0);
    return QString::fromLatin1(b.view());
}

QString str(const QByteArray &b)
{
    return QString::fromUtf8(b);
}

QString hashUid(quint64 h)
{
    TextBuffer b;
    b.putHex(mix(h, 1), 16);
    b.putHex(mix(h, 2), 16);
    QByteArray s(b.data(), qsizetype(b.size()));
    s[12] = '4';
    return QString::fromLatin1(s.left(8) + '-' + s.mid(8, 4) + '-' + s.mid(12, 4) + '-' + s.mid(16, 4) + '-' + s.mid(20));
}

QString hex64(quint64 h)
{
    TextBuffer b;
    for (int i = 0; i < 4; ++i)
        b.putHex(mix(h, quint64(i)), 16);
    return QString::fromLatin1(b.view());
}

QJsonObject probe(const char *path, int port, int period, int failures)
{
    return QJsonObject{{QStringLiteral("failureThreshold"), failures},
                       {QStringLiteral("httpGet"), QJsonObject{{QStringLiteral("path"), QString::fromLatin1(path)},
                                                               {QStringLiteral("port"), port},
                                                               {QStringLiteral("scheme"), QStringLiteral("HTTP")}}},
                       {QStringLiteral("periodSeconds"), period},
                       {QStringLiteral("successThreshold"), 1},
                       {QStringLiteral("timeoutSeconds"), 1}};
}

} // namespace

QString K8sWriter::eventName(const K8sEvent &e, quint64 seed)
{
    TextBuffer n;
    n.put(e.object.name);
    n.put('.');
    n.putHex(quint64(e.first) * 1000 + mix(seed, hashBytes(e.reason + e.message)) % 1000, 16);
    return QString::fromLatin1(n.view());
}

std::vector<const SimPod *> K8sWriter::livePods(const Topology &t, qint64 at)
{
    std::vector<const SimPod *> pods;
    for (const SimPod &p : t.pods)
        if (p.created <= at && p.deleted > at)
            pods.push_back(&p);
    std::sort(pods.begin(), pods.end(), [](const SimPod *a, const SimPod *b) {
        return a->ns != b->ns ? a->ns < b->ns : a->name < b->name;
    });
    return pods;
}

QByteArray K8sWriter::eventsJson(qint64 *count) const
{
    struct Item {
        QString ns, name;
        QJsonObject json;
    };
    std::vector<Item> items;
    for (const K8sEvent &e : m_events.events()) {
        const QString ns = e.object.ns.isEmpty() ? QStringLiteral("default") : str(e.object.ns);
        const QString name = eventName(e, m_seed);
        const quint64 h = mix(m_seed, hashBytes(name.toUtf8()), 21);
        QJsonObject involved{{QStringLiteral("apiVersion"), str(e.object.apiVersion)},
                             {QStringLiteral("kind"), str(e.object.kind)},
                             {QStringLiteral("name"), str(e.object.name)},
                             {QStringLiteral("resourceVersion"), QString::number(10000000 + h % 90000000)},
                             {QStringLiteral("uid"), str(e.object.uid)}};
        if (!e.object.ns.isEmpty())
            involved.insert(QStringLiteral("namespace"), ns);
        if (!e.object.fieldPath.isEmpty())
            involved.insert(QStringLiteral("fieldPath"), str(e.object.fieldPath));
        QJsonObject source{{QStringLiteral("component"), str(e.component)}};
        if (!e.host.isEmpty())
            source.insert(QStringLiteral("host"), str(e.host));
        QJsonObject o{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                      {QStringLiteral("count"), e.count},
                      {QStringLiteral("eventTime"), QJsonValue::Null},
                      {QStringLiteral("firstTimestamp"), iso(e.first)},
                      {QStringLiteral("involvedObject"), involved},
                      {QStringLiteral("kind"), QStringLiteral("Event")},
                      {QStringLiteral("lastTimestamp"), iso(e.last)},
                      {QStringLiteral("message"), str(e.message)},
                      {QStringLiteral("metadata"),
                       QJsonObject{{QStringLiteral("creationTimestamp"), iso(e.first)},
                                   {QStringLiteral("name"), name},
                                   {QStringLiteral("namespace"), ns},
                                   {QStringLiteral("resourceVersion"), QString::number(20000000 + (h >> 20) % 9000000)},
                                   {QStringLiteral("uid"), hashUid(h)}}},
                      {QStringLiteral("reason"), str(e.reason)},
                      {QStringLiteral("reportingComponent"), str(e.component)},
                      {QStringLiteral("reportingInstance"), str(e.host)},
                      {QStringLiteral("source"), source},
                      {QStringLiteral("type"), str(e.type)}};
        items.push_back({ns, name, o});
    }
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.ns != b.ns ? a.ns < b.ns : a.name < b.name;
    });
    QJsonArray array;
    for (const Item &i : items)
        array.append(i.json);
    *count = qint64(items.size());
    const QJsonObject list{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("items"), array},
                           {QStringLiteral("kind"), QStringLiteral("List")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString()}}}};
    return QJsonDocument(list).toJson(QJsonDocument::Indented);
}

QByteArray K8sWriter::podsJson(qint64 *count) const
{
    const Topology &t = m_world.topo;
    const std::vector<const SimPod *> pods = livePods(t, m_capture);
    QJsonArray items;
    for (const SimPod *p : pods) {
        const quint64 h = mix(m_seed, hashBytes(p->uid), 31);
        const bool serving = p->group != PodGroup::Other;
        QJsonObject labels{{QStringLiteral("app.kubernetes.io/name"), str(p->appLabel)}};
        if (!p->templateHash.isEmpty())
            labels.insert(QStringLiteral("pod-template-hash"), str(p->templateHash));
        const QString ownerApi = p->ownerKind == "Job" ? QStringLiteral("batch/v1") : QStringLiteral("apps/v1");
        QJsonObject metadata{
            {QStringLiteral("creationTimestamp"), iso(p->created)},
            {QStringLiteral("labels"), labels},
            {QStringLiteral("name"), str(p->name)},
            {QStringLiteral("namespace"), str(p->ns)},
            {QStringLiteral("ownerReferences"),
             QJsonArray{QJsonObject{{QStringLiteral("apiVersion"), ownerApi},
                                    {QStringLiteral("blockOwnerDeletion"), true},
                                    {QStringLiteral("controller"), true},
                                    {QStringLiteral("kind"), str(p->ownerKind)},
                                    {QStringLiteral("name"), str(p->ownerName)},
                                    {QStringLiteral("uid"), hashUid(mix(m_seed, hashBytes(p->ownerName), 32))}}}},
            {QStringLiteral("resourceVersion"), QString::number(30000000 + h % 9000000)},
            {QStringLiteral("uid"), str(p->uid)}};
        if (p->ownerKind != "StatefulSet")
            metadata.insert(QStringLiteral("generateName"), str(p->ownerName) + QLatin1Char('-'));
        const bool big = p->group == PodGroup::App;
        QJsonObject container{
            {QStringLiteral("image"), str(p->image)},
            {QStringLiteral("imagePullPolicy"), QStringLiteral("IfNotPresent")},
            {QStringLiteral("name"), str(p->container)},
            {QStringLiteral("resources"),
             QJsonObject{{QStringLiteral("limits"), QJsonObject{{QStringLiteral("memory"), big ? QStringLiteral("1Gi") : QStringLiteral("512Mi")}}},
                         {QStringLiteral("requests"), QJsonObject{{QStringLiteral("cpu"), big ? QStringLiteral("500m") : QStringLiteral("100m")},
                                                                  {QStringLiteral("memory"), big ? QStringLiteral("768Mi") : QStringLiteral("256Mi")}}}}}};
        if (serving) {
            container.insert(QStringLiteral("ports"), QJsonArray{QJsonObject{{QStringLiteral("containerPort"), p->port},
                                                                             {QStringLiteral("name"), QStringLiteral("http")},
                                                                             {QStringLiteral("protocol"), QStringLiteral("TCP")}}});
            const bool ingress = p->group == PodGroup::Ingress;
            container.insert(QStringLiteral("livenessProbe"), probe(ingress ? "/healthz" : "/healthz", ingress ? 10254 : p->port, 10, 3));
            container.insert(QStringLiteral("readinessProbe"), probe(ingress ? "/healthz" : "/ready", ingress ? 10254 : p->port, 10, 3));
        }
        const QString node = str(t.nodes[size_t(p->node)].name);
        const QString hostIp = str(t.nodes[size_t(p->node)].ip);
        QJsonObject spec{{QStringLiteral("containers"), QJsonArray{container}},
                         {QStringLiteral("dnsPolicy"), QStringLiteral("ClusterFirst")},
                         {QStringLiteral("enableServiceLinks"), true},
                         {QStringLiteral("nodeName"), node},
                         {QStringLiteral("restartPolicy"), p->ownerKind == "Job" ? QStringLiteral("OnFailure") : QStringLiteral("Always")},
                         {QStringLiteral("schedulerName"), QStringLiteral("default-scheduler")},
                         {QStringLiteral("serviceAccountName"), p->group == PodGroup::Ingress ? str(p->appLabel) : QStringLiteral("default")},
                         {QStringLiteral("terminationGracePeriodSeconds"), p->group == PodGroup::Ingress ? 300 : 30}};
        const QString image = str(p->image);
        QJsonObject status{{QStringLiteral("containerID"), QStringLiteral("containerd://") + hex64(mix(h, quint64(p->restarts)))},
                           {QStringLiteral("image"), image},
                           {QStringLiteral("imageID"), image.left(image.lastIndexOf(QLatin1Char(':'))) + QStringLiteral("@sha256:")
                                                           + hex64(mix(m_seed, hashBytes(p->image), 33))},
                           {QStringLiteral("name"), str(p->container)},
                           {QStringLiteral("ready"), !p->succeeded},
                           {QStringLiteral("restartCount"), p->restarts},
                           {QStringLiteral("started"), !p->succeeded}};
        QJsonObject lastState;
        if (p->hasLast && !p->succeeded) {
            lastState.insert(QStringLiteral("terminated"),
                             QJsonObject{{QStringLiteral("containerID"), QStringLiteral("containerd://") + hex64(mix(h, quint64(p->restarts - 1)))},
                                         {QStringLiteral("exitCode"), p->last.exitCode},
                                         {QStringLiteral("finishedAt"), iso(p->last.finishedAt)},
                                         {QStringLiteral("reason"), str(p->last.reason)},
                                         {QStringLiteral("startedAt"), iso(p->last.startedAt)}});
        }
        status.insert(QStringLiteral("lastState"), lastState);
        if (p->succeeded) {
            status.insert(QStringLiteral("state"),
                          QJsonObject{{QStringLiteral("terminated"),
                                       QJsonObject{{QStringLiteral("containerID"), status.value(QStringLiteral("containerID"))},
                                                   {QStringLiteral("exitCode"), 0},
                                                   {QStringLiteral("finishedAt"), iso(p->last.finishedAt)},
                                                   {QStringLiteral("reason"), QStringLiteral("Completed")},
                                                   {QStringLiteral("startedAt"), iso(p->last.startedAt)}}}});
        } else {
            status.insert(QStringLiteral("state"), QJsonObject{{QStringLiteral("running"),
                                                                QJsonObject{{QStringLiteral("startedAt"), iso(p->runningSince)}}}});
        }
        const qint64 readySince = p->endpointOut.empty() ? p->started : std::max(p->started, p->endpointOut.back().to);
        auto condition = [](const char *type, const QString &when, bool ok) {
            return QJsonObject{{QStringLiteral("lastProbeTime"), QJsonValue::Null},
                               {QStringLiteral("lastTransitionTime"), when},
                               {QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False")},
                               {QStringLiteral("type"), QString::fromLatin1(type)}};
        };
        const bool running = !p->succeeded;
        QJsonArray conditions{condition("PodReadyToStartContainers", iso(p->created + 2 * kSec), running),
                              condition("Initialized", iso(p->created + kSec), true),
                              condition("Ready", iso(running ? readySince : p->last.finishedAt), running),
                              condition("ContainersReady", iso(running ? readySince : p->last.finishedAt), running),
                              condition("PodScheduled", iso(p->created), true)};
        QJsonObject podStatus{{QStringLiteral("conditions"), conditions},
                              {QStringLiteral("containerStatuses"), QJsonArray{status}},
                              {QStringLiteral("hostIP"), hostIp},
                              {QStringLiteral("hostIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), hostIp}}}},
                              {QStringLiteral("phase"), p->succeeded ? QStringLiteral("Succeeded") : QStringLiteral("Running")},
                              {QStringLiteral("podIP"), str(p->ip)},
                              {QStringLiteral("podIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), str(p->ip)}}}},
                              {QStringLiteral("qosClass"), QStringLiteral("Burstable")},
                              {QStringLiteral("startTime"), iso(p->created)}};
        items.append(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                 {QStringLiteral("kind"), QStringLiteral("Pod")},
                                 {QStringLiteral("metadata"), metadata},
                                 {QStringLiteral("spec"), spec},
                                 {QStringLiteral("status"), podStatus}});
    }
    *count = qint64(pods.size());
    const QJsonObject list{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("items"), items},
                           {QStringLiteral("kind"), QStringLiteral("List")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString()}}}};
    return QJsonDocument(list).toJson(QJsonDocument::Indented);
}

bool K8sWriter::write(const QString &outDir, QStringList *files, qint64 *eventCount, qint64 *podCount, QString *error)
{
    m_eventFiles.clear();
    m_podFiles.clear();
    if (m_shape != QLatin1String("json")) {
        const K8sTextWriter text(m_world, m_events, m_seed, m_capture);
        if (!text.write(outDir, m_shape, &m_eventFiles, &m_podFiles, eventCount, podCount, error))
            return false;
        if (m_podFiles.isEmpty()) { // the events shapes come with the pods as JSON
            const QByteArray pods = podsJson(podCount);
            if (!writeOutputFile(QDir(outDir).filePath(QStringLiteral("k8s/pods.json")), pods.constData(), size_t(pods.size()), -1, error))
                return false;
            m_podFiles.append(QStringLiteral("k8s/pods.json"));
        }
        for (const QStringList *list : {&m_eventFiles, &m_podFiles})
            for (const QString &f : *list)
                if (!files->contains(f))
                    files->append(f);
        return true;
    }
    const QByteArray events = eventsJson(eventCount);
    if (!writeOutputFile(QDir(outDir).filePath(QStringLiteral("k8s/events.json")), events.constData(), size_t(events.size()), -1, error))
        return false;
    files->append(QStringLiteral("k8s/events.json"));
    m_eventFiles.append(QStringLiteral("k8s/events.json"));
    const QByteArray pods = podsJson(podCount);
    if (!writeOutputFile(QDir(outDir).filePath(QStringLiteral("k8s/pods.json")), pods.constData(), size_t(pods.size()), -1, error))
        return false;
    files->append(QStringLiteral("k8s/pods.json"));
    m_podFiles.append(QStringLiteral("k8s/pods.json"));
    return true;
}

} // namespace gateline::gen
