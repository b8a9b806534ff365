// The Envoy / Istio access-log parser beyond its golden files: the response-flag rule that says
// who made a response (upstreamStatus), the hop of an upstream cluster, field mapping details
// (X-Forwarded-For lists, JSON numbers and nulls), and that its sniffer never claims another
// format's golden inputs.
#include "testutil.h"

#include "formats/envoyparser.h"
#include "formats/parserregistry.h"
#include "ingest/bytestream.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTest>

using namespace gateline;

namespace {

SourceData parseAll(const QByteArray &text)
{
    SourceData out;
    ParseOptions options;
    ParseContext ctx{options, out, {}, nullptr};
    MemoryStream in(text);
    ParserRegistry::create(SourceFormat::Envoy)->parse(in, ctx);
    return out;
}

QByteArray col(const SourceData &s, SourceData::StringColumn c, qsizetype i)
{
    return s.bytes(c, i).toByteArray();
}

} // namespace

class TstEnvoyParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void upstreamStatusRule_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("flags");
        QTest::addColumn<QByteArray>("details");
        QTest::addColumn<bool>("hasHost");
        QTest::addColumn<int>("expected");
        const int dash = kUpstreamDash, none = kNoUpstreamStatus;
        QTest::newRow("app 502 via_upstream") << 502 << QByteArray("-") << QByteArray("via_upstream") << true << 502;
        QTest::newRow("app 200, old format") << 200 << QByteArray("-") << QByteArray() << true << 200;
        QTest::newRow("no flags, no upstream host") << 404 << QByteArray("-") << QByteArray() << false << none;
        QTest::newRow("503 UF,URX") << 503 << QByteArray("UF,URX")
                                    << QByteArray("upstream_reset_before_response_started{connection_failure}") << true
                                    << dash;
        QTest::newRow("503 UC") << 503 << QByteArray("UC") << QByteArray() << true << dash;
        QTest::newRow("503 UH") << 503 << QByteArray("UH") << QByteArray("no_healthy_upstream") << false << dash;
        QTest::newRow("503 UO") << 503 << QByteArray("UO") << QByteArray() << false << dash;
        QTest::newRow("504 UT") << 504 << QByteArray("UT") << QByteArray("response_timeout") << true << dash;
        QTest::newRow("404 NR") << 404 << QByteArray("NR") << QByteArray("route_not_found") << false << dash;
        QTest::newRow("503 LR") << 503 << QByteArray("LR") << QByteArray() << true << dash;
        QTest::newRow("502 UPE") << 502 << QByteArray("UPE")
                                 << QByteArray("upstream_reset_before_response_started{protocol_error}") << true << dash;
        QTest::newRow("URX last in list") << 503 << QByteArray("DI,URX") << QByteArray() << true << dash;
        QTest::newRow("details alone") << 503 << QByteArray("-")
                                       << QByteArray("upstream_reset_before_response_started{remote_reset}") << true
                                       << dash;
        QTest::newRow("0 DC: client left first") << 0 << QByteArray("DC") << QByteArray("downstream_remote_disconnect")
                                                 << true << dash;
        QTest::newRow("200 DC after upstream headers") << 200 << QByteArray("DC") << QByteArray("via_upstream") << true
                                                       << 200;
        QTest::newRow("200 DI via_upstream") << 200 << QByteArray("DI") << QByteArray("via_upstream") << true << 200;
        QTest::newRow("DI, old format") << 200 << QByteArray("DI") << QByteArray() << true << 200;
        QTest::newRow("DC mid-response, old format") << 200 << QByteArray("DC") << QByteArray() << true << 200;
        QTest::newRow("DC,UC") << 503 << QByteArray("DC,UC") << QByteArray() << true << dash;
        // Newer Envoys log how a stream ended as the details, over "via_upstream" (the corpus's
        // renuka-examples-envoy-compose-101-dc-websocket.log): the upstream's status stands.
        QTest::newRow("101 DC downstream_remote_disconnect") << 101 << QByteArray("DC")
                                                             << QByteArray("downstream_remote_disconnect") << true << 101;
        QTest::newRow("502 DC downstream_remote_disconnect") << 502 << QByteArray("DC")
                                                             << QByteArray("downstream_remote_disconnect") << true << 502;
        QTest::newRow("DC details without an upstream host") << 200 << QByteArray("DC")
                                                             << QByteArray("downstream_remote_disconnect") << false << none;
        QTest::newRow("200 UPE after the response started")
            << 200 << QByteArray("UPE") << QByteArray("upstream_reset_after_response_started{protocol_error}") << true
            << 200;
        QTest::newRow("after-response reset without an upstream host")
            << 200 << QByteArray("UPE") << QByteArray("upstream_reset_after_response_started{protocol_error}") << false
            << dash;
        QTest::newRow("101 SI stream_idle_timeout") << 101 << QByteArray("SI") << QByteArray("stream_idle_timeout")
                                                    << true << 101;
        QTest::newRow("408 SI: Envoy's own timeout reply") << 408 << QByteArray("SI")
                                                           << QByteArray("stream_idle_timeout") << true << none;
        QTest::newRow("504 SI: Envoy's own timeout reply") << 504 << QByteArray("SI")
                                                           << QByteArray("stream_idle_timeout") << true << none;
        QTest::newRow("fault injected 500") << 500 << QByteArray("FI") << QByteArray("fault_filter_abort") << false
                                            << none;
        QTest::newRow("rate limited 429") << 429 << QByteArray("RL") << QByteArray() << false << none;
        QTest::newRow("ext authz 403") << 403 << QByteArray("UAEX") << QByteArray("ext_authz_denied") << false << none;
        QTest::newRow("direct response") << 301 << QByteArray("-") << QByteArray("direct_response") << false << none;
    }
    void upstreamStatusRule()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, flags);
        QFETCH(QByteArray, details);
        QFETCH(bool, hasHost);
        QFETCH(int, expected);
        QCOMPARE(int(envoyUpstreamStatus(status, flags, details, hasHost)), expected);
    }

    void responseFlags()
    {
        QVERIFY(isEnvoyResponseFlags("-"));
        QVERIFY(isEnvoyResponseFlags("UF,URX"));
        QVERIFY(isEnvoyResponseFlags("UMSDR"));
        QVERIFY(isEnvoyResponseFlags("NFCF"));
        QVERIFY(!isEnvoyResponseFlags(""));
        QVERIFY(!isEnvoyResponseFlags("UF,"));
        QVERIFY(!isEnvoyResponseFlags(",UF"));
        QVERIFY(!isEnvoyResponseFlags("UF,XYZ"));
        QVERIFY(!isEnvoyResponseFlags("uf"));
        QVERIFY(!isEnvoyResponseFlags("GET"));
    }

    void hopOfCluster()
    {
        QCOMPARE(envoyHopOfCluster("inbound|8080||"), EnvoyHop::Inbound);
        QCOMPARE(envoyHopOfCluster("inbound|80|http-web|app.sauron-seo-app.svc.cluster.local"), EnvoyHop::Inbound);
        QCOMPARE(envoyHopOfCluster("InboundPassthroughClusterIpv4"), EnvoyHop::Inbound);
        QCOMPARE(envoyHopOfCluster("outbound|8000||httpbin.foo.svc.cluster.local"), EnvoyHop::Outbound);
        QCOMPARE(envoyHopOfCluster("PassthroughCluster"), EnvoyHop::Outbound);
        QCOMPARE(envoyHopOfCluster("httproute/envoy-gateway-system/backend/rule/0"), EnvoyHop::Unknown);
        QCOMPARE(envoyHopOfCluster("default/kuard/80/da39a3ee5e"), EnvoyHop::Unknown);
        QCOMPARE(envoyHopOfCluster(""), EnvoyHop::Unknown);
        QCOMPARE(envoyHopOfCluster("outbound_.8080_._.svc"), EnvoyHop::Unknown); // a route/SNI name, not a cluster
    }

    void fieldMapping()
    {
        // A forwarded list: the first address is the client. Emissary's "ACCESS " prefix.
        const SourceData s = parseAll(
            "ACCESS [2019-09-24T20:02:56.838Z] \"GET /backend/?q=1 HTTP/1.1\" 503 UH 0 19 0 - \"203.0.113.7, 10.0.0.1\" "
            "\"curl/7.54.0\" \"6b7d1c36-7f8f-4bd6-aa7e-8a2a3f1b2c3d\" \"api.example.com:443\" \"-\"\n"
            "{\"start_time\":\"2021-12-24T15:25:05.370Z\",\"method\":\"GET\",\"path\":\"/health_check\",\"response_code\":503,"
            "\"response_flags\":\"UF,URX\",\"duration\":30047,\"upstream_host\":\"10.118.101.48:8080\",\"x_forwarded_for\":null,"
            "\"downstream_remote_address\":\"10.118.227.181:37238\",\"authority\":\"transaction-limit\","
            "\"upstream_cluster\":\"outbound|80||abc.backend.svc.cluster.local\",\"request_id\":\"bbbeaf0c\"}\n");
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(col(s, SourceData::Client, 0), QByteArray("203.0.113.7"));
        QCOMPARE(col(s, SourceData::Path, 0), QByteArray("/backend/?q=1"));
        QCOMPARE(col(s, SourceData::Host, 0), QByteArray("api.example.com"));
        QCOMPARE(col(s, SourceData::Upstream, 0), QByteArray());
        QCOMPARE(col(s, SourceData::Reason, 0), QByteArray("UH"));
        QCOMPARE(col(s, SourceData::Text, 0), QByteArray("6b7d1c36-7f8f-4bd6-aa7e-8a2a3f1b2c3d"));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(s.durationMs(0), 0.0f);

        QCOMPARE(s.status(1), qint16(503));
        QCOMPARE(s.upstreamStatus(1), kUpstreamDash);
        QCOMPARE(s.durationMs(1), 30047.0f);
        QCOMPARE(col(s, SourceData::Client, 1), QByteArray("10.118.227.181"));
        QCOMPARE(col(s, SourceData::Object, 1), QByteArray("outbound|80||abc.backend.svc.cluster.local"));
        QCOMPARE(s.time(1).us, qint64(1640359505370000));
    }

    // Older Envoy (its documentation's example, crowdsecurity/hub's envoy.log in the corpus) writes
    // the upstream host with a "tcp://" scheme: the address alone joins with pod IPs.
    void upstreamHostWithoutScheme()
    {
        const SourceData s = parseAll(
            "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" "
            "\"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"\n"
            "[2026-01-24T01:38:00.000Z] \"POST /api/proxy6 HTTP/1.1\" 502 - 0 1024 40 20 \"fd00:1234:5678::5a24, "
            "[fd00:1234:5678::1]:54321\" \"curl/8.10.1\" \"id6\" \"proxy6.example.com\" \"tcp://[fd00:1234:5678::e18]:8080\"\n");
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(col(s, SourceData::Upstream, 0), QByteArray("10.0.2.1:80"));
        QCOMPARE(col(s, SourceData::Upstream, 1), QByteArray("[fd00:1234:5678::e18]:8080"));
        QCOMPARE(col(s, SourceData::Client, 1), QByteArray("fd00:1234:5678::5a24"));
        QCOMPARE(s.upstreamStatus(1), qint16(502)); // no flags, an upstream host: the app answered
    }

    // Real istio-proxy lines published by Cray-HPE's docs-csm (tests/data/corpus/envoy/): the older
    // Istio layout with a quoted mixer status and transport failure reason after the flags. A
    // sidecar without certificates answers 503 UF,URX itself; the TLS/SDS reason stays with the
    // request id, and the shell prompt pasted above the output is no access line.
    void realIstioSidecarLines()
    {
        const SourceData s = parseAll(
            testutil::readAll(testutil::dataPath(QStringLiteral("corpus/envoy/docs-csm-istio-proxy-cray-dhcp-kea-503-uf-urx.log"))));
        QCOMPARE(s.size(), qsizetype(10));
        QCOMPARE(s.rejected.total, qint64(1));
        QCOMPARE(s.status(0), qint16(503));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(col(s, SourceData::Reason, 0), QByteArray("UF,URX"));
        QCOMPARE(col(s, SourceData::Client, 0), QByteArray("10.37.0.73"));
        QCOMPARE(col(s, SourceData::Host, 0), QByteArray("cray-dhcp-kea-api"));
        QCOMPARE(col(s, SourceData::Upstream, 0), QByteArray("10.37.0.73:8000"));
        QCOMPARE(col(s, SourceData::Object, 0), QByteArray("outbound|8000||cray-dhcp-kea-api.services.svc.cluster.local"));
        QCOMPARE(col(s, SourceData::Text, 0),
                 QByteArray("622c1d7d-b9bf-4fea-9bc2-28dfe57ae9f0 upstream transport failure: TLS error: Secret is not "
                            "supplied by SDS"));
        QCOMPARE(s.durationMs(0), 18.0f);
        // The inbound Prometheus scrape: UF with no failure reason, the local app as upstream.
        QCOMPARE(col(s, SourceData::Reason, 1), QByteArray("UF"));
        QCOMPARE(s.upstreamStatus(1), kUpstreamDash);
        QCOMPARE(col(s, SourceData::Client, 1), QByteArray("10.43.0.71"));
        QCOMPARE(col(s, SourceData::Upstream, 1), QByteArray("127.0.0.1:8080"));
        QCOMPARE(col(s, SourceData::Text, 1), QByteArray("272cb1cb-483d-4c18-bb25-924a7023ce15"));
        QCOMPARE(envoyHopOfCluster(s.bytes(SourceData::Object, 1)), EnvoyHop::Inbound);

        // An ingress gateway's ext_authz 503 (UAEX): no upstream host, nothing upstream answered.
        const SourceData g = parseAll(
            testutil::readAll(testutil::dataPath(QStringLiteral("corpus/envoy/docs-csm-istio-ingressgateway-503-uaex.log"))));
        QCOMPARE(g.size(), qsizetype(1));
        QCOMPARE(g.rejected.total, qint64(0));
        QCOMPARE(g.status(0), qint16(503));
        QCOMPARE(col(g, SourceData::Reason, 0), QByteArray("UAEX"));
        QCOMPARE(col(g, SourceData::Upstream, 0), QByteArray());
        QCOMPARE(g.upstreamStatus(0), kNoUpstreamStatus);
        QCOMPARE(col(g, SourceData::Client, 0), QByteArray("10.34.0.0"));

        // The JSON access log's field of the same name.
        const SourceData j = parseAll(
            "{\"start_time\":\"2022-05-27T13:21:24.535Z\",\"method\":\"POST\",\"path\":\"/token\",\"response_code\":503,"
            "\"response_flags\":\"UF,URX\",\"upstream_transport_failure_reason\":\"TLS error: Secret is not supplied by SDS\","
            "\"upstream_host\":\"10.44.0.31:8080\",\"request_id\":\"19fe9b72\"}\n");
        QCOMPARE(j.size(), qsizetype(1));
        QCOMPARE(col(j, SourceData::Text, 0), QByteArray("19fe9b72 upstream transport failure: TLS error: Secret is not supplied by SDS"));
    }

    void rejectsWithReasons()
    {
        const SourceData s = parseAll("[not a time] \"GET / HTTP/1.1\" 200 - 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\"\n"
                                      "[2022-01-01T00:00:00.000Z] \"GET / HTTP/1.1\" 2000 - 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\"\n"
                                      "[2022-01-01T00:00:00.000Z] \"GET / HTTP/1.1\" 200 - 0 0 0 -\n"
                                      "{\"start_time\":\"2022-01-01T00:00:00Z\",\"response_code\":\"abc\"}\n"
                                      "{\"start_time\":\"2022-01-01T00:00:00Z\"\n");
        QCOMPARE(s.size(), qsizetype(0));
        QCOMPARE(s.rejected.total, qint64(5));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("bad start time")), qint64(1));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("bad response code")), qint64(2));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("bad JSON")), qint64(1));
    }

    // Every golden input of another format: the Envoy sniffer scores it below that format's own.
    void sniffLeavesOtherFormatsAlone()
    {
        const EnvoyParser envoy;
        QDirIterator it(testutil::dataPath(QStringLiteral("golden")), QDir::Files, QDirIterator::Subdirectories);
        int checked = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QString folder = QFileInfo(path).dir().dirName();
            if (path.endsWith(QLatin1String(".expected")) || path.endsWith(QLatin1String(".md"))
                || folder == QLatin1String("envoy"))
                continue;
            const SourceFormat own = formatFromId(folder);
            if (own == SourceFormat::Unknown)
                continue;
            const QByteArray head = testutil::readAll(path).left(64 * 1024);
            const int envoyScore = envoy.sniff(head);
            const int ownScore = ParserRegistry::create(own)->sniff(head);
            QVERIFY2(envoyScore < ownScore || envoyScore == 0,
                     qPrintable(QStringLiteral("%1: envoy %2, %3 %4").arg(path).arg(envoyScore).arg(folder).arg(ownScore)));
            ++checked;
        }
        QVERIFY(checked >= 10);
    }

    void sniffClaimsEnvoy()
    {
        QDirIterator it(testutil::dataPath(QStringLiteral("golden/envoy")), QDir::Files);
        int checked = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            if (!path.endsWith(QLatin1String(".log")))
                continue;
            const SniffResult r = ParserRegistry::sniff(testutil::readAll(path).left(64 * 1024));
            QVERIFY2(r.format == SourceFormat::Envoy, qPrintable(path));
            ++checked;
        }
        QVERIFY(checked >= 4);
    }
};

QTEST_GUILESS_MAIN(TstEnvoyParser)
#include "tst_envoyparser.moc"
