// The one event taxonomy (analysis/eventclass.h): every record kind / reason maps to its class, the
// collected events refine restarts, and the chart, the matching step and the evidence read the
// same classes (the controller classes included).
#include "analysis/analysis.h"
#include "analysis/eventclass.h"
#include "export/chartdata.h"
#include "formats/controllermessage.h"
#include "playbook/causeranker.h"
#include "playbook/evidence.h"

#include <QSet>
#include <QTest>

using namespace gateline;

namespace {

constexpr qint64 kT0 = 1709287200000000; // 2024-03-01 10:00:00 UTC
constexpr qint64 kSec = 1000000;

Record k8sEvent(qint64 at, QByteArrayView reason, QByteArrayView text = {}, QByteArrayView object = "Pod/web-1",
             quint8 flags = FlagNone)
{
    Record r;
    r.kind = EventKind::K8sEvent;
    r.time = Timestamp{kT0 + at};
    r.reason = reason;
    r.text = text;
    r.object = object;
    r.ns = "shop";
    r.flags = flags;
    return r;
}

Record pod(EventKind kind, qint64 at, QByteArrayView reason, qint16 status = 0, QByteArrayView object = "web-1")
{
    Record r;
    r.kind = kind;
    r.time = Timestamp{kT0 + at};
    r.reason = reason;
    r.status = status;
    r.object = object;
    r.ns = "shop";
    return r;
}

Record controller(qint64 at, QByteArrayView category, EventKind kind = EventKind::LogMessage)
{
    Record r;
    r.kind = kind;
    r.time = Timestamp{kT0 + at};
    r.reason = category;
    r.text = "controller line";
    return r;
}

std::unique_ptr<SourceData> source(SourceFormat f, const QString &path)
{
    auto s = std::make_unique<SourceData>();
    s->format = f;
    s->locator.filePath = path;
    return s;
}

// 10 minutes of ALB requests, one per second; 502s (target never answered) at the given seconds.
std::unique_ptr<SourceData> albWith502s(const QList<int> &errorSeconds)
{
    auto alb = source(SourceFormat::Alb, QStringLiteral("/b/alb.log"));
    for (int i = 0; i < 600; ++i) {
        Record r;
        r.time = Timestamp{kT0 + i * kSec};
        const bool err = errorSeconds.contains(i);
        r.status = err ? 502 : 200;
        r.upstreamStatus = err ? kUpstreamDash : 200;
        r.client = "203.0.113.9";
        r.method = "GET";
        r.path = "/api/cart";
        alb->append(r);
    }
    return alb;
}

std::optional<EventClass> classOf(SourceFormat f, const Record &r)
{
    auto s = source(f, QStringLiteral("/b/x"));
    s->append(r);
    return classifyEvent(*s, 0);
}

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out << QString::fromLatin1(s);
    return out;
}

// "seconds-after-kT0 class-id" of each collected event.
QStringList described(const std::vector<ClassifiedEvent> &events)
{
    QStringList out;
    for (const ClassifiedEvent &e : events)
        out << QStringLiteral("%1 %2").arg((e.us - kT0) / kSec).arg(eventClassId(e.cls));
    return out;
}

QString name(std::optional<EventClass> c)
{
    return c ? eventClassId(*c) : QStringLiteral("(none)");
}

} // namespace

class TstEventClass : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classifiesEveryKindAndReason_data();
    void classifiesEveryKindAndReason();
    void idsLabelsAndGroups();
    void collectedStartsOfRestartedContainersAreRestarts();
    void oneOomKillSeenTwiceIsOneEvent();
    void proxyShutdownMessages();
    void goResolverErrorsAreDns();
    void chartMarkersAreTheMarkerClasses();
    void controllerEventsLeaveMatchingAlone();
    void controllerEventsInTheEvidence();
};

