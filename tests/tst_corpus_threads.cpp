// What matters in the real log lines of tests/data/corpus that users pasted in public issue threads
// (ingress-nginx, Traefik, Kubernetes, the AWS Load Balancer Controller; Via T in
// tests/data/corpus/PROVENANCE.md): the controller event a Traefik "caused by" line is, the pod a
// `kubectl logs --prefix` names, the rows of `kubectl get events` / `kubectl events` tables, the
// X-Amzn-Trace-Id Root an ALB or nginx line carries. Envoy and Istio threads:
// tst_corpus_threads_envoy. The per-line accounting is tst_corpus.
#include "corpustestutil.h"

#include "analysis/eventclass.h"
#include "analysis/traceids.h"
#include "formats/envoyparser.h"
#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "ingest/sourcereader.h"

#include <QDateTime>
#include <QTimeZone>
#include <QTest>

using namespace gateline;
using namespace corpustest;

class TestCorpusThreads : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // traefik/traefik#3237: Traefik 1.6/1.7's own logrus lines at debug level, as `docker logs`
    // shows them: the error handler's "'502 Bad Gateway' caused by: EOF" (the upstream closed the
    // connection) and oxy's round-trip line for the same request. The first is a controller event
    // of the upstream-EOF class (evidence for the keep-alive cause); the round trip is a plain
    // controller line, no event.
    void traefikCausedByEof()
    {
        const SourceReadResult r = readSourceFile(corpusPath("controller-log/traefik-issue-3237-caused-by-eof.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.kind(0), EventKind::LogMessage);
        QCOMPARE(s.time(0).us, qint64(1531799874) * kSecond); // time="2018-07-17T03:57:54Z"
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("upstream-eof"));
        QVERIFY(str(s, SourceData::Text, 0).contains("'502 Bad Gateway' caused by: EOF"));
        QVERIFY(classifyEvent(s, 0) == EventClass::UpstreamEof);
        QVERIFY(str(s, SourceData::Text, 1).contains("Round trip: http://172.18.0.5:8000, code: 502"));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("other"));
        QVERIFY(!classifyEvent(s, 1));
        QCOMPARE(s.time(1).us, s.time(0).us);
    }
    // kubernetes/kubernetes#123874: `kubectl logs --prefix` over an nginx Deployment: every line
    // carries "[pod/y-844fbc9777-vhl79/nginx] ". The prefix is taken off and names the replica; the
    // image's docker-entrypoint.sh start-up lines are no log of ours (rejected), nginx's own
    // [notice] lines are NGINX error-log records at their own (local, here UTC) time.
    void kubectlPrefixNginxStartup()
    {
        const QString path = corpusPath("streams/kubernetes-pr-123874-kubectl-prefix-nginx.log");
        const QByteArray bytes = testutil::readAll(path);
        QCOMPARE(LineUnwrapper::detect(bytes, &isKnownLine), Wrapper::KubectlPrefix);
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::NginxError);
        QCOMPARE(s.pod, QStringLiteral("y-844fbc9777-vhl79"));
        QCOMPARE(s.wrapper, QStringLiteral("kubectl logs --prefix"));
        QCOMPARE(s.size(), qsizetype(5));
        QCOMPARE(s.rejected.total, qint64(7));
        QCOMPARE(s.rejected.byReason.value(
                     QStringLiteral("output of the container image's start-up script (docker-entrypoint.sh), no log record")),
                 qint64(7));
        for (qsizetype i = 0; i < s.size(); ++i)
            QCOMPARE(s.time(i).us, qint64(1709845816) * kSecond); // 2024/03/07 21:10:16
        QVERIFY(str(s, SourceData::Text, 0).contains("using the \"epoll\" event method"));
        QVERIFY(str(s, SourceData::Text, 4).contains("getrlimit(RLIMIT_NOFILE): 1048576:1048576"));

        LineUnwrapper prefix(Wrapper::KubectlPrefix);
        UnwrappedLine u;
        QString why;
        const QList<QByteArray> lines = bytes.split('\n');
        QVERIFY(prefix.unwrap(lines[0], &u, &why));
        QCOMPARE(u.pod.toByteArray(), QByteArray("y-844fbc9777-vhl79"));
        QCOMPARE(u.container.toByteArray(), QByteArray("nginx"));
        QCOMPARE(u.content.toByteArray(), QByteArray("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"));
        QCOMPARE(u.time.us, qint64(0)); // --prefix without --timestamps: no node time
        QVERIFY(!isKnownLine(u.content));
        QVERIFY(prefix.unwrap(lines[9], &u, &why));
        QCOMPARE(u.content.toByteArray(), QByteArray("2024/03/07 21:10:16 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) "));
        QVERIFY(isKnownLine(u.content));
    }
    // geerlingguy/ansible-for-kubernetes#75: `kubectl logs -l app=echo-req --prefix=true` over two
    // replicas of an nginx echo app: one combined access line (nginx's default "main" format, with
    // $http_x_forwarded_for last) from each. Each pod becomes a sub-source of its own.
    void kubectlPrefixTwoReplicas()
    {
        const SourceReadResult r = readSourceFile(corpusPath("streams/ansible-for-kubernetes-issue-75-kubectl-prefix-echo.log"));
        QCOMPARE(r.sources.size(), size_t(2));
        QMap<QString, const SourceData *> byPod;
        for (const auto &s : r.sources) {
            byPod.insert(s->pod, s.get());
            QCOMPARE(s->format, SourceFormat::NginxAccess);
            QCOMPARE(s->wrapper, QStringLiteral("kubectl logs --prefix"));
            QCOMPARE(s->size(), qsizetype(1));
            QCOMPARE(s->rejected.total, qint64(0));
            QCOMPARE(s->status(0), qint16(200));
            QCOMPARE(str(*s, SourceData::Client, 0), QByteArray("172.17.0.1"));
            QCOMPARE(str(*s, SourceData::Method, 0), QByteArray("GET"));
        }
        QCOMPARE(byPod.keys(), QStringList({QStringLiteral("echo-req-7cfd7bf68f-dhrwd"), QStringLiteral("echo-req-7cfd7bf68f-nk5kr")}));
        const SourceData &a = *byPod.value(QStringLiteral("echo-req-7cfd7bf68f-nk5kr"));
        const SourceData &b = *byPod.value(QStringLiteral("echo-req-7cfd7bf68f-dhrwd"));
        QCOMPARE(str(a, SourceData::Path, 0), QByteArray("/test"));
        QCOMPARE(a.time(0).us, qint64(1606065545) * kSecond); // [22/Nov/2020:17:19:05 +0000]
        QCOMPARE(str(b, SourceData::Path, 0), QByteArray("/anothertest"));
        QCOMPARE(b.time(0).us, qint64(1606065721) * kSecond); // [22/Nov/2020:17:22:01 +0000]
    }
    // coreweave/kubernetes-cloud#125: `kubectl events` (kubectl 1.26+, not `get events`): a wide
    // LAST SEEN column (room for "(x4 over 10m)"), OBJECT as Kind/name with the Kind capitalised
    // (Route, Service, Configuration: Knative kinds), no NAMESPACE column. Six Normal rows of one
    // KServe rollout, 104s and 103s before the capture time.
    void kubectlEventsKindSlashName()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2023, 1, 15), QTime(12, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/coreweave-kubernetes-cloud-issue-125-kubectl-events.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(6));
        QCOMPARE(s.rejected.total, qint64(0));
        const qint64 capture = QDateTime(QDate(2023, 1, 15), QTime(12, 0), QTimeZone::UTC).toSecsSinceEpoch() * kSecond;
        const QList<QByteArray> reasons{"FinalizerUpdate", "Created", "Created", "Created", "SuccessfulCreate", "ScalingReplicaSet"};
        const QList<QByteArray> objects{"Route/stable-diffusion-predictor-default", "Service/stable-diffusion-predictor-default",
                                        "Service/stable-diffusion-predictor-default", "Configuration/stable-diffusion-predictor-default",
                                        "ReplicaSet/stable-diffusion-predictor-default-00001-deployment-7c8c5f54f5",
                                        "Deployment/stable-diffusion-predictor-default-00001-deployment"};
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(str(s, SourceData::Reason, i), reasons[i]);
            QCOMPARE(str(s, SourceData::Object, i), objects[i]);
            QCOMPARE(s.time(i).us, capture - (i < 4 ? 104 : 103) * kSecond);
            QVERIFY(!(s.flags(i) & FlagWarning));
        }
        QCOMPARE(str(s, SourceData::Text, 3), QByteArray("Created Revision \"stable-diffusion-predictor-default-00001\""));
        QCOMPARE(str(s, SourceData::Text, 5),
                 QByteArray("Scaled up replica set stable-diffusion-predictor-default-00001-deployment-7c8c5f54f5 to 1"));
    }
    // kserve/kserve#1241: `kubectl get events` in one namespace whose newest rows kubectl aged
    // "<invalid>" (the event's time lay after the client's clock: clock skew). Such a row happened
    // about when the table was printed, so it is placed at the capture time, with a note; the other
    // rows keep their ages. Objects are lower-case kind/name and read with the Kind canonicalised.
    void getEventsInvalidAge()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2020, 12, 8), QTime(12, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kserve-issue-1241-get-events-invalid-age.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        // The two newest rows are aged "<invalid>" (newer than kubectl's clock): at the capture time,
        // with a note saying so.
        QCOMPARE(s.size(), qsizetype(5));
        QCOMPARE(s.rejected.total, qint64(0));
        QVERIFY2(s.notes.join(u'|').contains(QLatin1String("2 event(s) aged <invalid>")), qPrintable(s.notes.join(u'|')));
        const qint64 capture = QDateTime(QDate(2020, 12, 8), QTime(12, 0), QTimeZone::UTC).toSecsSinceEpoch() * kSecond;
        const QList<qint64> ages{70, 69, 29, 0, 0};
        const QList<QByteArray> reasons{"SuccessfulCreate", "Scheduled", "Pulling", "Pulled", "Created"};
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(str(s, SourceData::Reason, i), reasons[i]);
            QCOMPARE(s.time(i).us, capture - ages[i] * kSecond);
        }
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("ReplicaSet/sklearn-iris-predictor-default-t2pcq-deployment-59d89d6669"));
        QCOMPARE(str(s, SourceData::Object, 2), QByteArray("Pod/sklearn-iris-predictor-default-t2pcq-deployment-59d89d6669wkjc5"));
        QCOMPARE(str(s, SourceData::Text, 2),
                 QByteArray("Pulling image \"gcr.docker.prod.walmart.com/kfserving/storage-initializer:v0.3.0\""));
    }
    // kubernetes/kubernetes#29838: `kubectl get events` as kubectl 1.3 printed it, the header's
    // words unspaced (LASTSEEN FIRSTSEEN COUNT NAME KIND SUBOBJECT TYPE REASON SOURCE MESSAGE), the
    // NAME column the involved object's name, sources in braces. Four rows of one pod, all 13m
    // before the capture time.
    void getEventsKubectl13Columns()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2016, 8, 1), QTime(0, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kubernetes-issue-29838-get-events-1.3-columns.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(4));
        QCOMPARE(s.rejected.total, qint64(0));
        const QList<QByteArray> reasons{"Scheduled", "Pulling", "Pulled", "Created"};
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(s.time(i).us, (qint64(1470009600) - 13 * 60) * kSecond);
            QCOMPARE(str(s, SourceData::Object, i), QByteArray("Pod/nginx-deployment-3392909933-1tfwp"));
            QCOMPARE(str(s, SourceData::Reason, i), reasons[i]);
            QVERIFY(!(s.flags(i) & FlagWarning));
        }
        QCOMPARE(str(s, SourceData::Text, 0),
                 QByteArray("Successfully assigned nginx-deployment-3392909933-1tfwp to kubernetes-minion-group-kcbf"));
        QCOMPARE(str(s, SourceData::Text, 1), QByteArray("pulling image \"nginx\""));
        QCOMPARE(str(s, SourceData::Text, 3), QByteArray("Created container with docker id 0f5fc6ae789f"));
    }
    // kubernetes/ingress-nginx#13194: `kubectl get events -A` (NAMESPACE first) with the user's
    // shell prompt above it, on a fresh single-node cluster: the kubelet's node events, one of
    // them a Warning. The prompt is the only line that is no row; every row is 105s old.
    void getEventsAllNamespaces()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2025, 4, 14), QTime(12, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/ingress-nginx-issue-13194-get-events-A.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(6));
        QCOMPARE(s.rejected.total, qint64(1));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(1));
        const qint64 capture = qint64(1744632000) * kSecond;
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(str(s, SourceData::Namespace, i), QByteArray("default"));
            QCOMPARE(str(s, SourceData::Object, i), QByteArray("Node/hikashi-pc"));
            QCOMPARE(s.time(i).us, capture - 105 * kSecond);
            QCOMPARE(bool(s.flags(i) & FlagWarning), i == 1);
        }
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("Starting"));
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("Starting kubelet."));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("InvalidDiskCapacity"));
        QCOMPARE(str(s, SourceData::Text, 1), QByteArray("invalid capacity 0 on image filesystem"));
        QCOMPARE(str(s, SourceData::Reason, 5), QByteArray("NodeAllocatableEnforced"));
    }
    // kubernetes/ingress-nginx#6279: `kubectl get events -A` rows pasted without their header, in
    // four namespaces: ingress-nginx's CREATE events for Ingresses (emitted when a node was
    // recycled). Read by the shape of the rows alone; every row is "0s" old.
    void getEventsAllNamespacesWithoutHeader()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2020, 10, 5), QTime(0, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/ingress-nginx-issue-6279-get-events-A-no-header.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(5));
        QCOMPARE(s.rejected.total, qint64(0));
        const QList<QByteArray> namespaces{"monitoring", "kuberos", "monitoring", "starter-pack", "monitoring"};
        const QList<QByteArray> objects{"Ingress/alertmanager-proxy-oauth2-proxy", "Ingress/kuberos", "Ingress/prometheus-operator-grafana",
                                        "Ingress/helloworld", "Ingress/prometheus-proxy-oauth2-proxy"};
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QCOMPARE(str(s, SourceData::Reason, i), QByteArray("CREATE"));
            QCOMPARE(str(s, SourceData::Namespace, i), namespaces[i]);
            QCOMPARE(str(s, SourceData::Object, i), objects[i]);
            QCOMPARE(s.time(i).us, qint64(1601856000) * kSecond);
            QVERIFY(!(s.flags(i) & FlagWarning));
        }
        QCOMPARE(str(s, SourceData::Text, 1), QByteArray("Ingress kuberos/kuberos"));
    }
    // kubernetes/ingress-nginx#12285: a controller's log as pasted, error and access lines
    // interleaved: each 502 access line follows the error line "upstream prematurely closed
    // connection while reading response header from upstream" for the same request (the app at
    // 10.244.3.84:5601 closed the connection). Split by line kind into two sources.
    void ingressNginxPrematurelyClosed()
    {
        const SourceReadResult r = readSourceFile(corpusPath("streams/ingress-nginx-issue-12285-prematurely-closed-502.log"));
        QCOMPARE(r.sources.size(), size_t(2));
        const SourceData *error = sourceOf(r, SourceFormat::NginxError);
        const SourceData *access = sourceOf(r, SourceFormat::NginxAccess);
        QVERIFY(error && access);
        QCOMPARE(error->size(), qsizetype(2));
        QCOMPARE(access->size(), qsizetype(2));
        QCOMPARE(error->rejected.total + access->rejected.total, qint64(0));
        for (qsizetype i = 0; i < 2; ++i) {
            QVERIFY(str(*error, SourceData::Text, i).contains("upstream prematurely closed connection"));
            QCOMPARE(str(*error, SourceData::Upstream, i), QByteArray("10.244.3.84:5601"));
            QCOMPARE(str(*error, SourceData::Host, i), QByteArray("opensearch-dashboard.hi.local"));
            QCOMPARE(str(*error, SourceData::Client, i), QByteArray("192.168.58.11"));
            QCOMPARE(access->status(i), qint16(502));
            QCOMPARE(error->time(i).us, access->time(i).us);
        }
        QCOMPARE(error->time(0).us, qint64(1730614169) * kSecond);
        QCOMPARE(str(*error, SourceData::Path, 1), QByteArray("/favicon.ico"));
        QCOMPARE(str(*access, SourceData::Path, 1), QByteArray("/favicon.ico"));
    }
    // kubernetes/ingress-nginx#9877: an upstreaminfo access line and its error line as a user
    // pasted them with their own redactions ("[XXX] [] XXX" for the upstream name and address,
    // "client: XXX server: XXX," with a comma lost): the 502 came from the upstream's side
    // (upstream status 502, "upstream prematurely closed"), its $req_id is still read.
    void ingressNginxRedactedUpstreamInfo()
    {
        const QString path = corpusPath("streams/ingress-nginx-issue-9877-upstreaminfo-502-redacted.log");
        const SourceReadResult r = readSourceFile(path);
        const SourceData *access = sourceOf(r, SourceFormat::NginxIngress);
        const SourceData *error = sourceOf(r, SourceFormat::NginxError);
        QVERIFY(access && error);
        QCOMPARE(access->size(), qsizetype(1));
        QCOMPARE(error->size(), qsizetype(1));
        QCOMPARE(access->rejected.total + error->rejected.total, qint64(0));
        QCOMPARE(access->status(0), qint16(502));
        QCOMPARE(access->upstreamStatus(0), qint16(502));
        QCOMPARE(str(*access, SourceData::Path, 0), QByteArray("/api/authentication/token"));
        QCOMPARE(access->time(0).us, qint64(1681763095) * kSecond); // [17/Apr/2023:20:24:55 +0000]
        QCOMPARE(error->time(0).us, access->time(0).us);
        QVERIFY(str(*error, SourceData::Text, 0).contains("upstream prematurely closed connection"));
        QCOMPARE(str(*error, SourceData::Host, 0), QByteArray("XXX"));
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QCOMPARE(requestIdHash(lines[0]), requestIdHash("baef50777d0f3651f32233c609ad0e7e"));
    }
    // kubernetes-sigs/aws-load-balancer-controller#3095: two ALB access lines (h2, in front of
    // Contour on NodePort 31130) as the user pasted them, with the client address, the load
    // balancer's name and the account masked by hand ("xxx.xx.xx.xxx:37217", "app/xxxxxx/xxxxxx").
    // Read as ALB requests all the same; each carries its X-Amzn-Trace-Id Root, the key an ingress
    // line that logs the header is joined by.
    void albLinesWithMaskedClient()
    {
        const QString path = corpusPath("alb/aws-lbc-issue-3095-h2-masked-client.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Alb);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1678277274) * kSecond + 384610); // 2023-03-08T12:07:54.384610Z
        for (qsizetype i = 0; i < 2; ++i) {
            QCOMPARE(s.status(i), qint16(200));
            QCOMPARE(s.upstreamStatus(i), qint16(200));
            QCOMPARE(str(s, SourceData::Method, i), QByteArray("GET"));
        }
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("10.0.23.17:31130"));
        QCOMPARE(str(s, SourceData::Upstream, 1), QByteArray("10.0.44.138:31130"));
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QCOMPARE(traceRootHash(lines[0]), traceRootHash("Root=1-64087a9a-2727432954942aed221e5921"));
        QCOMPARE(traceRootHash(lines[1]), traceRootHash("Root=1-64087a9a-7bada8754382fee8409b9c2c"));
        QVERIFY(traceRootHash(lines[0]) != 0 && traceRootHash(lines[0]) != traceRootHash(lines[1]));
        std::vector<quint64> roots;
        QVERIFY(readTraceRoots(s, {0, 1}, &roots));
        QCOMPARE(roots, (std::vector<quint64>{traceRootHash(lines[0]), traceRootHash(lines[1])}));
    }
    // raster-foundry/raster-foundry#5068: the X-Amzn-Trace-Id an ALB (here: the AWS docs' example
    // value) adds, as an nginx log_format ending in "$http_x_amzn_trace_id" logs it, behind
    // docker-compose's prefix. The format has no time at all, so the file is not read (no line of
    // it can go on a timeline); the trace id's Root, not its Self, is what a line is joined by.
    void amznTraceIdInAnNginxLine()
    {
        const QString path = corpusPath("streams/raster-foundry-pr-5068-compose-nginx-amzn-trace-id.log");
        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.sources.empty());
        const QByteArray line = testutil::readAll(path).split('\n').first();
        QVERIFY(line.contains("Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678"));
        const quint64 root = traceRootHash(line);
        QVERIFY(root != 0);
        QCOMPARE(root, traceRootHash("Root=1-67891233-abcdef012345678912345678"));
        QByteArray selfOnly = line;
        selfOnly.replace("Root=1-", "Rxxx=1-");
        QCOMPARE(traceRootHash(selfOnly), quint64(0)); // the Self part is no Root
    }
};

QTEST_GUILESS_MAIN(TestCorpusThreads)
#include "tst_corpus_threads.moc"
