// The column cache (core/cache/columncache.h): a second load of the same bundle reads every file
// from the cache and gives the same records and analysis; a changed file (appended, touched,
// rewritten with the same size and time), a damaged entry, an entry of another format version and
// other parse options are not used; the folder is bounded, and keeps no temporaries of writes; the
// switch turns it off; a day's five-minute files are big enough to be cached.
#include "analysis/analysis.h"
#include "cache/columncache.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "report/jsonreport.h"
#include "storecompare.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

QByteArray analysisJson(const EventStore &s)
{
    const Analysis a(s, {});
    return QJsonDocument(analysisToJson(a)).toJson();
}

QStringList entries()
{
    return QDir(ColumnCache::defaultFolder()).entryList({QStringLiteral("*.glc")}, QDir::Files);
}

QString largestFile(const QString &dir, const QString &nameFilter)
{
    QString best;
    qint64 size = -1;
    QDirIterator it(dir, {nameFilter}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (QFileInfo(f).size() > size) {
            size = QFileInfo(f).size();
            best = f;
        }
    }
    return best;
}

} // namespace

class TestColumnCache : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QTemporaryDir m_cacheHome; // this test's own cache folder: ctest runs other tests beside it
    int m_files = 0;

private Q_SLOTS:
    void initTestCase()
    {
        // Not the shared test cache folder (~/.qttest/cache): tests running at the same time use it,
        // and this one empties and trims its cache.
        qputenv("XDG_CACHE_HOME", m_cacheHome.path().toLocal8Bit());
        QVERIFY(ColumnCache::defaultFolder().startsWith(m_cacheHome.path()));
        QDir(ColumnCache::defaultFolder()).removeRecursively();
        ColumnCache::setEnabled(true);
        ColumnCache::setMinFileBytes(0); // every file, however small
        GeneratorOptions o;
        o.targetAlbLines = 40000;
        o.ingressSkewSeconds = 2.5;
        o.seed = 5;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, m_dir.path(), &truth, &error), qPrintable(error));
        m_files = int(BundleLoader::expandInputs({m_dir.path()}, nullptr).size());
        QVERIFY(m_files > 5);
    }

    void secondOpenReadsTheCache()
    {
        ColumnCache::setEnabled(false);
        const EventStore parsed = BundleLoader().load({m_dir.path()});
        QCOMPARE(parsed.columnCache.written, 0);
        QVERIFY(entries().isEmpty());
        ColumnCache::setEnabled(true);

        const EventStore first = BundleLoader().load({m_dir.path()});
        QCOMPARE(first.columnCache.hits, 0);
        QCOMPARE(first.columnCache.misses, first.pruning.filesRead);
        // Every recognised file has its entry.
        QCOMPARE(first.columnCache.written, first.pruning.filesRead - int(first.unrecognised.size()));
        QVERIFY(first.columnCache.written >= m_files - 2);
        QCOMPARE(int(entries().size()), first.columnCache.written);

        const EventStore second = BundleLoader().load({m_dir.path()});
        QCOMPARE(second.columnCache.hits, first.columnCache.written);
        QCOMPARE(second.columnCache.written, 0);
        compareStores(parsed, first);
        compareStores(parsed, second);
        QCOMPARE(analysisJson(second), analysisJson(parsed));
        QCOMPARE(second.unrecognised.size(), parsed.unrecognised.size());
    }

    void changedFilesAreParsedAgain()
    {
        const QString alb = largestFile(m_dir.path(), QStringLiteral("*.log.gz"));
        const QString ingress = largestFile(m_dir.path(), QStringLiteral("*.log"));
        QVERIFY(!alb.isEmpty() && !ingress.isEmpty());
        BundleLoader().load({m_dir.path()}); // all entries present

        // Touched: same bytes, another time. Parsed again, and the entry rewritten.
        QFile f(alb);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600), QFileDevice::FileModificationTime));
        f.close();
        EventStore s = BundleLoader().load({alb});
        QCOMPARE(s.columnCache.stale, 1);
        QCOMPARE(s.columnCache.written, 1);
        QCOMPARE(BundleLoader().load({alb}).columnCache.hits, 1);

        // Grown: the appended line is there on the next open.
        const qint64 before = BundleLoader().load({ingress}).totalRecords();
        QFile g(ingress);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QByteArray lastLine = g.readAll();
        g.close();
        lastLine = lastLine.sliced(lastLine.lastIndexOf('\n', lastLine.size() - 2) + 1);
        QVERIFY(g.open(QIODevice::Append));
        g.write(lastLine);
        g.close();
        s = BundleLoader().load({ingress});
        QCOMPARE(s.columnCache.stale, 1);
        QCOMPARE(s.totalRecords(), before + 1);

        // Rewritten in place with the same size and modification time: the content fingerprint
        // (first and last 64 KiB) tells.
        QVERIFY(g.open(QIODevice::ReadWrite));
        const QDateTime mtime = QFileInfo(ingress).lastModified();
        QByteArray all = g.readAll();
        const qsizetype at = all.lastIndexOf(" 200 ");
        QVERIFY(at > 0);
        all.replace(at, 5, " 503 ");
        g.seek(0);
        g.write(all);
        QVERIFY(g.setFileTime(mtime, QFileDevice::FileModificationTime));
        g.close();
        QCOMPARE(QFileInfo(ingress).size(), qint64(all.size()));
        s = BundleLoader().load({ingress});
        QCOMPARE(s.columnCache.stale, 1);
        ColumnCache::setEnabled(false);
        const EventStore fresh = BundleLoader().load({ingress});
        ColumnCache::setEnabled(true);
        compareStores(fresh, s);
    }

    void damagedAndOldEntriesAreIgnored()
    {
        const QString alb = largestFile(m_dir.path(), QStringLiteral("*.log.gz"));
        ColumnCache::setEnabled(false);
        const EventStore fresh = BundleLoader().load({alb});
        ColumnCache::setEnabled(true);
        BundleLoader().load({alb});
        const QString entry = ColumnCache().entryPath(alb, IngestOptions{});
        QVERIFY(QFileInfo::exists(entry));

        const auto patch = [&](qint64 at, char byte) {
            QFile e(entry);
            QVERIFY(e.open(QIODevice::ReadWrite));
            e.seek(at < 0 ? e.size() + at : at);
            e.write(&byte, 1);
        };
        // A flipped byte in the payload: detected by its hash, deleted, the file parsed.
        patch(-100, 'x');
        EventStore s = BundleLoader().load({alb});
        QCOMPARE(s.columnCache.corrupt, 1);
        compareStores(fresh, s);
        QCOMPARE(BundleLoader().load({alb}).columnCache.hits, 1);

        // Cut short.
        QVERIFY(QFile::resize(entry, QFileInfo(entry).size() / 2));
        s = BundleLoader().load({alb});
        QCOMPARE(s.columnCache.corrupt, 1);
        compareStores(fresh, s);

        // Another format version (the 32 bits after the 8-byte magic).
        patch(8, char(99));
        s = BundleLoader().load({alb});
        QCOMPARE(s.columnCache.corrupt, 1);
        QCOMPARE(BundleLoader().load({alb}).columnCache.hits, 1);

        // Not a cache entry at all.
        QFile e(entry);
        QVERIFY(e.open(QIODevice::WriteOnly | QIODevice::Truncate));
        e.write("hello");
        e.close();
        s = BundleLoader().load({alb});
        QCOMPARE(s.columnCache.corrupt, 1);
        compareStores(fresh, s);

        // Other parse options: another entry, not this one.
        IngestOptions other;
        other.parse.maxLineBytes = 4096;
        QVERIFY(ColumnCache().entryPath(alb, other) != entry);
        QCOMPARE(BundleLoader(other).load({alb}).columnCache.misses, 1);
    }

    void folderIsBounded()
    {
        const QStringList before = entries();
        QVERIFY(before.size() > 3);
        qint64 total = 0, smallest = std::numeric_limits<qint64>::max();
        for (const QString &e : before) {
            const qint64 size = QFileInfo(ColumnCache::defaultFolder() + QLatin1Char('/') + e).size();
            total += size;
            smallest = std::min(smallest, size);
        }
        const ColumnCache bounded(ColumnCache::defaultFolder(), total / 2);
        bounded.trim();
        qint64 after = 0;
        for (const QString &e : entries())
            after += QFileInfo(ColumnCache::defaultFolder() + QLatin1Char('/') + e).size();
        QVERIFY(after <= total / 2);
        QVERIFY(entries().size() < before.size());
        QVERIFY(!entries().isEmpty());
    }

    void budgetLeavesTheDiskRoom()
    {
        const qint64 gib = qint64(1) << 30;
        // Plenty of disk: maxBytes rules.
        QCOMPARE(ColumnCache::budget(8 * gib, 0, 400 * gib), 8 * gib);
        // A nearly full disk: a quarter of what the cache and the free space add up to.
        QCOMPARE(ColumnCache::budget(8 * gib, 6 * gib, 2 * gib), 2 * gib);
        QCOMPARE(ColumnCache::budget(8 * gib, 0, 0), qint64(0));
        // The disk did not answer: maxBytes.
        QCOMPARE(ColumnCache::budget(8 * gib, 6 * gib, -1), 8 * gib);
        QVERIFY(ColumnCache::storeFits(100 << 20, 2 * gib));
        QVERIFY(!ColumnCache::storeFits(100 << 20, gib));
        QVERIFY(ColumnCache::storeFits(100 << 20, -1));
    }

    void writesLeaveNoTemporaries()
    {
        // An entry is written beside its name and renamed over it: nothing else stays in the folder.
        QDir(ColumnCache::defaultFolder()).removeRecursively();
        const EventStore s = BundleLoader().load({m_dir.path()});
        QVERIFY(s.columnCache.written > 3);
        const QDir folder(ColumnCache::defaultFolder());
        QCOMPARE(folder.entryList(QDir::Files).size(), qsizetype(s.columnCache.written));
        QCOMPARE(entries().size(), qsizetype(s.columnCache.written));
        // One a crash left an hour ago goes at the next trim; one being written now stays.
        const QString old = folder.filePath(entries().first() + QStringLiteral(".1.0.tmp"));
        const QString fresh = folder.filePath(entries().first() + QStringLiteral(".2.0.tmp"));
        for (const QString &t : {old, fresh}) {
            QFile f(t);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("cut short");
            f.close();
        }
        QFile f(old);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-7200), QFileDevice::FileModificationTime));
        f.close();
        ColumnCache().trim();
        QVERIFY(!QFile::exists(old));
        QVERIFY(QFile::exists(fresh));
        QFile::remove(fresh);
    }

    void aDaysFiveMinuteFileIsCached()
    {
        // A day of 1M ALB lines over 4 nodes (scripts/bench.sh) has five-minute files of 70-110 KB:
        // the default threshold caches them, so that the day's second open reads the cache.
        GeneratorOptions o;
        o.ingress = QStringLiteral("none");
        o.writeK8s = false;
        o.albNodes = 1;
        o.durationMinutes = 5;
        o.targetAlbLines = 870; // 1,000,000 / (4 x 288)
        o.gzipLevel = 1;        // as the generator writes a day of that size
        o.seed = 11;
        const QTemporaryDir dir;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));
        const QString alb = largestFile(dir.path(), QStringLiteral("*.log.gz"));
        const qint64 size = QFileInfo(alb).size();
        QVERIFY2(size >= 64 * 1024 && size < 256 * 1024, qPrintable(QString::number(size)));

        ColumnCache::setMinFileBytes(-1); // the default
        const EventStore first = BundleLoader().load({alb});
        const EventStore second = BundleLoader().load({alb});
        ColumnCache::setMinFileBytes(0);
        QCOMPARE(first.columnCache.written, 1);
        QCOMPARE(second.columnCache.hits, 1);
        compareStores(first, second);
    }
};

QTEST_GUILESS_MAIN(TestColumnCache)
#include "tst_columncache.moc"