void TstEventClass::classifiesEveryKindAndReason_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("expected"); // class id or "(none)"

    const int ev = int(SourceFormat::K8sEvents), pods = int(SourceFormat::K8sPods);
    const int k8s = int(EventKind::K8sEvent), term = int(EventKind::PodTermination), start = int(EventKind::PodStart);
    const int log = int(EventKind::LogMessage);
    const QByteArray web = "Pod/web-1";
    auto row = [](const char *tag, int f, int k, const char *reason, const char *text, const QByteArray &object,
                  int status, int flags, const char *expected) {
        QTest::newRow(tag) << f << k << QByteArray(reason) << QByteArray(text) << object << status << flags
                           << QString::fromLatin1(expected);
    };
    row("killing", ev, k8s, "Killing", "Stopping container web", web, 0, 0, "killing");
    row("killing-liveness", ev, k8s, "Killing", "Container web failed liveness probe, will be restarted", web, 0, 0,
        "probe-killing");
    row("killing-startup", ev, k8s, "Killing", "Container web failed startup probe", web, 0, 0, "probe-killing");
    row("oomkilling", ev, k8s, "OOMKilling", "Memory cgroup out of memory", web, 0, FlagWarning, "oom-kill");
    row("oomkilled-event", ev, k8s, "OOMKilled", "", web, 0, FlagWarning, "oom-kill");
    row("started", ev, k8s, "Started", "Started container web", web, 0, 0, "started");
    row("backoff", ev, k8s, "BackOff", "Back-off restarting failed container", web, 0, FlagWarning, "restart");
    row("restarted", ev, k8s, "Restarted", "", web, 0, 0, "restart");
    row("scaled-up", ev, k8s, "ScalingReplicaSet", "Scaled up replica set web-5c4b to 3", "Deployment/web", 0, 0, "rollout");
    row("scaled-down", ev, k8s, "ScalingReplicaSet", "Scaled down replica set web-77aa to 0", "Deployment/web", 0, 0,
        "rollout");
    row("rescale", ev, k8s, "SuccessfulRescale", "New size: 5", "HorizontalPodAutoscaler/web", 0, 0, "hpa-rescale");
    row("readiness", ev, k8s, "Unhealthy", "Readiness probe failed: HTTP probe failed", web, 0, FlagWarning,
        "readiness-failed");
    row("liveness", ev, k8s, "Unhealthy", "Liveness probe failed: connection refused", web, 0, FlagWarning,
        "liveness-failed");
    row("probe-error", ev, k8s, "ProbeError", "Readiness probe error", web, 0, FlagWarning, "readiness-failed");
    row("coredns-warning", ev, k8s, "BackOff", "Back-off restarting", "Pod/coredns-5d78", 0, FlagWarning, "dns-trouble");
    row("coredns-normal", ev, k8s, "Started", "Started container coredns", "Pod/coredns-5d78", 0, 0, "started");
    row("kube-dns-killing", ev, k8s, "Killing", "Stopping container", "Pod/kube-dns-1", 0, 0, "killing");
    row("scheduled", ev, k8s, "Scheduled", "Successfully assigned", web, 0, 0, "(none)");
    row("pulled", ev, k8s, "Pulled", "Container image already present", web, 0, 0, "(none)");
    row("term-oomkilled", pods, term, "OOMKilled", "", "web-1", 137, 0, "oom-kill");
    row("term-137", pods, term, "Error", "", "web-1", 137, 0, "exit-137");
    row("term-143", pods, term, "Error", "", "web-1", 143, 0, "exit-143");
    row("term-1", pods, term, "Error", "", "web-1", 1, 0, "terminated");
    row("term-completed", pods, term, "Completed", "", "web-1", 0, 0, "terminated");
    row("start-first", pods, start, "Started", "web", "web-1", 0, 0, "started");
    row("start-restarted", pods, start, "Restarted", "web", "web-1", 0, 0, "restart");

    const int nginxError = int(SourceFormat::NginxError), controllerLog = int(SourceFormat::ControllerLog);
    using namespace ControllerCategory;
    for (int f : {nginxError, controllerLog}) {
        const char *p = f == nginxError ? "nginx-error/" : "controller-log/";
        auto tag = [&](const char *c) { return QByteArray(p) + c; };
        row(tag(Reload).constData(), f, log, Reload, "", {}, 0, 0, "reload");
        row(tag(ReloadFailed).constData(), f, log, ReloadFailed, "", {}, 0, 0, "reload-failed");
        row(tag(NoEndpoints).constData(), f, log, NoEndpoints, "", {}, 0, 0, "no-endpoints");
        row(tag(UpstreamEof).constData(), f, log, UpstreamEof, "", {}, 0, 0, "upstream-eof");
        row(tag(Panic).constData(), f, log, Panic, "", {}, 0, 0, "panic");
        row(tag(Shutdown).constData(), f, log, Shutdown, "", {}, 0, 0, "(none)");
        row(tag(Start).constData(), f, log, Start, "", {}, 0, 0, "(none)");
        row(tag(UpstreamRefused).constData(), f, log, UpstreamRefused, "", {}, 0, 0, "(none)");
        row(tag(UpstreamTimeout).constData(), f, log, UpstreamTimeout, "", {}, 0, 0, "(none)");
        row(tag(Dns).constData(), f, log, Dns, "", {}, 0, 0, "(none)");
        row(tag(Other).constData(), f, log, Other, "", {}, 0, 0, "(none)");
        row(tag("empty").constData(), f, log, "", "", {}, 0, 0, "(none)");
    }
    // A controller category on a record that is not a controller log line is no event.
    row("upstream-error-line", nginxError, int(EventKind::UpstreamError), Reload, "", {}, 0, 0, "(none)");
    row("request-with-reason", int(SourceFormat::Alb), int(EventKind::Request), Reload, "", {}, 502, 0, "(none)");
    row("k8s-log-message", ev, log, Reload, "", {}, 0, 0, "(none)");
    row("access-log-message", int(SourceFormat::NginxIngress), log, Panic, "", {}, 0, 0, "(none)");
}

