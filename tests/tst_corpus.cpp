// Every real published sample in tests/data/corpus parses: its format is sniffed from content, it
// yields records, and it rejects no line unless tests/data/corpus-rejects.txt asserts the reason.
#include "testutil.h"

#include "ingest/sourcereader.h"

#include <QDirIterator>
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
        const QString format = relative.section(QLatin1Char('/'), 0, 0);
        const SourceReadResult r = readSourceFile(testutil::dataPath(QStringLiteral("corpus/") + relative));
        QVERIFY2(r.data, qPrintable(QStringLiteral("not recognised: ") + r.unrecognisedReason));
        QCOMPARE(formatId(r.data->format), format);
        QVERIFY2(r.data->size() > 0, "no records");

        const auto expected = expectedRejects().values(relative);
        qint64 expectedTotal = 0;
        for (const auto &e : expected) {
            QCOMPARE(r.data->rejected.byReason.value(e.first), e.second);
            expectedTotal += e.second;
        }
        if (r.data->rejected.total != expectedTotal) {
            QString got;
            for (auto it = r.data->rejected.byReason.cbegin(); it != r.data->rejected.byReason.cend(); ++it)
                got += QStringLiteral("%1 x%2; ").arg(it.key()).arg(it.value());
            QFAIL(qPrintable(QStringLiteral("unexpected rejects: ") + got));
        }
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
