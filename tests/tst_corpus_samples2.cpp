// What matters in the real published samples of tests/data/corpus added for the shapes issue 11
// still lacked (PROVENANCE.md, section h16): an Envoy line with response flag DC (the client closed
// the stream), an Envoy line whose upstream reset the stream after its response had begun (UPE), and
// an ALB 502 whose target never answered (target_status_code '-'); and (h17, Via T) an
// ingress-nginx stream whose 502 came from its Lua balancer, and Traefik's "caused by" lines as
// `docker service logs` (Swarm) prints them. The per-line accounting of these files is tst_corpus
// (corpus-lines.tsv, corpus-rejects.txt).
#include "corpustestutil.h"

#include "analysis/counts.h"
#include "analysis/eventclass.h"
#include "analysis/traceids.h"
#include "formats/envoyparser.h"
#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "ingest/sourcereader.h"

#include <QDateTime>
#include <QSet>
#include <QTest>
#include <QMap>
#include <QTimeZone>

using namespace gateline;
using namespace corpustest;

class TestCorpusSamples2 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // renuka-fernando/examples envoy/simple/README.md (MIT), its WebSocket section: `docker compose
    // logs -f -t` of a plain Envoy whose format puts %RESPONSE_CODE_DETAILS% after the flags. Two
    // upgraded WebSockets (101) that ended after the upstream had answered: one closed by the client
    // ("101 DC downstream_remote_disconnect", 13.3 s) and one idled out ("101 SI
    // stream_idle_timeout", 413 s), a blank line between them. The details say how the stream ended,
    // not who answered: the 101 is the upstream's (it was read as Envoy's own reply before).
    void dcWebSocketBehindCompose()
    {
        const QString path = corpusPath("streams/renuka-examples-envoy-compose-101-dc-websocket.log");
        const QByteArray bytes = testutil::readAll(path);
        QCOMPARE(LineUnwrapper::detect(bytes, &isKnownLine), Wrapper::DockerCompose);
        const SourceReadResult r = readSourceFile(path);
        QVERIFY2(r.primary(), qPrintable(r.unrecognisedReason));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.wrapper, QStringLiteral("docker compose logs"));
        QCOMPARE(s.pod, QStringLiteral("envoy-1"));
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.linesSeen, qint64(3)); // the blank line between the two blocks is counted, not rejected

        // [2024-07-21T08:32:59.547Z] ... 101 DC downstream_remote_disconnect 61 105 13342 -
        QCOMPARE(s.time(0).us, qint64(1721550779547000)); // Envoy's START_TIME, not compose's 08:33:12.906
        QCOMPARE(s.status(0), qint16(101));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("DC"));
        QCOMPARE(s.upstreamStatus(0), qint16(101));
        QCOMPARE(s.durationMs(0), 13342.0f);
        QCOMPARE(str(s, SourceData::Method, 0), QByteArray("GET"));
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("192.168.5.2:8080"));
        QCOMPARE(str(s, SourceData::Host, 0), QByteArray("localhost"));
        QVERIFY(str(s, SourceData::Text, 0).contains("e5248829-b318-443a-a763-e2460530f070"));

        // [2024-07-21T09:11:33.481Z] ... 101 SI stream_idle_timeout 100 154 413322 -
        QCOMPARE(s.time(1).us, qint64(1721553093481000));
        QCOMPARE(s.status(1), qint16(101));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("SI"));
        QCOMPARE(s.upstreamStatus(1), qint16(101));
        QCOMPARE(s.durationMs(1), 413322.0f);
        QVERIFY(str(s, SourceData::Text, 1).contains("8a458ce2-bb8d-4e80-a305-f323bbab338f"));

        // The rule behind it, on the fields of the DC line as published.
        EnvoyParser::Fields f;
        const char *why = nullptr;
        LineUnwrapper compose(Wrapper::DockerCompose);
        UnwrappedLine u;
        QString reason;
        QVERIFY(compose.unwrap(bytes.split('\n').first(), &u, &reason));
        QVERIFY(EnvoyParser::splitTextLine(u.content, &f, &why));
        QCOMPARE(f.flags.toByteArray(), QByteArray("DC"));
        QCOMPARE(f.details.toByteArray(), QByteArray("downstream_remote_disconnect"));
        QCOMPARE(int(envoyUpstreamStatus(101, f.flags, f.details, true)), 101);
        // With status 0 the same flag and details mean the client left before anyone answered.
        QCOMPARE(int(envoyUpstreamStatus(0, f.flags, f.details, true)), int(kUpstreamDash));
    }

    // The same page's "UPE: HTTP 200: Upstream Protocol Error" block: a backend that sends its 200 and
    // then breaks the stream ("200 UPE upstream_reset_after_response_started{protocol_error}", 1006 ms).
    // The 200 is the upstream's: it was read as "the upstream never answered" (upstream status '-',
    // as for the before_response_started resets) until h16.
    void upeAfterResponseStarted()
    {
        const SourceReadResult r = readSourceFile(corpusPath("streams/renuka-examples-envoy-compose-200-upe-after-response.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.wrapper, QStringLiteral("docker compose logs"));
        QCOMPARE(s.pod, QStringLiteral("envoy-1"));
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1721460238586000)); // [2024-07-20T07:23:58.586Z]
        QCOMPARE(s.status(0), qint16(200));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("UPE"));
        QCOMPARE(s.upstreamStatus(0), qint16(200));
        QCOMPARE(s.durationMs(0), 1006.0f);
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("192.168.5.2:8080"));
        QCOMPARE(str(s, SourceData::Path, 0), QByteArray("/upstream-connection-failure/after-response"));
        // The reset before the response began is still the upstream's failure.
        QCOMPARE(int(envoyUpstreamStatus(502, "UPE", "upstream_reset_before_response_started{protocol_error}", true)),
                 int(kUpstreamDash));
    }

    // tkuchiki/awslb-log-viewer examples/alb.log (MIT): two h2 ALB lines, elb_status_code 502 and
    // target_status_code '-' with processing times -1 -1 -1: the target 192.0.2.100:80 never
    // answered, so both are missing-upstream 502s made by the ALB. The example was masked and
    // edited by hand: the load balancer, target group and trace id are "xxxxxxxxxx", the
    // request_creation_time (2019) lies after the request's own time (2017), and the trailing
    // target_status_code_list fields say "502" and "200" although target_status_code is '-'.
    // Gateline goes by target_status_code; the masked trace ids are no Root and join nothing.
    void alb502TargetNeverAnswered()
    {
        const QString path = corpusPath("alb/awslb-log-viewer-examples-alb-502.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Alb);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1500886974663814)); // 2017-07-24T09:02:54.663814Z
        QCOMPARE(s.time(1).us, qint64(1500887034663814)); // one minute later
        for (qsizetype i = 0; i < 2; ++i) {
            QCOMPARE(s.status(i), qint16(502));
            QCOMPARE(s.upstreamStatus(i), qint16(kUpstreamDash));
            QVERIFY(isMissingUpstream502(s, i));
            QCOMPARE(str(s, SourceData::Method, i), QByteArray("GET"));
            QCOMPARE(str(s, SourceData::Upstream, i), QByteArray("192.0.2.100:80"));
        }
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QVERIFY(lines[0].contains("\"Root=1-xxxxxxxx-xxxxxxxxxxxx\""));
        QCOMPARE(traceRootHash(lines[0]), quint64(0));
        QCOMPARE(traceRootHash(lines[1]), quint64(0));
        QVERIFY(lines[1].endsWith("\"172.31.4.108:32797\" \"200\""));
    }

    // kubernetes/ingress-nginx#4168 (syst0m, 2019-06-07): a controller's log during an Ingress
    // update, error and access lines interleaved. The Lua balancer could not set a peer ("no host
    // allowed", the service's name instead of an endpoint), so NGINX fell back to the placeholder
    // upstream 0.0.0.1:80 ("[crit] connect() to 0.0.0.1:80 failed (22: Invalid argument)") and
    // answered 502 itself: upstream status 502 at 0.0.0.1:80 in 0.000 s. The access line is the
    // pre-0.22 upstreaminfo ("$remote_addr - [$the_real_ip] - $remote_user", no
    // [$proxy_alternative_upstream_name]). The fourth line is the next request's balancer error.
    void ingressNginxLuaBalancerNoHost()
    {
        const QString path = corpusPath("streams/ingress-nginx-issue-4168-lua-balancer-no-host-502.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(2));
        const SourceData *access = sourceOf(r, SourceFormat::NginxIngress);
        const SourceData *error = sourceOf(r, SourceFormat::NginxError);
        QVERIFY(access && error);
        QCOMPARE(access->rejected.total + error->rejected.total, qint64(0));
        QCOMPARE(access->linesSeen + error->linesSeen, qint64(4));
        QCOMPARE(access->size(), qsizetype(1));
        QCOMPARE(error->size(), qsizetype(3));

        const qint64 t = qint64(1559917948) * kSecond; // 07/Jun/2019:14:32:28 +0000
        QCOMPARE(access->time(0).us, t);
        QCOMPARE(access->status(0), qint16(502));
        QCOMPARE(access->upstreamStatus(0), qint16(502));
        QCOMPARE(str(*access, SourceData::Upstream, 0), QByteArray("0.0.0.1:80"));
        QCOMPARE(str(*access, SourceData::Client, 0), QByteArray("10.0.2.136"));
        QCOMPARE(str(*access, SourceData::Method, 0), QByteArray("GET"));
        QCOMPARE(str(*access, SourceData::Path, 0), QByteArray("/my-account"));
        QCOMPARE(access->durationMs(0), 0.0f);
        QVERIFY(requestIdHash(testutil::readAll(path).split('\n').at(2)) != 0); // $req_id 309ee66a...

        // The error lines carry the same second (local time; the access line's +0000 places it).
        for (qsizetype i = 0; i < 3; ++i) {
            QCOMPARE(error->time(i).us, t);
            QCOMPARE(str(*error, SourceData::Host, i), QByteArray("api.xxx.com"));
            QCOMPARE(str(*error, SourceData::Path, i), QByteArray("/my-account"));
        }
        QVERIFY(str(*error, SourceData::Text, 0).contains("no host allowed while connecting to upstream"));
        QCOMPARE(str(*error, SourceData::Client, 0), QByteArray("10.0.2.136"));
        QVERIFY(str(*error, SourceData::Text, 1).contains("connect() to 0.0.0.1:80 failed (22: Invalid argument)"));
        QCOMPARE(str(*error, SourceData::Upstream, 1), QByteArray("0.0.0.1:80"));
        QCOMPARE(str(*error, SourceData::Client, 2), QByteArray("10.0.2.213"));
        // None of the three is one of the upstream failures the causes weigh (refused, premature
        // close, no live upstreams, timeout, reset, DNS): the balancer had no endpoint to try.
        for (qsizetype i = 0; i < 3; ++i)
            QVERIFY2(!classifyEvent(*error, i), qPrintable(QString::number(i)));
    }

    // kubernetes/ingress-nginx#4480 (bilalmalik777, 2019-08-23): "upstream prematurely closed
    // connection" and the access line of the same request, which NGINX tried three times
    // (proxy_next_upstream) on the same pod before answering 502: upstream lists "10.240.0.89:443,
    // 10.240.0.89:443, 10.240.0.89:443 0, 0, 0 0.008, 0.004, 0.000 502, 502, 502". The last try
    // decides the upstream status. ingress-nginx 0.25's upstreaminfo: $the_real_ip in brackets and
    // the [$proxy_alternative_upstream_name] "[]" both present.
    void ingressNginxThreeTriesPrematurelyClosed()
    {
        const SourceReadResult r = readSourceFile(corpusPath("streams/ingress-nginx-issue-4480-prematurely-closed-502-three-tries.log"));
        QCOMPARE(r.sources.size(), size_t(2));
        const SourceData *access = sourceOf(r, SourceFormat::NginxIngress);
        const SourceData *error = sourceOf(r, SourceFormat::NginxError);
        QVERIFY(access && error);
        QCOMPARE(access->rejected.total + error->rejected.total, qint64(0));
        QCOMPARE(access->size(), qsizetype(1));
        QCOMPARE(error->size(), qsizetype(1));
        const qint64 t = qint64(1566348232) * kSecond; // 21/Aug/2019:00:43:52 +0000
        QCOMPARE(access->time(0).us, t);
        QCOMPARE(error->time(0).us, t);
        QCOMPARE(access->status(0), qint16(502));
        QCOMPARE(access->upstreamStatus(0), qint16(502));
        QCOMPARE(str(*access, SourceData::Upstream, 0), QByteArray("10.240.0.89:443"));
        QCOMPARE(str(*access, SourceData::Object, 0), QByteArray("dev-tt-core-web-service-dev-443"));
        QCOMPARE(str(*access, SourceData::Client, 0), QByteArray("10.240.0.35"));
        QCOMPARE(access->durationMs(0), 13.0f);
        QVERIFY(str(*error, SourceData::Text, 0).contains("upstream prematurely closed connection while reading response header"));
        QCOMPARE(str(*error, SourceData::Upstream, 0), QByteArray("10.240.0.89:443"));
        QCOMPARE(str(*error, SourceData::Reason, 0), QByteArray("upstream-prematurely-closed"));
    }

    // kubernetes/ingress-nginx#1537 (Gregy, 2017-10-16): an ingress-nginx 0.9 controller on GKE
    // whose reload failed while a service had no endpoints (the pod was restarting). Its klog lines
    // carry early glog's "ERROR: logging before flag.Parse: " in front; the failed reload's error
    // follows the klog line, framed by lines of dashes ("Error: exit status 1" and the nginx -t
    // output, whose "[emerg] no host in upstream" line is an NGINX error line of its own, with
    // nginx's stderr copy of it as continuation). Until h17: 9 of 15 lines rejected, the endpoint
    // warning and the reload lost. The stored copy cuts the pasted block after its 15th line.
    void ingressNginxReloadFailedEarlyGlog()
    {
        const QString path = corpusPath("streams/ingress-nginx-issue-1537-reload-failed-no-host-in-upstream.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(2));
        const SourceData *ctl = sourceOf(r, SourceFormat::ControllerLog);
        const SourceData *error = sourceOf(r, SourceFormat::NginxError);
        QVERIFY(ctl && error);
        QCOMPARE(ctl->rejected.total + error->rejected.total, qint64(0));
        QCOMPARE(ctl->size(), qsizetype(4));
        QCOMPARE(error->size(), qsizetype(2));

        // klog has no year: the NGINX error lines' 2017 is the stream's.
        QCOMPARE(ctl->time(0).us, qint64(1508163400) * kSecond + 842231); // W1016 14:16:40.842231
        QCOMPARE(str(*ctl, SourceData::Text, 0), QByteArray("service default/kube-lego-service does not have any active endpoints"));
        QCOMPARE(str(*ctl, SourceData::Reason, 0), QByteArray("no-endpoints"));
        QVERIFY(classifyEvent(*ctl, 0) == EventClass::NoEndpoints);
        QCOMPARE(str(*ctl, SourceData::Reason, 1), QByteArray("reload")); // backend reload required
        QVERIFY(classifyEvent(*ctl, 1) == EventClass::ProxyReload);
        // The failed reload, with its framed error block as continuation lines.
        QCOMPARE(ctl->time(2).us, qint64(1508163401) * kSecond + 92225);
        QCOMPARE(str(*ctl, SourceData::Reason, 2), QByteArray("reload-failed"));
        QVERIFY(classifyEvent(*ctl, 2) == EventClass::ReloadFailed);
        QVERIFY(ctl->flags(2) & FlagWarning);
        QVERIFY(ctl->flags(2) & FlagContinued);
        QVERIFY(str(*ctl, SourceData::Text, 2).startsWith("unexpected failure restarting the backend:"));
        QVERIFY(str(*ctl, SourceData::Text, 2).contains("Error: exit status 1"));
        QVERIFY(str(*ctl, SourceData::Text, 3).startsWith("requeuing default/kube-lego-service, err"));
        QVERIFY(str(*ctl, SourceData::Text, 3).contains("Error: exit status 1"));

        for (qsizetype i = 0; i < 2; ++i) {
            QCOMPARE(error->time(i).us, qint64(1508163401) * kSecond); // 2017/10/16 14:16:41
            QVERIFY(str(*error, SourceData::Text, i).contains("no host in upstream \"\" in /tmp/nginx-cfg898306001:1796"));
        }
        QVERIFY(error->flags(0) & FlagContinued); // "nginx: [emerg] ...", "nginx: configuration file ... test failed"
    }

    // gmeghnag/omc#183 (schabrolles, 2024-11-04): `oc events --types=Warning`, OpenShift's copy of
    // `kubectl events`: the wide LAST SEEN column holds "3m27s (x3279 over 2d20h)" (the event's last
    // time, its count, the age of its first), OBJECT is Kind/name. The command line pasted above
    // the header is no row. The stored copy cuts the table after its fourth row.
    void ocEventsRepeatCounts()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2024, 11, 4), QTime(9, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/omc-issue-183-oc-events-types-warning.txt"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(4));
        QCOMPARE(s.rejected.total, qint64(1));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(1));
        const qint64 capture = options.parse.captureTime.toSecsSinceEpoch() * kSecond;
        // object -> (age in seconds, count) as the four rows print them
        const QMap<QByteArray, QPair<qint64, qint32>> rows{
            {"Pod/common-service-db-1", {207, 3279}},
            {"Pod/elasticsea-0ac3-ib-6fb9-es-server-esnodes-2", {146, 3234}},
            {"Pod/elasticsea-0ac3-ib-6fb9-es-server-esnodes-0", {130, 3237}},
            {"Pod/elasticsea-0ac3-ib-6fb9-es-server-esnodes-1", {99, 3248}}};
        QSet<QByteArray> seen;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const QByteArray object = str(s, SourceData::Object, i);
            QVERIFY2(rows.contains(object), object.constData());
            seen.insert(object);
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
            QVERIFY(s.flags(i) & FlagWarning);
            QCOMPARE(str(s, SourceData::Reason, i), QByteArray("FailedToRetrieveImagePullSecret"));
            QVERIFY(str(s, SourceData::Text, i).startsWith("Unable to retrieve some image pull secrets (ibm-entitlement-key)"));
            QCOMPARE(s.time(i).us, capture - rows.value(object).first * kSecond);
            QCOMPARE(s.count(i), rows.value(object).second);
        }
        QCOMPARE(seen.size(), 4);
    }

    // elastic/integrations#4417 (motizuki, 2022-10-06; a user's line in the thread, not the
    // repository's content): an ingress-nginx access line as Docker's json-file driver stored it
    // under /var/log/containers, behind an ALB ("ingress-nginx-alb"). upstreaminfo with no upstream
    // name ("[-] []"), an external upstream 3.5.166.123:443 that answered 200 in 0.076 s.
    void dockerJsonIngressNginxLine()
    {
        const QString path = corpusPath("streams/elastic-integrations-issue-4417-docker-json-ingress-nginx.log");
        QCOMPARE(LineUnwrapper::detect(testutil::readAll(path), &isKnownLine), Wrapper::DockerJson);
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::NginxIngress);
        QCOMPARE(s.wrapper, QStringLiteral("Docker json-file"));
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        const qint64 second = qint64(1665027402) * kSecond; // [06/Oct/2022:03:36:42 +0000]
        QVERIFY2(s.time(0).us >= second && s.time(0).us < second + kSecond, qPrintable(QString::number(s.time(0).us)));
        QCOMPARE(s.status(0), qint16(200));
        QCOMPARE(s.upstreamStatus(0), qint16(200));
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("3.5.166.123:443"));
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray());
        QCOMPARE(str(s, SourceData::Client, 0), QByteArray("94.139.46.156"));
        QCOMPARE(str(s, SourceData::Path, 0), QByteArray("/files/legaldeposit/blablabla.pdf"));
        QCOMPARE(s.durationMs(0), 96.0f);
    }

    // kubernetes/ingress-nginx#11828 (TiloGit, 2024-08-19): three klog lines of an ingress-nginx
    // 1.11.1 controller on AKS, from its start to its SIGTERM 80 s later. klog has no year: it comes
    // from the capture time (a month before it, so the same year).
    void klogStartToSigterm()
    {
        IngestOptions options;
        options.parse.captureTime = QDateTime(QDate(2024, 8, 19), QTime(8, 0), QTimeZone::UTC);
        const SourceReadResult r = readSourceFile(corpusPath("controller-log/ingress-nginx-issue-11828-klog-start-sigterm.log"), options);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.size(), qsizetype(3));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1724023150) * kSecond + 231564); // I0818 23:19:10.231564
        QCOMPARE(s.time(2).us, qint64(1724023231) * kSecond + 399033); // I0818 23:20:31.399033
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("\"Starting NGINX Ingress controller\""));
        QCOMPARE(str(s, SourceData::Text, 2), QByteArray("\"Received SIGTERM, shutting down\""));
        // The SIGTERM is named as such (its pane's reason column), not "other".
        QCOMPARE(str(s, SourceData::Reason, 2), QByteArray("shutdown"));
        for (qsizetype i = 0; i < 3; ++i)
            QVERIFY(!(s.flags(i) & FlagWarning));
    }

    // kubernetes/kubernetes#90482 (inoam, 2020-04-25): one item of `kubectl get events -o yaml` as
    // pasted (a list item, "- action: Binding"): an event the scheduler wrote through
    // events.k8s.io, with eventTime set and firstTimestamp/lastTimestamp null. Its time is
    // eventTime, to the microsecond; no count (one occurrence).
    void eventYamlWithEventTimeOnly()
    {
        const SourceReadResult r = readSourceFile(corpusPath("k8s-events/kubernetes-issue-90482-get-events-yaml-eventtime-only.yaml"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::K8sEvents);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.kind(0), EventKind::K8sEvent);
        QCOMPARE(s.time(0).us, qint64(1587735506) * kSecond + 252501); // eventTime 2020-04-24T13:38:26.252501Z
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("Scheduled"));
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("Pod/alertmanager-monit-alertmanager-0"));
        QCOMPARE(str(s, SourceData::Namespace, 0), QByteArray("magellan"));
        QCOMPARE(s.count(0), 1);
        QVERIFY(!(s.flags(0) & FlagWarning));
        QVERIFY(str(s, SourceData::Text, 0).startsWith("Successfully assigned magellan/alertmanager-monit-alertmanager-0 to ip-172-31-108-34"));
    }

    // k3d-io/k3d#542 (chrischen; the lines are dated 2021-03-22): the NGINX stream (TCP) proxy in
    // front of a k3d cluster's API servers, refused by 172.18.0.3:6443: "connect() failed (111:
    // Connection refused)" with the stream module's fields (server an address:port, upstream without
    // a scheme, "bytes from/to client:0/0, bytes from/to upstream:0/0"), and no request. The
    // unquoted fields after the last quoted value made the upstream "bytes from" until h17.
    void nginxStreamProxyRefused()
    {
        const SourceReadResult r = readSourceFile(corpusPath("nginx-error/k3d-issue-542-stream-proxy-connect-refused.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::NginxError);
        QCOMPARE(s.size(), qsizetype(5));
        QCOMPARE(s.rejected.total, qint64(0));
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.time(i).us, qint64(1616409914) * kSecond); // 2021/03/22 10:45:14 (local, no zone)
            QCOMPARE(str(s, SourceData::Reason, i), QByteArray("connection-refused"));
            QCOMPARE(str(s, SourceData::Upstream, i), QByteArray("172.18.0.3:6443"));
            QCOMPARE(str(s, SourceData::Client, i), QByteArray("172.18.0.1"));
            QVERIFY(s.flags(i) & FlagWarning);
        }
    }

    // traefik/traefik#4426 (PKrause79, 2019-07-11): Traefik 1.7 in Docker Swarm, as `docker service
    // logs` prints a task's lines ("STACK_SERVICE.SLOT.TASK@NODE    | line"): the error handler's
    // "'504 Gateway Timeout' caused by: dial tcp 10.255.2.192:8080: i/o timeout" and oxy's round
    // trip for the same request (code 504 after 30.0 s). Until h17 no wrapper took the task prefix
    // and the file was "text in no known format".
    void traefikSwarmServiceLogsTimeout()
    {
        const QString path = corpusPath("streams/traefik-issue-4426-swarm-service-logs-504-caused-by.log");
        QCOMPARE(LineUnwrapper::detect(testutil::readAll(path), &isKnownLine), Wrapper::DockerService);
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.wrapper, QStringLiteral("docker service logs"));
        QCOMPARE(s.pod, QStringLiteral("edgeone_reverse-proxy.1.si3c4s8mwvd6")); // the task, without its node
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1562854433) * kSecond); // time="2019-07-11T14:13:53Z"
        QCOMPARE(s.time(1).us, s.time(0).us);
        QVERIFY(str(s, SourceData::Text, 0).contains("'504 Gateway Timeout' caused by: dial tcp 10.255.2.192:8080: i/o timeout"));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("upstream-timeout"));
        QVERIFY(str(s, SourceData::Text, 1).contains("Round trip: http://10.255.2.192:8080, code: 504"));
        QCOMPARE(str(s, SourceData::Reason, 1), QByteArray("other"));
        QVERIFY(!classifyEvent(s, 1));
    }

    // traefik/traefik#3237 (ISTAnsver, comment of 2020-02-12): Traefik 2.1 in Swarm, one task's
    // "'502 Bad Gateway' caused by: EOF" as `docker service logs` shows it: an upstream-EOF event
    // (the keep-alive cause's evidence) of the task traefik_reverse-proxy.1.76dvbpb54tp9 on dm-node2.
    void traefikSwarmServiceLogsEof()
    {
        const QString path = corpusPath("streams/traefik-issue-3237-swarm-service-logs-502-eof.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::ControllerLog);
        QCOMPARE(s.wrapper, QStringLiteral("docker service logs"));
        QCOMPARE(s.pod, QStringLiteral("traefik_reverse-proxy.1.76dvbpb54tp9"));
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1581424638) * kSecond); // time="2020-02-11T12:37:18Z"
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("upstream-eof"));
        QVERIFY(classifyEvent(s, 0) == EventClass::UpstreamEof);

        // The wrapper's own rules: a compose name has no '@', a task name has one and a slot.
        UnwrappedLine u;
        QString why;
        LineUnwrapper service(Wrapper::DockerService), compose(Wrapper::DockerCompose);
        const QByteArray line = testutil::readAll(path).trimmed();
        QVERIFY(service.unwrap(line, &u, &why));
        QCOMPARE(u.pod.toByteArray(), QByteArray("traefik_reverse-proxy.1.76dvbpb54tp9"));
        QVERIFY(u.content.startsWith("time=\"2020-02-11T12:37:18Z\""));
        QVERIFY(!compose.unwrap(line, &u, &why));
        QVERIFY(!service.unwrap("web-1  | GET / 200", &u, &why));
        QVERIFY(!service.unwrap("web@node1  | GET / 200", &u, &why)); // no SERVICE.SLOT
    }
};

QTEST_GUILESS_MAIN(TestCorpusSamples2)
#include "tst_corpus_samples2.moc"