void TstEventClass::classifiesEveryKindAndReason()
{
    QFETCH(int, format);
    QFETCH(int, kind);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, object);
    QFETCH(int, status);
    QFETCH(int, flags);
    QFETCH(QString, expected);
    Record r;
    r.kind = EventKind(kind);
    r.time = Timestamp{kT0};
    r.reason = reason;
    r.text = text;
    r.object = object;
    r.ns = "shop";
    r.status = qint16(status);
    r.flags = quint8(flags);
    QCOMPARE(name(classOf(SourceFormat(format), r)), expected);
}

void TstEventClass::idsLabelsAndGroups()
{
    QSet<QString> ids;
    for (int k = 0; k < kEventClassCount; ++k) {
        const EventClass c = EventClass(k);
        const QString id = eventClassId(c);
        QVERIFY2(!id.isEmpty() && !eventClassLabel(c).isEmpty() && !eventClassShortLabel(c).isEmpty()
                     && !eventClassPlural(c).isEmpty(),
                 qPrintable(QString::number(k)));
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids.insert(id);
        QVERIFY(eventClassFromId(id) == std::optional<EventClass>(c));
        // Restart-like classes are the four published groups of matching.byKind.
        QCOMPARE(isRestartLike(c), matchingGroups().contains(matchingGroup(c)));
    }
    QVERIFY(!eventClassFromId(u"other"));
    QCOMPARE(matchingGroups(), strings({"restart", "oomKill", "killing", "rollout"}));
    QCOMPARE(matchingGroup(EventClass::Killing), QStringLiteral("killing"));
    QCOMPARE(matchingGroup(EventClass::Exit137), QStringLiteral("oomKill"));
    QCOMPARE(matchingGroup(EventClass::Exit143), QStringLiteral("restart"));
    QCOMPARE(matchingGroup(EventClass::Rollout), QStringLiteral("rollout"));
    for (EventClass c : {EventClass::Started, EventClass::ReadinessFailed, EventClass::HpaRescale, EventClass::ProxyReload,
                         EventClass::NoEndpoints, EventClass::UpstreamEof, EventClass::ProxyPanic, EventClass::ReloadFailed})
        QVERIFY2(!isRestartLike(c), qPrintable(eventClassId(c)));
    // Every class but Started is a marker; the controller classes are told apart.
    for (int k = 0; k < kEventClassCount; ++k)
        QCOMPARE(isMarkerClass(EventClass(k)), EventClass(k) != EventClass::Started);
    QVERIFY(isControllerClass(EventClass::ProxyReload) && isControllerClass(EventClass::ProxyPanic));
    QVERIFY(!isControllerClass(EventClass::OomKill) && !isControllerClass(EventClass::Started));
}

