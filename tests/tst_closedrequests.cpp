// The 502s closed on their request (keep-alive's own record, playbook/keepalivecause.h): each
// ingress 502 joined to its own line saying the upstream closed or reset the connection, NGINX's
// error-log line of the same request or a Traefik "caused by: EOF" line (evidencelogs.cpp), and
// nothing else: not a refused connection's 502, not a 502 with no line.
#include "analysis/analysis.h"
#include "archivewriter.h"
#include "corpustestutil.h"
#include "ingest/bundleloader.h"
#include "playbook/evidence.h"
#include "playbook/keepalivecause.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// One Traefik pod's log as `kubectl logs` gives it: its own lines (logfmt, debug level; the
// wording of traefik/traefik#3237) and the CLF access lines in one stream.
const char kTraefikLog[] =
    "time=\"2026-11-21T10:00:00Z\" level=info msg=\"Configuration loaded from flags.\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:01 +0000] \"GET /api/a HTTP/1.1\" 200 120 \"-\" \"curl/8.0\" 1 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 12ms\n"
    // the app closed the idle connection as the request went out: the line as Traefik answers
    "time=\"2026-11-21T10:00:02Z\" level=debug msg=\"'502 Bad Gateway' caused by: EOF\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/b HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 2 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 3ms\n"
    // a slow request closed on after 2 s: the line at its end
    "10.0.0.5 - - [21/Nov/2026:10:00:10 +0000] \"POST /api/c HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 3 \"shop-api@kubernetes\" \"http://10.1.4.8:8080\" 2100ms\n"
    "time=\"2026-11-21T10:00:12Z\" level=debug msg=\"'502 Bad Gateway' caused by: EOF\"\n"
    // a refused connection to a pod: not a close
    "time=\"2026-11-21T10:00:30Z\" level=debug msg=\"'502 Bad Gateway' caused by: dial tcp 10.1.4.7:8080: connect: connection refused\"\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:30 +0000] \"GET /api/d HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 4 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 1ms\n"
    // a 502 with no line of its own
    "10.0.0.5 - - [21/Nov/2026:10:00:40 +0000] \"GET /api/e HTTP/1.1\" 502 11 \"-\" \"curl/8.0\" 5 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 2ms\n"
    "10.0.0.5 - - [21/Nov/2026:10:00:50 +0000] \"GET /api/a HTTP/1.1\" 200 120 \"-\" \"curl/8.0\" 6 \"shop-api@kubernetes\" \"http://10.1.4.7:8080\" 12ms\n";

QStringList closedPaths(const QString &file)
{
    const EventStore store = BundleLoader().load({file});
    const Analysis analysis(store, AnalysisOptions{});
    const Evidence e(analysis);
    const std::vector<char> closed = closedOnRequest(e);
    QStringList out;
    for (size_t i = 0; i < closed.size(); ++i)
        if (closed[i])
            out << e.series().errors()[i].path;
    if (qint64(out.size()) != e.logs().closedRequests)
        out << QStringLiteral("count %1").arg(e.logs().closedRequests);
    return out;
}

} // namespace

class TestClosedRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void traefikEofLines()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("traefik-7c9d8b5f6-x2kq9.log"));
        QVERIFY(testutil::writeFile(path, kTraefikLog));
        QCOMPARE(closedPaths(path), QStringList({QStringLiteral("/api/b"), QStringLiteral("/api/c")}));
    }

    // kubernetes/ingress-nginx#12285 as pasted (each 502 access line after its "upstream prematurely
    // closed connection" error line), and a third 502 of the same client with no error line.
    void nginxPrematurelyClosed()
    {
        QFile corpus(corpustest::corpusPath("streams/ingress-nginx-issue-12285-prematurely-closed-502.log"));
        QVERIFY(corpus.open(QIODevice::ReadOnly));
        QByteArray text = corpus.readAll();
        text += "192.168.58.11 - - [03/Nov/2024:06:09:45 +0000] \"GET /app/home HTTP/1.1\" 502 559 \"-\" \"Mozilla/5.0\" \"-\"\n";
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("ingress-nginx-controller.log"));
        QVERIFY(testutil::writeFile(path, text));
        QCOMPARE(closedPaths(path), QStringList({QStringLiteral("/"), QStringLiteral("/favicon.ico")}));
    }
};

QTEST_GUILESS_MAIN(TestClosedRequests)
#include "tst_closedrequests.moc"
