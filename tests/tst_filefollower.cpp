// FileFollower (core/ingest/filefollower.h): lines appended to a plain ingress-nginx log while it
// is open are parsed and appended with their offsets in the file; a line being written waits for
// its newline; a truncated or rotated file is followed again from its start; the bound stops it;
// the file-system watcher alone wakes it.
#include "ingest/filefollower.h"
#include "ingest/sourcereader.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// An ingress-nginx upstreaminfo line (the golden nginx-ingress/upstreaminfo-502.log shape).
QByteArray line(int i, int status = 200)
{
    return QStringLiteral("10.244.0.1 - - [14/Mar/2024:09:%1:%2 +0000] \"GET /api/item/%3 HTTP/1.1\" %4 1532 \"-\" "
                          "\"curl/8.5.0\" 91 0.012 [shop-orders-8080] [] 10.244.1.17:8080 1532 0.012 %4 "
                          "5f1c2d3e4a5b6c7d8e9f00112233aabb\n")
        .arg(10 + i / 60, 2, 10, QLatin1Char('0'))
        .arg(i % 60, 2, 10, QLatin1Char('0'))
        .arg(i)
        .arg(status)
        .toUtf8();
}

void write(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode = QIODevice::Append)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | mode));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray lineAt(const QString &path, qint64 offset)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return {};
    return f.readLine();
}

} // namespace

class TestFileFollower : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    std::unique_ptr<SourceData> load(const QString &path)
    {
        SourceReadResult r = readSourceFile(path);
        if (!r.primary())
            return nullptr;
        for (auto &s : r.sources)
            if (s.get() == r.primary())
                return std::move(s);
        return nullptr;
    }

private Q_SLOTS:
    void appendedLinesArrive()
    {
        const QString path = m_dir.filePath(QStringLiteral("grow.log"));
        QByteArray initial;
        for (int i = 0; i < 10; ++i)
            initial += line(i);
        write(path, initial, QIODevice::Truncate);
        auto source = load(path);
        QVERIFY(source);
        QCOMPARE(source->size(), 10);
        FileFollower follower(source.get(), QFileInfo(path).size(), FileFollower::Options{60000, 2 << 20, 100});
        QSignalSpy appended(&follower, &FileFollower::appended);
        QCOMPARE(follower.poll(), 0);

        // Three lines and half of a fourth: the three now, the fourth once its newline is there.
        const QByteArray fourth = line(13, 502);
        write(path, line(10) + line(11) + line(12) + fourth.first(40));
        QCOMPARE(follower.poll(), 3);
        QCOMPARE(source->size(), 13);
        QCOMPARE(appended.size(), 1);
        for (qsizetype i = 0; i < source->size(); ++i)
            QCOMPARE(lineAt(path, source->offset(i).value), line(int(i)));
        QCOMPARE(source->string(SourceData::Path, 12), QStringLiteral("/api/item/12"));
        write(path, fourth.sliced(40));
        QCOMPARE(follower.poll(), 1);
        QCOMPARE(source->status(13), qint16(502));
        QCOMPARE(lineAt(path, source->offset(13).value), fourth);
        QVERIFY(source->lastTime().us > source->firstTime().us);
    }

    void truncatedAndRotatedFilesStartOver()
    {
        const QString path = m_dir.filePath(QStringLiteral("rotate.log"));
        write(path, line(0) + line(1) + line(2), QIODevice::Truncate);
        auto source = load(path);
        QVERIFY(source);
        FileFollower follower(source.get(), QFileInfo(path).size(), FileFollower::Options{60000, 2 << 20, 100});
        QSignalSpy restarted(&follower, &FileFollower::restarted);

        // Truncated (kubectl logs -f > file run again): the new content from its start.
        write(path, line(20), QIODevice::Truncate);
        QCOMPARE(follower.poll(), 1);
        QCOMPARE(restarted.size(), 1);
        QCOMPARE(restarted.first().first().toString(), QStringLiteral("truncated"));
        QCOMPARE(source->size(), 4);
        QCOMPARE(source->offset(3).value, 0);
        QCOMPARE(source->string(SourceData::Path, 3), QStringLiteral("/api/item/20"));
        QVERIFY(source->notes.last().contains(QLatin1String("truncated")));

        // Rotated: the old file moved away, a new one at the path.
        QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
        write(path, line(30) + line(31), QIODevice::Truncate);
        QCOMPARE(follower.poll(), 2);
        QCOMPARE(restarted.size(), 2);
        QVERIFY(restarted.last().first().toString().contains(QLatin1String("rotated")));
        QCOMPARE(source->size(), 6);
        QCOMPARE(lineAt(path, source->offset(5).value), line(31));
    }

    void boundStopsFollowing()
    {
        const QString path = m_dir.filePath(QStringLiteral("bound.log"));
        write(path, line(0), QIODevice::Truncate);
        auto source = load(path);
        QVERIFY(source);
        FileFollower follower(source.get(), QFileInfo(path).size(), FileFollower::Options{60000, 2 << 20, 3});
        QSignalSpy stopped(&follower, &FileFollower::stopped);
        write(path, line(1) + line(2));
        QCOMPARE(follower.poll(), 2);
        write(path, line(3) + line(4));
        QCOMPARE(follower.poll(), 0);
        QCOMPARE(stopped.size(), 1);
        QVERIFY(follower.isStopped());
        QCOMPARE(source->size(), 3);
        write(path, line(5));
        QCOMPARE(follower.poll(), 0);
    }

    void watcherWakesIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("watched.log"));
        write(path, line(0), QIODevice::Truncate);
        auto source = load(path);
        QVERIFY(source);
        // The poll timer is an hour: only the file-system watcher can wake it within the test.
        {
            FileFollower follower(source.get(), QFileInfo(path).size(), FileFollower::Options{3600 * 1000, 2 << 20, 100});
            write(path, line(1) + line(2));
            QTRY_COMPARE_WITH_TIMEOUT(source->size(), 3, 5000);
        }
        // Large appends come in bounded pieces (4 KiB a turn here), all of them in the end.
        FileFollower::Options small{3600 * 1000, 4096, 10000};
        FileFollower pieces(source.get(), QFileInfo(path).size(), small);
        QByteArray many;
        for (int i = 3; i < 200; ++i)
            many += line(i);
        write(path, many);
        QTRY_COMPARE_WITH_TIMEOUT(source->size(), 200, 5000);
        for (qsizetype i = 0; i < source->size(); ++i)
            QCOMPARE(lineAt(path, source->offset(i).value), line(int(i)));
    }

    void gzipIsNotFollowed()
    {
        SourceData s;
        s.locator.filePath = m_dir.filePath(QStringLiteral("x.log.gz"));
        s.locator.gzip = true;
        FileFollower follower(&s, 0);
        QVERIFY(follower.isStopped());
        QCOMPARE(follower.poll(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFileFollower)
#include "tst_filefollower.moc"