void TstEventClass::collectedStartsOfRestartedContainersAreRestarts()
{
    EventStore store;
    auto ev = source(SourceFormat::K8sEvents, QStringLiteral("/b/events.json"));
    ev->append(k8sEvent(30 * kSec, "Started", "Started container web", "Pod/web-2")); // a new pod
    Record repeated = k8sEvent(20 * kSec, "Started", "Started container web", "Pod/web-3");
    repeated.count = 4; // started four times: restarts
    ev->append(repeated);
    ev->append(k8sEvent(10 * kSec, "Started", "Started container web", "Pod/web-1"));
    ev->append(k8sEvent(5 * kSec, "BackOff", "Back-off restarting failed container", "Pod/web-1", FlagWarning));
    auto pods = source(SourceFormat::K8sPods, QStringLiteral("/b/pods.json"));
    pods->append(pod(EventKind::PodTermination, 40 * kSec, "Error", 143, "web-4"));
    pods->append(pod(EventKind::PodStart, 50 * kSec, "Started", 0, "web-4"));
    pods->append(pod(EventKind::PodStart, 60 * kSec, "Started", 0, "web-5"));
    store.add(std::move(ev));
    store.add(std::move(pods));

    const std::vector<ClassifiedEvent> events = collectEvents(store, nullptr);
    QCOMPARE(described(events), strings({"5 restart", "10 restart", "20 restart", "30 started", "40 exit-143", "50 restart",
                               "60 started"}));
    QCOMPARE(events[2].count, 4);
}

// The demo's third kill: the node's OOMKilling event and the pod's OOMKilled termination at the
// same second are one kill; a node kill 60 s away from any pod's stays, as does a repeated one.
void TstEventClass::oneOomKillSeenTwiceIsOneEvent()
{
    EventStore store;
    auto ev = source(SourceFormat::K8sEvents, QStringLiteral("/b/events.json"));
    const QByteArray oom = "Memory cgroup out of memory: Killed process 22836 (nginx)";
    ev->append(k8sEvent(100 * kSec, "OOMKilling", oom, "Node/ip-10-0-1-7", FlagWarning));
    ev->append(k8sEvent(200 * kSec, "OOMKilling", oom, "Node/ip-10-0-1-7", FlagWarning));
    Record repeated = k8sEvent(400 * kSec, "OOMKilling", oom, "Node/ip-10-0-1-7", FlagWarning);
    repeated.count = 3; // three kills folded by the API: not one seen twice
    ev->append(repeated);
    auto pods = source(SourceFormat::K8sPods, QStringLiteral("/b/pods.json"));
    pods->append(pod(EventKind::PodTermination, 202 * kSec, "OOMKilled", 137, "web-4"));
    pods->append(pod(EventKind::PodTermination, 401 * kSec, "OOMKilled", 137, "web-5"));
    pods->append(pod(EventKind::PodTermination, 300 * kSec, "OOMKilled", 137, "web-6"));
    // A node-wide OOM: two node events and one pod kill (pod status keeps the last only); one
    // pod kill absorbs one node event, so two kills remain.
    ev->append(k8sEvent(500 * kSec, "OOMKilling", oom, "Node/ip-10-0-1-8", FlagWarning));
    ev->append(k8sEvent(502 * kSec, "OOMKilling", oom, "Node/ip-10-0-1-8", FlagWarning));
    pods->append(pod(EventKind::PodTermination, 501 * kSec, "OOMKilled", 137, "web-7"));
    store.add(std::move(ev));
    store.add(std::move(pods));
    const std::vector<ClassifiedEvent> events = collectEvents(store, nullptr);
    qint64 kills = 0;
    for (const ClassifiedEvent &e : events)
        kills += e.count;
    QCOMPARE(described(events), strings({"100 oom-kill", "202 oom-kill", "300 oom-kill", "400 oom-kill", "401 oom-kill",
                                         "501 oom-kill", "502 oom-kill"}));
    QCOMPARE(kills, 3 + 1 + 1 + 1 + 1 + 1 + 1); // 9 kills reported in 11: the kills at 200 s and 500 s once
}

// The proxies' own words when told to stop: ingress-nginx's sigterm.go, Envoy's server, Traefik;
// a "shutting down" of something else is not one. The category names the line in its pane; it is
// no timeline event yet (no EventClass: the corpus chart at 1280x800 has no room for another lane).
void TstEventClass::proxyShutdownMessages()
{
    using namespace ControllerCategory;
    QCOMPARE(classifyControllerMessage("\"Received SIGTERM, shutting down\""), Shutdown);
    QCOMPARE(classifyControllerMessage("caught ENVOY_SIGTERM"), Shutdown);
    QCOMPARE(classifyControllerMessage("Stopping server gracefully"), Shutdown);
    QCOMPARE(classifyControllerMessage("\"Shutting down controller queues\""), Other);
    QCOMPARE(classifyControllerMessage("Backend successfully reloaded"), Reload);
}

