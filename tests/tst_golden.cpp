// Golden-file tests for every parser: tests/data/golden/<format>/<input> is parsed with that
// format's parser and compared with <input>.expected. Sniffing must pick the folder's format.
// Regenerate the references with scripts/regen-golden.sh.
#include "testutil.h"

#include "ingest/sourcereader.h"
#include "store/recorddump.h"

#include <QDir>
#include <QDirIterator>
#include <QTest>

using namespace gateline;

class TestGolden : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsers_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("input");
        QDirIterator it(testutil::dataPath(QStringLiteral("golden")), QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext())
            files << it.next();
        files.sort();
        for (const QString &f : files) {
            if (f.endsWith(QLatin1String(".expected")) || f.endsWith(QLatin1String(".md")))
                continue;
            const QString format = QFileInfo(f).dir().dirName();
            QTest::newRow(qPrintable(format + QLatin1Char('/') + QFileInfo(f).fileName())) << format << f;
        }
    }
    void parsers()
    {
        QFETCH(QString, format);
        QFETCH(QString, input);
        const SourceFormat f = formatFromId(format);
        QVERIFY2(f != SourceFormat::Unknown, qPrintable(QStringLiteral("unknown format folder ") + format));

        const SourceReadResult sniffed = readSourceFile(input);
        QVERIFY2(sniffed.primary(), qPrintable(QStringLiteral("not recognised: ") + sniffed.unrecognisedReason));
        // The folder's format must be read from the file (the largest sub-source of that format is
        // dumped first); a stream of several line kinds or replicas dumps every other one after it.
        const SourceData *main = nullptr;
        for (const auto &sub : sniffed.sources)
            if (sub->format == f && (!main || sub->size() > main->size()))
                main = sub.get();
        QVERIFY2(main, qPrintable(QStringLiteral("no sub-source of format ") + format));
        QString actual = dumpRecords(*main);
        for (const auto &sub : sniffed.sources) {
            if (sub.get() == main)
                continue;
            actual += QStringLiteral("\n== sub-source %1 #%2 (%3)\n")
                          .arg(formatId(sub->format), sub->pod, sub->wrapper)
                      + dumpRecords(*sub);
        }
        QString diff;
        QVERIFY2(testutil::matchesGolden(input + QStringLiteral(".expected"), actual, &diff), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
