// Every real published sample in tests/data/corpus parses: its format is sniffed from content, it
// yields records, and it rejects no line unless tests/data/corpus-rejects.txt asserts the reason.
#include "testutil.h"

#include "formats/clfline.h"
#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "ingest/sourcereader.h"
#include "ingest/streamdemux.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

class TestCorpus : public QObject
{
    Q_OBJECT
private:
    // "relative/path<TAB>reason<TAB>count" lines
    QMultiMap<QString, QPair<QString, qint64>> expectedRejects()
    {
        QMultiMap<QString, QPair<QString, qint64>> m;
        const QList<QByteArray> lines = testutil::readAll(testutil::dataPath(QStringLiteral("corpus-rejects.txt"))).split('\n');
        for (const QByteArray &l : lines) {
            if (l.startsWith('#') || l.trimmed().isEmpty())
                continue;
            const QList<QByteArray> parts = l.split('\t');
            if (parts.size() == 3)
                m.insert(QString::fromUtf8(parts[0]), {QString::fromUtf8(parts[1]), parts[2].toLongLong()});
        }
        return m;
    }

private Q_SLOTS:
    void corpus_data()
    {
        QTest::addColumn<QString>("relative");
        const QString root = testutil::dataPath(QStringLiteral("corpus"));
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext()) {
            const QString f = it.next();
            if (f.endsWith(QLatin1String("-expected.json")) || f.endsWith(QLatin1String(".md")))
                continue;
            files << QDir(root).relativeFilePath(f);
        }
        files.sort();
        QVERIFY(files.size() >= 25);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f;
    }
    void corpus()
    {
        QFETCH(QString, relative);
        const QString folder = relative.section(QLatin1Char('/'), 0, 0);
        const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/") + relative));
        // A wrapper around an application's own lines (nothing of ours inside): not read, with a
        // reason that says so.
        for (const auto &e : expectedRejects().values(relative)) {
            if (!e.first.startsWith(QLatin1String("unrecognised: ")))
                continue;
            QVERIFY2(r.sources.empty(), "read, but expected to be unrecognised");
            QVERIFY2(r.unrecognisedReason.contains(e.first.mid(14)), qPrintable(r.unrecognisedReason));
            return;
        }
        QVERIFY2(r.primary(), qPrintable(QStringLiteral("not recognised: ") + r.unrecognisedReason));
        // A format folder holds files of that format; streams/ holds interleaved or wrapped ones.
        if (folder != QLatin1String("streams"))
            QCOMPARE(formatId(r.primary()->format), folder);
        bool mayBeEmpty = false;
        for (const auto &e : expectedRejects().values(relative))
            mayBeEmpty |= e.first.startsWith(QLatin1String("no records: "));
        QVERIFY2(r.primary()->size() > 0 || mayBeEmpty, "no records");

        // Rejects summed over the sub-sources of the file.
        QMap<QString, qint64> rejected;
        qint64 rejectedTotal = 0, records = 0, linesSeen = 0;
        for (const auto &s : r.sources) {
            for (auto it = s->rejected.byReason.cbegin(); it != s->rejected.byReason.cend(); ++it)
                rejected[it.key()] += it.value();
            rejectedTotal += s->rejected.total;
            records += s->size();
            linesSeen += s->linesSeen;
        }
        const auto expected = expectedRejects().values(relative);
        qint64 expectedTotal = 0;
        for (const auto &e : expected) {
            if (e.first.startsWith(QLatin1String("no records: ")))
                continue;
            QCOMPARE(rejected.value(e.first), e.second);
            expectedTotal += e.second;
        }
        if (rejectedTotal != expectedTotal) {
            QString got;
            for (auto it = rejected.cbegin(); it != rejected.cend(); ++it)
                got += QStringLiteral("%1 x%2; ").arg(it.key()).arg(it.value());
            QFAIL(qPrintable(QStringLiteral("unexpected rejects: ") + got));
        }
        // Every physical line is counted once, by one sub-source.
        const QByteArray bytes = testutil::readAll(testutil::dataPath(QStringLiteral("corpus/") + relative));
        bool lineStream = true;
        for (const auto &s : r.sources)
            lineStream &= isStreamFormat(s->format) || s->format == SourceFormat::Alb;
        if (lineStream)
            QCOMPARE(linesSeen, qint64(bytes.count('\n') + (bytes.endsWith('\n') || bytes.isEmpty() ? 0 : 1)));
        Q_UNUSED(records);
    }

    // tests/data/corpus-lines.tsv, the per-kind line counts of the stream files, stays true: per
    // file the wrapper counts and the kind counts each add up to the physical lines, the wrapper is
    // the one the reader detects, and the pods the file names are its sub-sources' pods.
    void linesTable()
    {
        QMap<QString, qint64> wrapperLines, kindLines;
        QMap<QString, QString> wrapperOf;
        QMap<QString, QStringList> podsOf;
        const QList<QByteArray> rows = testutil::readAll(testutil::dataPath(QStringLiteral("corpus-lines.tsv"))).split('\n');
        for (const QByteArray &row : rows) {
            if (row.startsWith('#') || row.trimmed().isEmpty())
                continue;
            const QList<QByteArray> parts = row.split('\t');
            QCOMPARE(parts.size(), 3);
            const QString file = QString::fromUtf8(parts[0]), kind = QString::fromUtf8(parts[1]);
            if (kind == QLatin1String("pods")) {
                podsOf[file] = QString::fromUtf8(parts[2]).split(QLatin1Char(','));
            } else if (kind.startsWith(QLatin1String("wrapper:"))) {
                wrapperLines[file] += parts[2].toLongLong();
                wrapperOf[file] = kind.mid(8);
            } else {
                kindLines[file] += parts[2].toLongLong();
            }
        }
        QVERIFY(wrapperOf.size() >= 25);
        const QMap<QString, Wrapper> wrappers{
            {QStringLiteral("none"), Wrapper::None}, {QStringLiteral("cri"), Wrapper::Cri},
            {QStringLiteral("docker-json"), Wrapper::DockerJson}, {QStringLiteral("kubectl-timestamps"), Wrapper::KubectlTimestamps},
            {QStringLiteral("kubectl-prefix"), Wrapper::KubectlPrefix}, {QStringLiteral("stern"), Wrapper::Stern},
            {QStringLiteral("stern-namespaced"), Wrapper::SternNamespaced}, {QStringLiteral("loki-logcli"), Wrapper::LokiLogcli},
            {QStringLiteral("loki-jsonl"), Wrapper::LokiJsonl}};
        for (auto it = wrapperOf.cbegin(); it != wrapperOf.cend(); ++it) {
            const QString &file = it.key();
            const QByteArray bytes = testutil::readAll(testutil::dataPath(QStringLiteral("corpus/") + file));
            const qint64 lines = bytes.count('\n') + (bytes.endsWith('\n') || bytes.isEmpty() ? 0 : 1);
            QVERIFY2(lines > 0, qPrintable(file));
            QVERIFY2(wrapperLines.value(file) == lines, qPrintable(file + QStringLiteral(": wrapper lines")));
            QVERIFY2(kindLines.value(file) == lines, qPrintable(file + QStringLiteral(": kind lines")));
            const QByteArrayView head = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 64 * 1024));
            if (it.value() == QLatin1String("loki-query-range-json")) {
                QVERIFY2(looksLikeLokiExport(head), qPrintable(file));
            } else {
                QVERIFY2(wrappers.contains(it.value()), qPrintable(file + QStringLiteral(": unknown wrapper ") + it.value()));
                QVERIFY2(LineUnwrapper::detect(head, &isKnownLine) == wrappers.value(it.value()), qPrintable(file));
            }
        }
        for (auto it = podsOf.cbegin(); it != podsOf.cend(); ++it) {
            const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/") + it.key()));
            QStringList pods;
            for (const auto &s : r.sources)
                if (!pods.contains(s->pod))
                    pods << s->pod;
            pods.sort();
            QStringList expected = it.value();
            expected.sort();
            QCOMPARE(pods, expected);
        }
    }

    // Contour's troubleshooting page: Envoy's default access format (no Istio fields) at the ingress
    // hop, a 503 with the UF flag, upstream service time '-' and a duration of 1998 ms (the 2 s
    // default connect timeout): Envoy gave up connecting, the app never answered.
    void contourEnvoyUf()
    {
        const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/envoy/contour-docs-common-errors-503-uf.log")));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.format, SourceFormat::Envoy);
        QCOMPARE(s.size(), qsizetype(1));
        QCOMPARE(s.rejected.total, qint64(0));
        QCOMPARE(s.time(0).us, qint64(1707232697437000)); // 2024-02-06T15:18:17.437Z
        QCOMPARE(s.status(0), qint16(503));
        QCOMPARE(s.upstreamStatus(0), kUpstreamDash);
        QCOMPARE(s.bytes(SourceData::Reason, 0).toByteArray(), QByteArray("UF"));
        QCOMPARE(s.bytes(SourceData::Client, 0).toByteArray(), QByteArray("103.67.2.26"));
        QCOMPARE(s.bytes(SourceData::Host, 0).toByteArray(), QByteArray("example.projectcontour.io"));
        QCOMPARE(s.bytes(SourceData::Upstream, 0).toByteArray(), QByteArray("10.244.8.27:8080"));
        QCOMPARE(s.durationMs(0), 1998.0f);
        QVERIFY(!s.sidecar);
    }

    // oracle-database-operator's docs: `kubectl get events -A` (a NAMESPACE column first) with a
    // `% ` shell prompt above it. Every row is an event in its namespace; ages are relative to one
    // capture time, so their spacing is exact; the prompt is the only line that is no row.
    void oracleEventsAllNamespaces()
    {
        const SourceReadResult r = readSourceFile(
            testutil::dataPath(QStringLiteral("corpus/k8s-events/oracle-dbop-docs-kubectl-get-events-A.txt")));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.size(), qsizetype(9));
        QCOMPARE(s.rejected.total, qint64(1));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(1));
        for (qsizetype i = 0; i < s.size(); ++i)
            QCOMPARE(s.kind(i), EventKind::K8sEvent);
        const auto str = [&s](SourceData::StringColumn c, qsizetype i) { return s.bytes(c, i).toByteArray(); };
        QCOMPARE(str(SourceData::Namespace, 0), QByteArray("kube-system"));
        QCOMPARE(str(SourceData::Reason, 0), QByteArray("BackOff"));
        QCOMPARE(str(SourceData::Object, 0), QByteArray("Pod/kube-apiserver"));
        QCOMPARE(str(SourceData::Text, 0), QByteArray("Back-off restarting failed container"));
        QVERIFY(s.flags(0) & FlagWarning);
        QCOMPARE(str(SourceData::Namespace, 8), QByteArray("oracle-database-operator-system"));
        QCOMPARE(str(SourceData::Reason, 8), QByteArray("Created"));
        QCOMPARE(str(SourceData::Object, 8), QByteArray("Pdb/pdb1"));
        QCOMPARE(str(SourceData::Text, 8), QByteArray("PDB 'pdbnew' plugged successfully"));
        QVERIFY(!(s.flags(8) & FlagWarning));
        QCOMPARE(str(SourceData::Reason, 2), QByteArray("Created"));
        QCOMPARE(str(SourceData::Text, 2), QByteArray("PDB 'pdbnewclone' cloned successfully"));
        // 33s and 39m before the same capture time.
        QCOMPARE(s.time(0).us - s.time(8).us, qint64(39 * 60 - 33) * 1000000);
        QCOMPARE(s.time(2).us - s.time(1).us, qint64(8 * 60) * 1000000);
    }

    // The same page's first table: the pasted rows are cut with `...` lines, and the rows after a cut
    // were edited so that their MESSAGE starts one column right of the header's. Those rows are still
    // read whole (the message not cut, the object not run into it); each `...` and the prompt are
    // the rejects.
    void oracleEventsElidedAndShifted()
    {
        const SourceReadResult r = readSourceFile(
            testutil::dataPath(QStringLiteral("corpus/k8s-events/oracle-dbop-docs-kubectl-get-events-A-errors.txt")));
        QCOMPARE(r.sources.size(), size_t(1));
        const SourceData &s = *r.primary();
        QCOMPARE(s.size(), qsizetype(7));
        QCOMPARE(s.rejected.total, qint64(4));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("not an event table row")), qint64(4));
        const auto str = [&s](SourceData::StringColumn c, qsizetype i) { return s.bytes(c, i).toByteArray(); };
        QCOMPARE(str(SourceData::Object, 0), QByteArray("Pod/cdb-dev-ords-qiigr"));
        QCOMPARE(str(SourceData::Reason, 0), QByteArray("Failed"));
        QCOMPARE(str(SourceData::Text, 0), QByteArray("Error: secret \"cdb1-secret\" not found"));
        QCOMPARE(str(SourceData::Object, 3), QByteArray("Pdb/pdb1"));
        QCOMPARE(str(SourceData::Reason, 3), QByteArray("OraError"));
        QCOMPARE(str(SourceData::Text, 3), QByteArray("ORA-65016: FILE_NAME_CONVERT must be specified..."));
        QVERIFY(s.flags(3) & FlagWarning);
        QCOMPARE(str(SourceData::Object, 5), QByteArray("Pdb/pdb1"));
        QCOMPARE(str(SourceData::Text, 5), QByteArray("PDB 'demotest' created successfully"));
        QVERIFY(!(s.flags(5) & FlagWarning));
        QCOMPARE(str(SourceData::Object, 6), QByteArray("Pdb/pdb3"));
        QCOMPARE(str(SourceData::Text, 6), QByteArray("ORA-65012: Pluggable database DEMOTEST already exists..."));
        for (qsizetype i = 0; i < s.size(); ++i)
            QCOMPARE(str(SourceData::Namespace, i), QByteArray("oracle-database-operator-system"));
        QCOMPARE(s.time(6).us - s.time(0).us, qint64(58 - 17) * 60 * 1000000);
    }

    // Loki's LogCLI page (2020, Apache-2.0 then): a pasted terminal session, `logcli labels job` and
    // `logcli query` with logcli's own URL and "Common labels" lines; only its last two lines are
    // logcli entries, and what they carry is a Consul raft log, no line of ours. Not read, and the
    // reason says so; the two entries unwrap to their time, labels and Consul text.
    void lokiLogcliDocs()
    {
        const QString path = testutil::dataPath(QStringLiteral("corpus/streams/loki-docs-logcli-query-default.txt"));
        const SourceReadResult r = readSourceFile(path);
        QVERIFY(r.sources.empty());
        QVERIFY2(r.unrecognisedReason.contains(QLatin1String("no known format")), qPrintable(r.unrecognisedReason));
        const QList<QByteArray> lines = testutil::readAll(path).split('\n');
        QCOMPARE(lines.size(), qsizetype(12)); // 11 lines and the empty rest after the last newline
        LineUnwrapper logcli(Wrapper::LokiLogcli);
        UnwrappedLine u;
        QString why;
        QVERIFY(!logcli.unwrap(lines[8], &u, &why)); // "Common labels: {...}" is logcli's, but no entry
        QVERIFY(logcli.unwrap(lines[9], &u, &why));
        QCOMPARE(u.time.us, qint64(1529931129) * 1000000); // 2018-06-25T12:52:09Z
        QCOMPARE(u.content.toByteArray(), QByteArray("2018/06/25 12:52:09 [INFO] raft: Snapshot to 475409 complete"));
        QVERIFY(!isKnownLine(u.content));
        QVERIFY(logcli.unwrap(lines[10], &u, &why));
        QCOMPARE(u.content.toByteArray(), QByteArray("2018/06/25 12:52:09 [INFO] raft: Compacting logs from 456973 to 465169"));
    }

    // Those Consul lines have the NGINX error log's date shape, but "[INFO]" is the level of Go's
    // log package (HashiCorp tools, many apps), not one of NGINX's lower-case levels: no NGINX error
    // line, so a file of them is no NGINX error log; inside an NGINX error log such a line is
    // rejected for its level, never glued to the event before it.
    void goLogLinesAreNoNginxErrors()
    {
        const QList<QByteArray> corpus =
            testutil::readAll(testutil::dataPath(QStringLiteral("corpus/streams/loki-docs-logcli-query-default.txt"))).split('\n');
        const QByteArray snapshot = corpus[9].sliced(corpus[9].indexOf("} ") + 2);
        const QByteArray compacting = corpus[10].sliced(corpus[10].indexOf("} ") + 2);
        QVERIFY(snapshot.startsWith("2018/06/25 12:52:09 [INFO] raft: "));
        QCOMPARE(classifyLine(snapshot), LineKind::Unknown);
        QVERIFY(!looksLikeNginxErrorLine(snapshot));
        for (const char *level : {"debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"}) {
            const QByteArray line = QByteArray("2018/06/25 12:52:09 [") + level + "] 1#1: start worker process 52";
            QCOMPARE(classifyLine(line), LineKind::NginxError);
            QVERIFY(looksLikeNginxErrorLine(line));
        }
        QCOMPARE(classifyLine("2018/06/25 12:52:09 [WARN] agent: x"), LineKind::Unknown);
        QCOMPARE(classifyLine("2018/06/25 12:52:09 [errorx] x"), LineKind::Unknown);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto writeFile = [](const QString &path, const QByteArray &bytes) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        const QString goLog = dir.filePath(QStringLiteral("consul.log"));
        QVERIFY(writeFile(goLog, snapshot + '\n' + compacting + '\n'));
        const SourceReadResult go = readSourceFile(goLog);
        QVERIFY(go.sources.empty());
        QVERIFY2(go.unrecognisedReason.contains(QLatin1String("no known format")), qPrintable(go.unrecognisedReason));

        const QString mixed = dir.filePath(QStringLiteral("error.log"));
        QVERIFY(writeFile(mixed,
            "2016/10/25 14:49:34 [error] 54053#0: *1 connect() failed (111: Connection refused) while connecting to upstream, "
            "client: 10.0.0.1, server: _, request: \"GET / HTTP/1.1\", upstream: \"http://10.1.2.3:8080/\", host: \"a\"\n"
            + snapshot + "\n"
            "2016/10/25 14:49:35 [warn] 54053#0: *2 an upstream response is buffered to a temporary file\n"));
        const SourceReadResult n = readSourceFile(mixed);
        QVERIFY(n.primary());
        const SourceData &s = *n.primary();
        QCOMPARE(s.format, SourceFormat::NginxError);
        QCOMPARE(s.size(), qsizetype(2));
        QCOMPARE(s.rejected.total, qint64(1));
        QCOMPARE(s.rejected.byReason.value(QStringLiteral("bad log level")), qint64(1));
        QVERIFY(!s.bytes(SourceData::Text, 0).toByteArray().contains("raft"));
    }

    // A plain Envoy's access log with %RESPONSE_CODE_DETAILS% after the flags, published as
    // `docker compose logs -f -t` shows it ("envoy-1         | <RFC 3339 ns> <line>", next to a Go
    // backend's "request_info-1  | ..." lines). That prefix is no wrapper Gateline knows, so the files
    // are not read (asserted); with the prefix taken off, each Envoy line reads with its flag and
    // who made the response: UT (504, the route timeout, the app never answered), UH (503, no
    // healthy upstream, no upstream host) and URX (500 via_upstream: the app's own 500, retried).
    void composeWrappedEnvoyFlags()
    {
        struct Case {
            const char *file;
            qsizetype lines;
            qint16 status;
            const char *flag;
            qint16 upstreamStatus;
            const char *upstream;
            float durationMs;
            qint64 timeUs;
        };
        const Case cases[] = {
            {"renuka-examples-envoy-compose-504-ut.log", 2, 504, "UT", kUpstreamDash, "172.27.0.2:8080", 4497.0f, 1721459154173000},
            {"renuka-examples-envoy-compose-503-uh.log", 1, 503, "UH", kUpstreamDash, "", 0.0f, 1721459184729000},
            {"renuka-examples-envoy-compose-500-urx.log", 5, 500, "URX", 500, "192.168.48.2:8080", 59.0f, 1721461534828000},
        };
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const Case &c : cases) {
            const QString path = testutil::dataPath(QStringLiteral("corpus/streams/") + QLatin1String(c.file));
            const SourceReadResult wrapped = readSourceFile(path);
            QVERIFY2(wrapped.sources.empty(), c.file);
            QVERIFY2(wrapped.unrecognisedReason.contains(QLatin1String("no known format")), qPrintable(wrapped.unrecognisedReason));
            QByteArray envoy;
            qsizetype lines = 0, backendLines = 0;
            for (const QByteArray &line : testutil::readAll(path).split('\n')) {
                if (line.isEmpty())
                    continue;
                ++lines;
                const qsizetype bar = line.indexOf(" | ");
                QVERIFY2(bar > 0, line.constData());
                Timestamp composeTime;
                QByteArrayView inner;
                QVERIFY(splitLeadingTimestamp(QByteArrayView(line).sliced(bar + 3), &composeTime, &inner));
                if (line.startsWith("envoy-1 ")) {
                    QCOMPARE(classifyLine(inner), LineKind::EnvoyAccess);
                    envoy += inner.toByteArray() + '\n';
                } else {
                    QVERIFY(line.startsWith("request_info-1 "));
                    QCOMPARE(classifyLine(inner), LineKind::Unknown); // Go's "[INFO]", not NGINX's
                    ++backendLines;
                }
            }
            QCOMPARE(lines, c.lines);
            QCOMPARE(backendLines, c.lines - 1);
            const QString innerPath = dir.filePath(QLatin1String(c.file));
            QFile f(innerPath);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(envoy) == envoy.size());
            f.close();
            const SourceReadResult r = readSourceFile(innerPath);
            QVERIFY2(r.primary(), qPrintable(r.unrecognisedReason));
            const SourceData &s = *r.primary();
            QCOMPARE(s.format, SourceFormat::Envoy);
            QCOMPARE(s.size(), qsizetype(1));
            QCOMPARE(s.rejected.total, qint64(0));
            QCOMPARE(s.time(0).us, c.timeUs);
            QCOMPARE(s.status(0), c.status);
            QCOMPARE(s.bytes(SourceData::Reason, 0).toByteArray(), QByteArray(c.flag));
            QCOMPARE(s.upstreamStatus(0), c.upstreamStatus);
            QCOMPARE(s.bytes(SourceData::Upstream, 0).toByteArray(), QByteArray(c.upstream));
            QCOMPARE(s.durationMs(0), c.durationMs);
            QCOMPARE(s.bytes(SourceData::Host, 0).toByteArray(), QByteArray("localhost"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