// Go's resolver error ("dial tcp: lookup NAME on SERVER:53: reason") is DNS trouble whatever its
// reason: a lookup's "i/o timeout" or "connection refused" is the resolver's, not an upstream's.
// Lines pasted in public threads, verbatim:
//   - wollomatic/socket-proxy#19 (Traefik v3, zerolog text): https://github.com/wollomatic/socket-proxy/issues/19
//   - jittering/traefik-kop#94 (Traefik's JSON log): https://github.com/jittering/traefik-kop/issues/94
//   - Dabz/ccloudexporter#90 (a Go client's lookup timeout, JSON): https://github.com/Dabz/ccloudexporter/issues/90
//   - traefik/traefik#7102 (a refused connection to a pod): https://github.com/traefik/traefik/issues/7102
//   - traefik/traefik#4426 (its title: a connection that timed out): https://github.com/traefik/traefik/issues/4426
// and the shapes Traefik v2 writes as it answers a 502 for a name that fails (logfmt, debug level).
void TstEventClass::goResolverErrorsAreDns()
{
    using namespace ControllerCategory;
    const QByteArray socketProxy =
        "2024-05-11T12:45:24+03:00 ERR github.com/traefik/traefik/v3/pkg/provider/docker/pdocker.go:156 > Provider error, "
        "retrying in 713.656912ms error=\"error during connect: Get \\\"http://t-docker-socket-proxy:2375/v1.24/version\\\": "
        "dial tcp: lookup t-docker-socket-proxy on 127.0.0.11:53: server misbehaving\" providerName=docker";
    QCOMPARE(classifyControllerMessage(socketProxy), Dns);
    QCOMPARE(goDnsLookupName(socketProxy), QByteArrayView("t-docker-socket-proxy"));
    const QByteArray kop =
        "{\"level\":\"error\",\"providerName\":\"docker\",\"error\":\"error during connect: Get \\\"http://socket-proxy:2375/v1.51/version\\\": "
        "dial tcp: lookup socket-proxy on 127.0.0.11:53: no such host\",\"time\":\"2026-04-24T13:11:43Z\",\"message\":\"Failed to "
        "retrieve information of the docker client and server host\"}";
    QCOMPARE(classifyControllerMessage(kop), Dns);
    QCOMPARE(goDnsLookupName(kop), QByteArrayView("socket-proxy"));
    const QByteArray ccloud =
        "\"error\": \"Get \\\"https://api.telemetry.confluent.cloud/v2/metrics/cloud/descriptors/resources\\\": dial tcp: lookup "
        "api.telemetry.confluent.cloud on 127.0.0.11:53: read udp 127.0.0.1:57113-\\u003e127.0.0.11:53: i/o timeout\",";
    QCOMPARE(classifyControllerMessage(ccloud), Dns); // was upstream-timeout
    QCOMPARE(goDnsLookupName(ccloud), QByteArrayView("api.telemetry.confluent.cloud"));
    const QByteArray refused = "level=debug msg=\"'502 Bad Gateway' caused by: dial tcp 10.244.0.146:5000: connect: connection refused\"";
    QCOMPARE(classifyControllerMessage(refused), UpstreamRefused);
    QVERIFY(goDnsLookupName(refused).isEmpty());
    QCOMPARE(classifyControllerMessage("'504 Gateway Timeout' caused by: dial tcp 192.168.0.3:80: i/o timeout"), UpstreamTimeout);

    const QByteArray misbehaving = "time=\"2026-11-21T10:02:05Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp: lookup "
                                   "storefront.shop.svc.cluster.local on 172.20.0.10:53: server misbehaving\"";
    QCOMPARE(classifyControllerMessage(misbehaving), Dns);
    QCOMPARE(goDnsLookupName(misbehaving), QByteArrayView("storefront.shop.svc.cluster.local"));
    const QByteArray timeout = "time=\"2026-11-21T10:02:35Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp: lookup "
                               "storefront.shop.svc.cluster.local on 172.20.0.10:53: read udp 10.196.89.248:33880->172.20.0.10:53: "
                               "i/o timeout\"";
    QCOMPARE(classifyControllerMessage(timeout), Dns); // was upstream-timeout
    const QByteArray dnsRefused = "msg=\"'502 Bad Gateway' caused by: dial tcp: lookup storefront on 10.96.0.10:53: dial udp "
                                  "10.96.0.10:53: connect: connection refused\"";
    QCOMPARE(classifyControllerMessage(dnsRefused), Dns); // was upstream-refused
    QCOMPARE(goDnsLookupName(dnsRefused), QByteArrayView("storefront"));
    // not a resolver error: other "lookup" words
    QCOMPARE(classifyControllerMessage("nslookup storefront on 10.96.0.10:53: i/o timeout"), UpstreamTimeout);
    QCOMPARE(classifyControllerMessage("lookup of service storefront failed: i/o timeout"), UpstreamTimeout);
    QVERIFY(goDnsLookupName("cache lookup took 3 ms").isEmpty());
}

