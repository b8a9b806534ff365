// What matters in the real Envoy and Istio log lines of tests/data/corpus that users pasted in
// public issue threads (Envoy, Istio, Envoy Gateway; Via T in tests/data/corpus/PROVENANCE.md): who
// made a 503/404 by its response flags (UC, NR, UO, UF/URX), the hop (sidecar or ingress gateway),
// the pod a stern prefix names, and the proxy agent's own lines. The per-line accounting is
// tst_corpus.
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

class TestCorpusThreadsEnvoy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // istio/istio#51619: an Istio sidecar's inbound line (cluster "inbound|8080||"): the app took
    // 120 s and the sidecar's connection to it was terminated before any response, so the sidecar
    // answered 503 UC itself (upstream_reset_before_response_started{connection_termination}). The
    // hop is the sidecar, and the 503 is the sidecar's, not the app's: its upstream never answered.
    void istioSidecarUc()
    {
        const SourceReadResult r = readSourceFile(corpusPath("envoy/istio-issue-51619-503-uc-inbound.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QVERIFY(s.sidecar);
        QCOMPARE(s.time(0).us, qint64(1718705982) * kSecond + 614000); // [2024-06-18T10:19:42.614Z]
        QCOMPARE(s.status(0), qint16(503));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("UC"));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(envoyUpstreamStatus(503, "UC", "upstream_reset_before_response_started{connection_termination}", true), kUpstreamDash);
        QCOMPARE(str(s, SourceData::Method, 0), QByteArray("POST"));
        QCOMPARE(str(s, SourceData::Path, 0), QByteArray("/v1/accounting/api-portal/card/CSP_XXXXXXX/ORE00000/DEC000000/topup"));
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("inbound|8080||"));
        QCOMPARE(envoyHopOfCluster(str(s, SourceData::Object, 0)), EnvoyHop::Inbound);
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("10.34.127.167:8080"));
        QCOMPARE(str(s, SourceData::Host, 0), QByteArray("internal-api"));
        QCOMPARE(s.durationMs(0), 120001.0f);
        const QByteArray line = testutil::readAll(corpusPath("envoy/istio-issue-51619-503-uc-inbound.log")).split('\n').first();
        QCOMPARE(requestIdHash(line), requestIdHash("ed37e325-1a4e-9827-b994-1a3317bcc0b1"));
    }
    // envoyproxy/envoy#15698: an Istio 1.9 ingress gateway with no route for what scanners ask:
    // "404 NR route_not_found" (Envoy answered itself, no upstream was chosen), a TCP connection
    // with no matching filter chain ("- - -" 0 NR filter_chain_not_found), and the proxy agent's
    // own tab-separated warning line between them, which is a controller line, not a reject.
    void istioGatewayNoRoute()
    {
        const SourceReadResult r = readSourceFile(corpusPath("envoy/envoy-issue-15698-istio-ingressgateway-nr.log"));
        const SourceData *envoy = sourceOf(r, SourceFormat::Envoy);
        QVERIFY(envoy);
        QCOMPARE(r.primary(), envoy);
        const SourceData &s = *envoy;
        QCOMPARE(s.size(), qsizetype(3));
        QCOMPARE(s.rejected.total, qint64(0));
        QVERIFY(!s.sidecar);
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(str(s, SourceData::Reason, i), QByteArray("NR"));
            QCOMPARE(s.upstreamStatus(i), kUpstreamDash);
            QCOMPARE(str(s, SourceData::Upstream, i), QByteArray());
        }
        QCOMPARE(s.status(0), qint16(0));
        QCOMPARE(s.time(0).us, qint64(1616716791) * kSecond + 372000); // [2021-03-25T23:59:51.372Z]
        QCOMPARE(s.status(1), qint16(404));
        QCOMPARE(str(s, SourceData::Path, 1), QByteArray("/.env"));
        QCOMPARE(str(s, SourceData::Client, 1), QByteArray("100.117.94.128"));
        QCOMPARE(str(s, SourceData::Host, 1), QByteArray("34.213.68.78"));
        QCOMPARE(s.time(1).us, qint64(1616716885) * kSecond + 979000);
        QCOMPARE(s.status(2), qint16(404));
        QCOMPARE(str(s, SourceData::Method, 2), QByteArray("POST"));
        const SourceData *agent = sourceOf(r, SourceFormat::ControllerLog);
        QVERIFY(agent);
        QCOMPARE(agent->size(), qsizetype(1));
        QCOMPARE(agent->rejected.total, qint64(0));
        QCOMPARE(agent->time(0).us, qint64(1616717034) * kSecond + 637718); // 2021-03-26T00:03:54.637718Z
        QVERIFY(str(*agent, SourceData::Text, 0).contains("Ignoring unwatched type URL"));
    }
    // istio/istio#38213: one request as the client's sidecar (outbound cluster) and the server's
    // sidecar (inbound cluster) logged it, 2 ms apart, both answered by the app ("via_upstream"):
    // the x-request-id is the same on both lines, which is what joins the sidecar hop to the hop
    // before it, and each line's hop is read from its cluster.
    void istioOutboundInboundPair()
    {
        const QString path = corpusPath("envoy/istio-issue-38213-outbound-inbound-pair.log");
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(envoyHopOfCluster(str(s, SourceData::Object, 0)), EnvoyHop::Outbound);
        QCOMPARE(envoyHopOfCluster(str(s, SourceData::Object, 1)), EnvoyHop::Inbound);
        for (qsizetype i = 0; i < 2; ++i) {
            QCOMPARE(s.status(i), qint16(200));
            QCOMPARE(s.upstreamStatus(i), qint16(200)); // via_upstream: the app answered
            QCOMPARE(str(s, SourceData::Upstream, i), QByteArray("10.244.0.31:80"));
            QCOMPARE(str(s, SourceData::Host, i), QByteArray("httpbin"));
            QCOMPARE(str(s, SourceData::Text, i), QByteArray("200efb6c-82be-4760-8ab6-7b6af588d4fb"));
        }
        QCOMPARE(s.time(1).us - s.time(0).us, qint64(2000));
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QVERIFY(requestIdHash(lines[0]) != 0);
        QCOMPARE(requestIdHash(lines[0]), requestIdHash(lines[1]));
        QCOMPARE(requestIdHash(lines[0]), requestIdHash("200efb6c-82be-4760-8ab6-7b6af588d4fb"));
    }
    // istio/old_issues_repo#244: Istio 0.6 sidecars seen through stern ("POD CONTAINER line"): an
    // old Envoy format with no response details and UPSTREAM_HOST last; every gRPC call got "404 NR"
    // from its own sidecar during a deploy (no route yet). One pod, one sub-source.
    void sternIstioProxyNoRoute()
    {
        const SourceReadResult r = readSourceFile(corpusPath("streams/istio-old-issues-244-stern-istio-proxy-nr.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.wrapper, QStringLiteral("stern"));
        QCOMPARE(s.pod, QStringLiteral("practices-7854f4cc99-gdmkp"));
        QCOMPARE(s.size(), qsizetype(7));
        QCOMPARE(s.rejected.total, qint64(0));
        for (qsizetype i = 0; i < s.size(); ++i) {
            QCOMPARE(s.status(i), qint16(404));
            QCOMPARE(str(s, SourceData::Reason, i), QByteArray("NR"));
            QCOMPARE(s.upstreamStatus(i), kUpstreamDash);
            QCOMPARE(str(s, SourceData::Method, i), QByteArray("POST"));
            QCOMPARE(str(s, SourceData::Path, i), QByteArray("/practices.Practices/Get"));
            QCOMPARE(str(s, SourceData::Host, i), QByteArray("practices"));
        }
        QCOMPARE(s.time(0).us, qint64(1521461365) * kSecond + 501000); // [2018-03-19T12:09:25.501Z]
        QCOMPARE(s.time(6).us, qint64(1521461422) * kSecond + 444000); // [2018-03-19T12:10:22.444Z]
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("37195340-e4ba-90e7-b950-bae919a8e817"));
    }
    // envoyproxy/gateway#5876: Envoy Gateway's JSON access line (":authority", "x-forwarded-for"
    // style keys, nulls for what was not logged) of a request no route matched: 404 NR
    // route_not_found, upstream_host null. The client is the first X-Forwarded-For address.
    void envoyGatewayNoRouteJson()
    {
        const SourceReadResult r = readSourceFile(corpusPath("envoy/envoy-gateway-issue-5876-nr-json.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1746201094) * kSecond + 379000); // 2025-05-02T15:51:34.379Z
        QCOMPARE(s.status(0), qint16(404));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("NR"));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(str(s, SourceData::Method, 0), QByteArray("GET"));
        QCOMPARE(str(s, SourceData::Host, 0), QByteArray("example.com"));
        QCOMPARE(str(s, SourceData::Client, 0), QByteArray("31.94.8.204"));
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray());
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("ea9b8691-e20b-4949-bd3f-a67bf465b295"));
    }
    // istio/istio#18995: an Istio 1.3 proxy's JSON access line (every value a string, "-" for what
    // was not logged) of a TCP connection refused by the circuit breaker: response_flags "UO",
    // response_code "0", no upstream cluster or host. The proxy made the outcome itself: no
    // upstream was reached, so there is no upstream status (kUpstreamDash).
    void istioUpstreamOverflowJson()
    {
        const SourceReadResult r = readSourceFile(corpusPath("envoy/istio-issue-18995-uo-json.log"));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1573843970) * kSecond + 514000); // 2019-11-15T18:52:50.514Z
        QCOMPARE(s.status(0), qint16(0));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("UO"));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(envoyUpstreamStatus(0, "UO", "", false), kUpstreamDash);
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray());
        QCOMPARE(str(s, SourceData::Client, 0), QByteArray("10.72.106.197"));
        QCOMPARE(s.durationMs(0), 0.0f);
    }
    // istio/istio#13848: an Istio 1.1 ingress gateway's access line as Docker's json-file driver
    // stored it ({"log":"...\\n","stream":"stdout","time":...}, quotes escaped): "503 UC" with its
    // [START_TIME], the mixer status "-" after the flags, 288 ms, and the upstream host that cut
    // the connection. The wrapper is taken off; the gateway made the 503 itself (upstream
    // status -), and the hop is read from the outbound cluster.
    void istioGatewayUcDockerJson()
    {
        const QString path = corpusPath("streams/istio-issue-13848-ingressgateway-uc-docker-json.log");
        QCOMPARE(LineUnwrapper::detect(testutil::readAll(path), &isKnownLine), Wrapper::DockerJson);
        const SourceReadResult r = readSourceFile(path);
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1559130536) * kSecond + 105000); // [2019-05-29T11:48:56.105Z]
        QCOMPARE(s.status(0), qint16(503));
        QCOMPARE(str(s, SourceData::Reason, 0), QByteArray("UC"));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(str(s, SourceData::Method, 0), QByteArray("GET"));
        QCOMPARE(str(s, SourceData::Path, 0), QByteArray("/"));
        QCOMPARE(str(s, SourceData::Host, 0), QByteArray("npm.deez.re"));
        QCOMPARE(str(s, SourceData::Client, 0), QByteArray("10.234.76.0"));
        QCOMPARE(str(s, SourceData::Upstream, 0), QByteArray("10.234.41.169:4873"));
        QCOMPARE(str(s, SourceData::Object, 0), QByteArray("outbound|4873||verdaccio.coreinfra.svc.dev.kubernetes"));
        QCOMPARE(envoyHopOfCluster(str(s, SourceData::Object, 0)), EnvoyHop::Outbound);
        QCOMPARE(s.durationMs(0), 288.0f);
        QCOMPARE(str(s, SourceData::Text, 0), QByteArray("0bede68c-a8a3-4d84-a8e9-1b0ea9f21beb"));
    }
    // istio/istio#31555: `kubectl logs POD -c istio-proxy` as a user pasted it: two lines of the
    // proxy agent ("Initialization took …", "Envoy proxy is ready") whose tabs became spaces in the
    // paste, then two TCP access lines of the sidecar: one through PassthroughCluster, and one to
    // the app's inbound cluster that failed, "0 UF,URX" (connect failure, retries exhausted: the
    // upstream never answered). The agent lines are controller lines, tabs or spaces.
    void istioSidecarTcpUfUrxWithAgentLines()
    {
        const QString path = corpusPath("streams/istio-issue-31555-sidecar-tcp-uf-urx.log");
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QCOMPARE(classifyLine(lines[0]), LineKind::ControllerLog);
        QCOMPARE(classifyLine(lines[1]), LineKind::ControllerLog);
        QCOMPARE(classifyLine(lines[2]), LineKind::EnvoyAccess);
        // the same agent line as the proxy writes it (tabs), and shapes that are no agent line
        QByteArray tabs = lines[0];
        tabs.replace("Z     info    ", "Z\tinfo\t");
        QCOMPARE(classifyLine(tabs), LineKind::ControllerLog);
        QCOMPARE(classifyLine("2021-03-16T09:29:20.896837Z info Initialization took 1.626123987s"), LineKind::Unknown);
        QCOMPARE(classifyLine("2021-03-16T09:29:20.896837Z     INFO    Initialization took 1.626123987s"), LineKind::Unknown);
        QCOMPARE(classifyLine("2021-03-16T09:29:20.896837Z     informed    x"), LineKind::Unknown);

        const SourceReadResult r = readSourceFile(path);
        const SourceData *envoy = sourceOf(r, SourceFormat::Envoy);
        const SourceData *agent = sourceOf(r, SourceFormat::ControllerLog);
        QCOMPARE(r.sources.size(), size_t(2)); // one stream, split by line kind
        QVERIFY(envoy && agent);
        QCOMPARE(envoy->size(), qsizetype(2));
        QCOMPARE(envoy->rejected.total, qint64(0));
        // One outbound and one inbound line: a tie, so the source as a whole is not called a sidecar
        // (that needs most lines inbound); each line's own hop is read from its cluster.
        QVERIFY(!envoy->sidecar);
        QCOMPARE(envoyHopOfCluster(str(*envoy, SourceData::Object, 0)), EnvoyHop::Outbound);
        QCOMPARE(envoyHopOfCluster(str(*envoy, SourceData::Object, 1)), EnvoyHop::Inbound);
        QCOMPARE(envoy->status(0), qint16(0));
        QCOMPARE(str(*envoy, SourceData::Object, 0), QByteArray("PassthroughCluster"));
        QCOMPARE(str(*envoy, SourceData::Upstream, 0), QByteArray("100.77.28.132:1521"));
        QCOMPARE(str(*envoy, SourceData::Reason, 1), QByteArray("UF,URX"));
        QCOMPARE(envoy->upstreamStatus(1), kUpstreamDash);
        QCOMPARE(str(*envoy, SourceData::Object, 1), QByteArray("inbound|12950||"));
        QCOMPARE(envoy->durationMs(1), 2285.0f);
        QCOMPARE(envoy->time(1).us, qint64(1615887047) * kSecond + 919000); // [2021-03-16T09:30:47.919Z]
        QCOMPARE(agent->size(), qsizetype(2));
        QCOMPARE(agent->rejected.total, qint64(0));
        QCOMPARE(agent->time(0).us, qint64(1615886960) * kSecond + 896837); // 2021-03-16T09:29:20.896837Z
        QCOMPARE(str(*agent, SourceData::Text, 0), QByteArray("Initialization took 1.626123987s"));
        QCOMPARE(str(*agent, SourceData::Text, 1), QByteArray("Envoy proxy is ready"));
        QVERIFY(!(agent->flags(0) & FlagWarning));
    }
};

QTEST_GUILESS_MAIN(TestCorpusThreadsEnvoy)
#include "tst_corpus_threads_envoy.moc"
