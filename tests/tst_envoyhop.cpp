// Envoy as a hop: Envoy at the ingress (Contour, Emissary, the Istio ingress gateway) is the
// ingress hop; an Istio sidecar's log (inbound clusters) is a hop between the ingress and the app,
// and a 502 it made (the app never answered) has the origin "sidecar".
#include "analysis/analysis.h"
#include "analysis/traceids.h"
#include "ingest/bundleloader.h"
#include "ingest/sourcereader.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

using namespace gateline;

namespace {
const qint64 kT0 = 1795255200000000; // 2026-11-21T10:00:00Z

std::unique_ptr<SourceData> source(SourceFormat f, const QString &path)
{
    auto s = std::make_unique<SourceData>();
    s->format = f;
    s->locator.filePath = path;
    return s;
}

Record request(qint64 us, qint16 status, qint16 upstreamStatus, const char *client, const char *path,
               const char *upstream, const char *cluster = "")
{
    Record r;
    r.time = Timestamp{us};
    r.kind = EventKind::Request;
    r.status = status;
    r.upstreamStatus = upstreamStatus;
    r.durationMs = 5;
    r.client = QByteArrayView(client);
    r.method = "GET";
    r.path = QByteArrayView(path);
    r.upstream = QByteArrayView(upstream);
    r.object = QByteArrayView(cluster);
    return r;
}

// 40 requests through ALB -> Istio ingress gateway (Envoy) -> sidecar -> app; request 20 is a 502
// the sidecar made (flags UC: the app closed the connection), the gateway passed it on.
EventStore bundle(bool withSidecar, double gatewaySkewSeconds, double sidecarSkewSeconds = 0, bool withPods = false)
{
    EventStore store;
    auto alb = source(SourceFormat::Alb, QStringLiteral("alb.log"));
    auto gw = source(SourceFormat::Envoy, QStringLiteral("istio-ingressgateway.log"));
    auto side = source(SourceFormat::Envoy, QStringLiteral("web-sidecar.log"));
    side->sidecar = true;
    const qint64 skew = qint64(gatewaySkewSeconds * 1e6);
    for (int i = 0; i < 40; ++i) {
        const qint64 t = kT0 + qint64(i) * 700000;
        const QByteArray path = "/api/items/" + QByteArray::number(i);
        const qint16 status = i == 20 ? 502 : 200;
        // The ALB's client is the real one; the gateway logs the ALB node; the ALB's target is the
        // gateway pod.
        alb->append(request(t, status, status, "203.0.113.7", path.constData(), "10.0.3.7:8443"));
        gw->append(request(t + skew - 5000, status, status, "10.0.1.15", path.constData(), "10.0.9.9:8080",
                           "outbound|8080||web.shop.svc.cluster.local"));
        if (withSidecar)
            side->append(request(t - 4000 + qint64(sidecarSkewSeconds * 1e6), status, i == 20 ? kUpstreamDash : status, "10.0.3.7", path.constData(),
                                 i == 20 ? "" : "10.0.9.9:8080", "inbound|8080||"));
    }
    store.add(std::move(alb));
    store.add(std::move(gw));
    if (withSidecar) {
        side->pod = QStringLiteral("web-5c9f7d-x2k4p");
        store.add(std::move(side));
    }
    if (withPods) {
        // The sidecar's pod, and another pod, with their IPs (as a pods JSON reads them).
        auto pods = source(SourceFormat::K8sPods, QStringLiteral("pods.json"));
        for (const auto &[name, ip] : {std::pair{"Pod/web-5c9f7d-x2k4p", "10.0.9.9"}, std::pair{"Pod/web-5c9f7d-q8m2z", "10.0.9.10"}}) {
            Record r;
            r.time = Timestamp{kT0 - 3600000000LL};
            r.kind = EventKind::PodStart;
            r.object = QByteArrayView(name);
            r.upstream = QByteArrayView(ip);
            pods->append(r);
        }
        store.add(std::move(pods));
    }
    return store;
}
} // namespace