void TstEventClass::chartMarkersAreTheMarkerClasses()
{
    EventStore store;
    store.add(albWith502s({100, 101, 300}));
    auto ev = source(SourceFormat::K8sEvents, QStringLiteral("/b/events.json"));
    ev->append(k8sEvent(90 * kSec, "Killing", "Stopping container web"));
    ev->append(k8sEvent(95 * kSec, "Started", "Started container web", "Pod/web-9")); // not a marker
    ev->append(k8sEvent(200 * kSec, "ScalingReplicaSet", "Scaled up replica set web-5c4b to 3", "Deployment/web"));
    auto nginx = source(SourceFormat::NginxError, QStringLiteral("/b/ingress-nginx/controller.log"));
    nginx->append(controller(120 * kSec, ControllerCategory::Reload));
    nginx->append(controller(121 * kSec, ControllerCategory::Other));
    nginx->append(controller(122 * kSec, ControllerCategory::ReloadFailed));
    auto traefik = source(SourceFormat::ControllerLog, QStringLiteral("/b/traefik/traefik.log"));
    traefik->append(controller(299 * kSec, ControllerCategory::UpstreamEof));
    traefik->append(controller(310 * kSec, ControllerCategory::NoEndpoints));
    traefik->append(controller(400 * kSec, ControllerCategory::Panic));
    traefik->append(controller(401 * kSec, ControllerCategory::UpstreamTimeout));
    store.add(std::move(ev));
    store.add(std::move(nginx));
    store.add(std::move(traefik));
    const Analysis analysis(store, {});
    PostmortemInput input;
    input.analysis = &analysis;
    input.notes.append(PinnedNote{kT0 + 250 * kSec, QStringLiteral("a note")});
    const ChartData chart = buildChartData(input);

    QStringList got;
    for (const ChartMarker &m : chart.markers)
        got << QStringLiteral("%1 %2").arg((m.us - kT0) / kSec).arg(m.cls ? eventClassId(*m.cls) : QStringLiteral("note"));
    QCOMPARE(got, strings({"90 killing", "120 reload", "122 reload-failed", "200 rollout", "250 note",
                               "299 upstream-eof", "310 no-endpoints", "400 panic"}));
    QCOMPARE(chartMarkerLabel(chart.markers[1]), eventClassShortLabel(EventClass::ProxyReload));
    QCOMPARE(chartMarkerLabel(chart.markers[4]), QStringLiteral("note"));

    // The chart's markers are exactly the marker classes of the collected events (the same
    // collection the timeline and the evidence read).
    qsizetype n = 0;
    for (const ClassifiedEvent &e : collectEvents(store, &analysis.timeline())) {
        if (!isMarkerClass(e.cls))
            continue;
        const auto it = std::find_if(chart.markers.begin(), chart.markers.end(),
                                     [&](const ChartMarker &m) { return m.us == e.us && m.cls == e.cls; });
        QVERIFY2(it != chart.markers.end(), qPrintable(eventClassId(e.cls)));
        ++n;
    }
    QCOMPARE(n, qsizetype(chart.markers.size()) - 1); // all but the note
}

