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

    // Behind an ALB the ingress's client is one of a few ALB nodes, so under load many requests
    // share client, method and path within the join's window. Each error line is one request's: a
    // refused connect to another server of the same path, with its own "connect() failed" line, and
    // a second 502 to the same server with no line of its own are not closed on (before the join
    // was one to one and matched the server, a spike's refused connects each took some other
    // request's "prematurely closed" line: 8,723 flagged from 2,059 such lines, training study
    // draws where keep-alive then claimed the overload's 502s).
    void nginxOneLinePerRequest()
    {
        const char log[] =
            "2026/11/21 10:00:01 [error] 31#31: *497973 upstream prematurely closed connection while reading response header from upstream, client: 10.1.160.248, server: api.pied.app, request: \"GET /api/users/me HTTP/1.1\", upstream: \"http://10.1.4.7:8081/api/users/me\", host: \"api.pied.app\"\n"
            "10.1.160.248 - - [21/Nov/2026:10:00:01 +0000] \"GET /api/users/me HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 483 0.004 [shop-api-8081] [] 10.1.4.7:8081 0 0.004 502 e6a4e9f44511924a205d42f7b590beab\n"
            "2026/11/21 10:00:01 [error] 33#33: *497990 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.160.248, server: api.pied.app, request: \"GET /api/users/me HTTP/1.1\", upstream: \"http://10.1.4.8:8081/api/users/me\", host: \"api.pied.app\"\n"
            "10.1.160.248 - - [21/Nov/2026:10:00:01 +0000] \"GET /api/users/me HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 402 0.001 [shop-api-8081] [] 10.1.4.8:8081 0 0.001 502 fb96fa7ad4ed8cee6ccf3112cef3b906\n"
            "10.1.160.248 - - [21/Nov/2026:10:00:02 +0000] \"GET /api/users/me HTTP/1.1\" 502 150 \"-\" \"curl/8.0\" 402 0.002 [shop-api-8081] [] 10.1.4.7:8081 0 0.002 502 34db445c73c3d3fb3cd4f35505b87d48\n"
            "10.1.160.248 - - [21/Nov/2026:10:00:03 +0000] \"GET /api/users/me HTTP/1.1\" 200 312 \"-\" \"curl/8.0\" 402 0.012 [shop-api-8081] [] 10.1.4.7:8081 312 0.012 200 d8a27d9eb45f1e845544cc4c798ef41d\n";
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("ingress-nginx-controller.log"));
        QVERIFY(testutil::writeFile(path, log));
        QCOMPARE(closedPaths(path), QStringList({QStringLiteral("/api/users/me")}));
    }
};

QTEST_GUILESS_MAIN(TestClosedRequests)
#include "tst_closedrequests.moc"
