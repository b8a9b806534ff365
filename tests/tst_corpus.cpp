// Every real published sample in tests/data/corpus parses: its format is sniffed from content, it
// yields records, and it rejects no line unless tests/data/corpus-rejects.txt asserts the reason;
// tests/data/corpus-lines.tsv accounts for every line of every file. What matters in each sample is
// asserted in tst_corpus_docs (samples from projects' files and documentation) and
// tst_corpus_threads (log lines users pasted in public issue threads).
#include "testutil.h"

#include "formats/linekind.h"
#include "formats/linewrapper.h"
#include "ingest/sourcereader.h"
#include "ingest/streamdemux.h"

#include <QDirIterator>
#include <QFile>
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
    // Every file of the corpus is real and says where it came from: its path (folder/file) is
    // named in PROVENANCE.md, with its source, commit and licence (the corpus README's rule).
    void everyFileHasItsProvenance()
    {
        const QString root = testutil::dataPath(QStringLiteral("corpus"));
        QFile provenance(root + QStringLiteral("/PROVENANCE.md"));
        QVERIFY(provenance.open(QIODevice::ReadOnly));
        const QByteArray text = provenance.readAll();
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        qsizetype files = 0;
        while (it.hasNext()) {
            const QString relative = QDir(root).relativeFilePath(it.next());
            if (relative == QLatin1String("PROVENANCE.md") || relative == QLatin1String("README.md"))
                continue;
            ++files;
            QVERIFY2(text.contains(relative.toUtf8()), qPrintable(relative + QStringLiteral(" has no PROVENANCE.md row")));
        }
        QVERIFY(files >= 100);
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
            {QStringLiteral("loki-jsonl"), Wrapper::LokiJsonl}, {QStringLiteral("docker-compose"), Wrapper::DockerCompose},
            {QStringLiteral("docker-service"), Wrapper::DockerService}};
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
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