void TstEventClass::controllerEventsLeaveMatchingAlone()
{
    EventStore store;
    store.add(albWith502s({100, 101, 102, 300, 301, 500}));
    auto ev = source(SourceFormat::K8sEvents, QStringLiteral("/b/events.json"));
    ev->append(k8sEvent(98 * kSec, "Killing", "Stopping container web"));
    ev->append(k8sEvent(310 * kSec, "OOMKilling", "Memory cgroup out of memory", "Node/ip-10-0-1-5", FlagWarning));
    auto traefik = source(SourceFormat::ControllerLog, QStringLiteral("/b/traefik/traefik.log"));
    for (int t : {99, 299, 499, 501})
        traefik->append(controller(t * kSec, ControllerCategory::Reload));
    traefik->append(controller(498 * kSec, ControllerCategory::Panic));
    store.add(std::move(ev));
    store.add(std::move(traefik));
    const Analysis analysis(store, {});
    const MatchingResult &m = analysis.matching();
    QCOMPARE(m.missingUpstream502, 6);
    QCOMPARE(m.eventCount, 2); // Killing and the OOM kill: reloads and panics are not restart-like
    QCOMPARE(m.matched, 5);
    QCOMPARE(m.byGroup(QStringLiteral("killing")), 3);
    QCOMPARE(m.byGroup(QStringLiteral("oomKill")), 2);
    QCOMPARE(m.byKind[0] + m.byKind[1] + m.byKind[2] + m.byKind[3], m.matched);
    QCOMPARE(m.byClass[size_t(EventClass::Killing)], 3);
    for (const MatchedPair &p : m.pairs)
        QVERIFY(isRestartLike(p.event.cls));
}

void TstEventClass::controllerEventsInTheEvidence()
{
    // 502s within a few seconds after proxy reloads, a panic with 502s around it, "no active
    // endpoint" lines and upstream EOFs: each shows in the evidence of the causes it speaks to.
    QList<int> errors;
    for (int reload : {60, 180, 300, 420, 540})
        errors << reload + 1 << reload + 3;
    for (int t = 470; t < 476; ++t)
        errors << t; // around the panic
    EventStore store;
    store.add(albWith502s(errors));
    auto traefik = source(SourceFormat::ControllerLog, QStringLiteral("/b/traefik/traefik.log"));
    for (int reload : {60, 180, 300, 420, 540})
        traefik->append(controller(reload * kSec, ControllerCategory::Reload));
    traefik->append(controller(468 * kSec, ControllerCategory::Panic));
    traefik->append(controller(182 * kSec, ControllerCategory::UpstreamEof));
    traefik->append(controller(183 * kSec, ControllerCategory::NoEndpoints));
    store.add(std::move(traefik));
    const Analysis analysis(store, {});
    const Evidence e(analysis);
    QCOMPARE(e.reloads().events, 5);
    QCOMPARE(e.reloads().matched, 10);
    QCOMPARE(e.proxyPanics().matched, 6);
    QCOMPARE(e.noEndpoints().events, 1);
    // The controller events are not Kubernetes ties.
    QCOMPARE(e.eventTie(), 0.0);

    const QList<CauseScore> causes = rankCauses(e);
    auto cause = [&](const QString &id) {
        for (const CauseScore &c : causes)
            if (c.id == id)
                return c;
        return CauseScore{};
    };
    const CauseScore keepalive = cause(QStringLiteral("keepalive-mismatch"));
    QVERIFY2(keepalive.evidence.join(u'\n').contains(QLatin1String("after a proxy configuration reload")),
             qPrintable(keepalive.evidence.join(u'\n')));
    QVERIFY(keepalive.evidence.join(u'\n').contains(QLatin1String("1 upstream connections closed or reset")));
    QVERIFY2(keepalive.score > 0, qPrintable(QString::number(keepalive.score)));
    const CauseScore oom = cause(QStringLiteral("oom-crash"));
    QVERIFY2(oom.evidence.join(u'\n').contains(QLatin1String("1 panics or fatal errors of the proxy, 1 with 502s")),
             qPrintable(oom.evidence.join(u'\n')));
    QVERIFY(oom.score > 0);
    for (const QString &id : {QStringLiteral("pod-not-ready"), QStringLiteral("graceful-shutdown")})
        QVERIFY2(cause(id).evidence.join(u'\n').contains(QLatin1String("no active endpoint")), qPrintable(id));
}

QTEST_GUILESS_MAIN(TstEventClass)
#include "tst_eventclass.moc"