class TestEnvoyHop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gatewayIsTheIngressHop()
    {
        SourceData gw;
        gw.format = SourceFormat::Envoy;
        QVERIFY(isIngressAccessSource(gw));
        gw.sidecar = true;
        QVERIFY(!isIngressAccessSource(gw));
    }

    void sidecarMadeThe502()
    {
        const EventStore store = bundle(true, 1.5);
        const Analysis a(store, {});
        QCOMPARE(a.origin().sidecar, 1);
        QCOMPARE(a.origin().app, 0);
        QCOMPARE(a.origin().verdict, QStringLiteral("sidecar"));
        // The gateway was aligned to the ALB although it logs the ALB node, not the client.
        const SourceAlignment &al = a.timeline().alignment(SourceId{1});
        QCOMPARE(al.method, SourceAlignment::Estimated);
        QVERIFY2(std::abs(al.offsetSeconds + 1.5) < 0.1, qPrintable(al.note));
        QCOMPARE(al.joinKey, JoinKey::PeerMethodPath);
    }

    // A sidecar on a node 25 s off is aligned to the ingress (itself aligned to the ALB), on the
    // pod when the pods are loaded, else on method and path; its 502 is still found.
    void sidecarClockIsAligned_data()
    {
        QTest::addColumn<bool>("withPods");
        QTest::newRow("method and path") << false;
        QTest::newRow("pod IP from the pods") << true;
    }
    void sidecarClockIsAligned()
    {
        QFETCH(bool, withPods);
        const EventStore store = bundle(true, 1.5, 25.0, withPods);
        const Analysis a(store, {});
        const SourceAlignment &al = a.timeline().alignment(SourceId{2});
        QCOMPARE(al.method, SourceAlignment::Estimated);
        QVERIFY2(std::abs(al.offsetSeconds + 25.0) < 0.1, qPrintable(al.note));
        QCOMPARE(al.joinKey, withPods ? JoinKey::PeerMethodPath : JoinKey::MethodPath);
        QVERIFY2(al.note.contains(QStringLiteral("sidecar")), qPrintable(al.note));
        QCOMPARE(a.origin().sidecar, 1);
        QCOMPARE(a.origin().verdict, QStringLiteral("sidecar"));
    }

    void withoutTheSidecarLogTheAppMadeIt()
    {
        const EventStore store = bundle(false, 0);
        const Analysis a(store, {});
        QCOMPARE(a.origin().sidecar, 0);
        QCOMPARE(a.origin().app, 1);
        QCOMPARE(a.origin().verdict, QStringLiteral("app"));
    }

    // A parsed Istio sidecar log (inbound clusters) is marked as such; a gateway's is not.
    void parsedLogsKnowTheirHop()
    {
        QTemporaryDir dir;
        const QByteArray inbound =
            "[2026-11-21T10:00:01.000Z] \"GET /api/items/1 HTTP/1.1\" 502 UC upstream_reset_before_response_started{connection_termination} - \"-\" 0 95 3 - \"10.0.1.15\" \"curl/8.0\" \"9f1c\" \"web.shop\" \"10.0.9.9:8080\" inbound|8080|| 127.0.0.6:41235 10.0.9.9:8080 10.0.3.7:52000 outbound_.8080_._.web.shop.svc.cluster.local default\n"
            "[2026-11-21T10:00:02.000Z] \"GET /api/items/2 HTTP/1.1\" 200 - via_upstream - \"-\" 0 12 3 2 \"10.0.1.15\" \"curl/8.0\" \"9f1d\" \"web.shop\" \"10.0.9.9:8080\" inbound|8080|| 127.0.0.6:41236 10.0.9.9:8080 10.0.3.7:52001 outbound_.8080_._.web.shop.svc.cluster.local default\n";
        const QByteArray outbound =
            "[2026-11-21T10:00:01.000Z] \"GET /api/items/1 HTTP/1.1\" 502 - via_upstream - \"-\" 0 95 4 4 \"10.0.1.15\" \"curl/8.0\" \"9f1c\" \"shop.example.com\" \"10.0.9.9:8080\" outbound|8080||web.shop.svc.cluster.local 10.0.3.7:52000 10.0.3.7:8443 10.0.1.15:40000 shop.example.com -\n";
        for (const auto &[name, bytes, sidecar] :
             {std::tuple{QStringLiteral("inbound.log"), inbound, true}, std::tuple{QStringLiteral("gateway.log"), outbound, false}}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
            f.close();
            const SourceReadResult r = readSourceFile(f.fileName());
            QVERIFY2(r.primary(), qPrintable(r.unrecognisedReason));
            QCOMPARE(r.primary()->format, SourceFormat::Envoy);
            QCOMPARE(r.primary()->sidecar, sidecar);
            QCOMPARE(r.primary()->rejected.total, 0);
        }
    }

    // ingress-nginx sends its $req_id upstream as X-Request-ID, and the sidecar logs it: with every
    // request alike (one path, 20 per second) method and path cannot align a sidecar 25 s off, the
    // request id pairs each line exactly.
    void sidecarAlignedByRequestId_data()
    {
        QTest::addColumn<bool>("withIds");
        QTest::newRow("X-Request-ID logged") << true;
        QTest::newRow("no request id") << false;
    }
    void sidecarAlignedByRequestId()
    {
        QFETCH(bool, withIds);
        QTemporaryDir dir;
        QByteArray ingress, sidecar;
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(kT0 / 1000, QTimeZone::UTC);
        for (int i = 0; i < 2400; ++i) {
            const qint64 endMs = qint64(i) * 50 + 7 * (i % 13); // ingress: the response's end
            const QDateTime end = t0.addMSecs(endMs);
            const QByteArray id = withIds ? QByteArray::number(0x5eed0000000000ull + quint64(i) * 7919, 16).rightJustified(32, '0')
                                          : QByteArray("-");
            ingress += "10.0.1.15 - - [" + QLocale::c().toString(end, QStringLiteral("dd/MMM/yyyy:HH:mm:ss")).toLatin1()
                + " +0000] \"GET /api/cart HTTP/1.1\" 200 12 \"-\" \"Go-http-client/1.1\" 180 0.004 [shop-web-8080] [] "
                  "10.0.9.9:8080 12 0.004 200 " + id + "\n";
            // The sidecar's clock is 25 s ahead; it logs the start, 3 ms before the ingress' end.
            const QDateTime start = end.addMSecs(25000 - 3);
            sidecar += "[" + start.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")).toLatin1()
                + "] \"GET /api/cart HTTP/1.1\" 200 - via_upstream - \"-\" 0 12 2 2 \"10.0.1.15\" \"Go-http-client/1.1\" \""
                + id + "\" \"web.shop\" \"127.0.0.1:8080\" inbound|8080|| 127.0.0.6:41236 10.0.9.9:8080 10.0.1.15:52001 "
                  "outbound_.8080_._.web.shop.svc.cluster.local default\n";
        }
        for (const auto &[name, bytes] : {std::pair{QStringLiteral("ingress.log"), ingress}, std::pair{QStringLiteral("web-sidecar.log"), sidecar}}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
        }
        const EventStore store = BundleLoader().load({dir.path()});
        QCOMPARE(store.sourceCount(), 2);
        const Analysis a(store, {});
        int seen = 0;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            QCOMPARE(s.rejected.total, 0);
            if (!s.sidecar)
                continue;
            ++seen;
            const SourceAlignment &al = a.timeline().alignment(SourceId{int(id)});
            if (withIds) {
                QCOMPARE(al.method, SourceAlignment::Estimated);
                QVERIFY2(std::abs(al.offsetSeconds + 25.0) < 0.1, qPrintable(al.note));
                QVERIFY2(al.note.contains(QStringLiteral("X-Request-ID")), qPrintable(al.note));
            } else {
                QVERIFY2(al.method != SourceAlignment::Estimated || std::abs(al.offsetSeconds + 25.0) >= 0.1, qPrintable(al.note));
            }
        }
        QCOMPARE(seen, 1);
    }

    void requestIdHash()
    {
        const QByteArray nginx = "10.0.1.15 - - [21/Nov/2026:10:00:00 +0000] \"GET /assets/0123456789abcdef0123456789abcdef.js HTTP/1.1\" "
                                 "200 12 \"-\" \"ua\" 180 0.004 [a-b-80] [] 10.0.9.9:8080 12 0.004 200 5eed00000000000000000000001f0a3b";
        const quint64 h = gateline::requestIdHash(nginx);
        QVERIFY(h != 0);
        // The last id of the line (after the path's hash-like name), the same in the sidecar's quotes.
        QCOMPARE(gateline::requestIdHash("\"Go-http-client/1.1\" \"5EED00000000000000000000001F0A3B\" \"web.shop\""), h);
        QVERIFY(gateline::requestIdHash("\"0123456789abcdef0123456789abcdef\"") != h);
        // Envoy's own UUIDs count too; 31 or 33 digits, or a digit run inside a word, do not.
        QVERIFY(gateline::requestIdHash("\"622c1d7d-b9bf-4fea-9bc2-28dfe57ae9f0\"") != 0);
        QCOMPARE(gateline::requestIdHash("x 5eed00000000000000000000001f0a3 y"), quint64(0));
        QCOMPARE(gateline::requestIdHash("x 5eed00000000000000000000001f0a3bb y"), quint64(0));
        QCOMPARE(gateline::requestIdHash("id=g5eed00000000000000000000001f0a3b"), quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestEnvoyHop)
#include "tst_envoyhop.moc"
