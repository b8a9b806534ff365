// Go's resolver errors in a proxy's own log (Traefik's "'502 Bad Gateway' caused by: dial tcp:
// lookup NAME on SERVER:53: reason") as dns-failure's evidence: counted like NGINX's "could not be
// resolved", and each joined to the Traefik 502 it explains (evidencelogs.cpp matchProxyDnsLines).
#include "analysis/analysis.h"
#include "formats/controllermessage.h"
#include "ingest/bundleloader.h"
#include "playbook/evidencelogs.h"
#include "playbook/evidenceseries.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// One Traefik pod's log as `kubectl logs` gives it: its own lines (logfmt, debug level) and the
// CLF access lines (count "router" "server URL" Nms) in one stream.
const char kTraefikLog[] =
    "time=\"2026-11-21T10:00:00Z\" level=info msg=\"Configuration loaded from flags.\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:01 +0000] \"GET /api/a HTTP/1.1\" 200 120 \"-\" \"curl/8.0\" 1 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 12ms\n"
    // a failed lookup: the line as Traefik answers, the access line (its start) in the same second
    "time=\"2026-11-21T10:00:02Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp: lookup payments.shop.svc.cluster.local on 10.96.0.10:53: server misbehaving\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:02 +0000] \"POST /api/pay HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 2 \"shop-pay@kubernetes\" \"http://payments.shop.svc.cluster.local:80\" 3ms\n"
    // a lookup that timed out: the access line starts 5 s before the line (its end)
    "10.0.0.5 - - [21/Nov/2026:10:00:10 +0000] \"POST /api/pay HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 3 \"shop-pay@kubernetes\" \"http://payments.shop.svc.cluster.local:80\" 5002ms\n"
    "time=\"2026-11-21T10:00:15Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp: lookup payments.shop.svc.cluster.local on 10.96.0.10:53: read udp 10.1.0.9:41234->10.96.0.10:53: i/o timeout\"\n"
    // a rollout's 502 to a pod in the same second as a failed lookup: not the lookup's
    "time=\"2026-11-21T10:00:20Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp: lookup payments.shop.svc.cluster.local on 10.96.0.10:53: no such host\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:20 +0000] \"GET /api/a HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 4 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 1ms\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:20 +0000] \"POST /api/pay HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 5 \"shop-pay@kubernetes\" \"http://payments.shop.svc.cluster.local:80\" 2ms\n"
    // a refused connection to a pod: the upstream's, not DNS
    "time=\"2026-11-21T10:00:30Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp 10.1.4.7:8080: connect: connection refused\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:30 +0000] \"GET /api/a HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 6 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 1ms\n"
    // the provider's own failed lookup answers no request; the 502 of the same second to another
    // name has no line of its own
    "time=\"2026-11-21T10:00:40Z\" level=error msg=\"Provider connection error: dial tcp: lookup kubernetes.default.svc on 10.96.0.10:53: i/o timeout\" providerName=kubernetes\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:40 +0000] \"GET /api/orders HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 7 \"shop-orders@kubernetes\" \"http://orders.shop.svc.cluster.local:80\" 2ms\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:50 +0000] \"GET /api/a HTTP/1.1\" 200 120 \"-\" \"curl/8.0\" 8 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 12ms\n";

} // namespace

class TestProxyDns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void traefikLookupsAreDnsEvidence()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile f(dir.filePath(QStringLiteral("traefik-7c9d8b5f6-x2kq9.log")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kTraefikLog);
        f.close();
        const EventStore store = BundleLoader().load({f.fileName()});
        int access = 0, own = 0;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceData &s = store.source(SourceId{int(id)});
            QCOMPARE(s.rejected.total, 0);
            access += s.format == SourceFormat::TraefikClf;
            own += s.format == SourceFormat::ControllerLog;
            if (s.format != SourceFormat::ControllerLog)
                continue;
            // every lookup line is DNS trouble, the i/o timeout one too; the refusal is the upstream's
            QStringList reasons;
            for (qsizetype i = 0; i < s.size(); ++i)
                reasons << QString::fromUtf8(s.bytes(SourceData::Reason, i));
            QCOMPARE(reasons, QStringList({QStringLiteral("reload"), QStringLiteral("dns"), QStringLiteral("dns"),
                                           QStringLiteral("dns"), QStringLiteral("upstream-refused"), QStringLiteral("dns")}));
        }
        QCOMPARE(access, 1);
        QCOMPARE(own, 1);

        const Analysis analysis(store, AnalysisOptions{});
        const ErrorSeries series(analysis);
        QCOMPARE(series.errors().size(), size_t(6));
        const LogFeatures logs = computeLogFeatures(analysis, series);
        QVERIFY(!logs.haveErrorLog); // no NGINX error log
        QCOMPARE(logs.count(UpstreamErrorCategory::DnsUnresolved), 0);
        QCOMPARE(logs.proxyDnsLines, 3);       // not the provider's
        QCOMPARE(logs.proxyUpstreamLines, 4);  // the three and the refusal
        QCOMPARE(logs.dnsLines(), 3);
        QCOMPARE(logs.dnsShare(), 0.75);
        QCOMPARE(logs.unresolvedHosts.value(QStringLiteral("payments.shop.svc.cluster.local")), 3);
        QCOMPARE(logs.unresolvedHosts.size(), 1);
        QCOMPARE(logs.unresolvedTimes.size(), size_t(3));

        // The 502s the lines are: /api/pay at 10:00:02, 10:00:10 (+5 s), 10:00:20; not the pod's
        // 502 of 10:00:20, the refusal, the other name's 502.
        QStringList claimed;
        for (size_t i = 0; i < series.errors().size(); ++i)
            if (logs.unresolvedRequest[i])
                claimed << series.errors()[i].path;
        QCOMPARE(logs.unresolvedRequests, 3);
        QCOMPARE(claimed, QStringList({QStringLiteral("/api/pay"), QStringLiteral("/api/pay"), QStringLiteral("/api/pay")}));
    }
};

QTEST_GUILESS_MAIN(TestProxyDns)
#include "tst_proxydns.moc"
