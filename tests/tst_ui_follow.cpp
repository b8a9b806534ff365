// Following a plain file that grows while open (ui/sourcefollow.h over core/ingest/filefollower.h):
// lines appended to an open ALB log join the store, the pane and the timeline; a line still being
// written waits for its newline; a truncated file is read again from its start with a message;
// the indicator's toggle stops following.
#include "testutil.h"
#include "uitestutil.h"

#include "investigationsession.h"
#include "mainwindow.h"
#include "sourcefollow.h"
#include "sourcepane.h"
#include "sourcepanes.h"
#include "timelinechart.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace gateline;

namespace {
double drawnRequests(MainWindow &w)
{
    double s = 0;
    for (double c : w.chart()->drawnCounts(TimelineSeries::Requests))
        s += c;
    return s;
}

int paneRows(MainWindow &w)
{
    for (SourcePane *p : w.panes()->panes()) {
        if (p->model()->format() == SourceFormat::Alb)
            return p->model()->totalRows();
    }
    return -1;
}

void append(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    QCOMPARE(f.write(bytes), bytes.size());
}

// The file grew: the follower reads it and the session redraws.
bool waitForGrowth(MainWindow &w)
{
    QSignalSpy ready(w.session(), &InvestigationSession::analysisReady);
    w.follow()->pollNow();
    return ready.wait(uitestutil::kJobWaitMs);
}
} // namespace

class TestUiFollow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatelineTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_follow"));
    }

    void appendedLinesJoinPanesAndTimeline()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("alb-access.log"));
        const QByteArray original = testutil::readAll(QStringLiteral(GATELINE_TEST_DATA "/ui/bundle/alb-access.log"));
        QList<QByteArray> lines = original.split('\n');
        while (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        QCOMPARE(lines.size(), 120);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(original);
        }
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // The timer would poll too; the test polls itself so that it knows when.
        w.follow()->setOptions(FileFollower::Options{600000, 2 << 20, 1000});
        QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
        w.session()->open({path});
        QVERIFY(finished.wait(60000));
        QVERIFY(w.follow()->isFollowing(path));
        QVERIFY(w.follow()->indicator()->isVisibleTo(&w));
        QVERIFY(w.follow()->indicator()->text().contains(QStringLiteral("Following 1 file")));
        QCOMPARE(paneRows(w), 120);
        QCOMPARE(drawnRequests(w), 120.0);

        // Ten more complete lines, and one still being written.
        QByteArray more;
        for (int i = 0; i < 10; ++i)
            more += lines[i] + '\n';
        const QByteArray partial = lines[10].left(40);
        append(path, more + partial);
        QSignalSpy grown(w.follow(), &SourceFollow::grown);
        QVERIFY(waitForGrowth(w));
        QCOMPARE(grown.count(), 1);
        QCOMPARE(grown.first().first().toLongLong(), 10);
        QCOMPARE(w.session()->store()->totalRecords(), 130);
        QTRY_COMPARE(paneRows(w), 130); // the panes are rebuilt on the next turn of the event loop
        QCOMPARE(drawnRequests(w), 130.0);

        // The line's newline arrives: it is read whole.
        append(path, lines[10].mid(40) + '\n');
        QVERIFY(waitForGrowth(w));
        QTRY_COMPARE(paneRows(w), 131);
        QCOMPARE(drawnRequests(w), 131.0);

        // Cut shorter than what was read: read again from its start, said in a message.
        QSignalSpy message(w.follow(), &SourceFollow::message);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            for (int i = 0; i < 5; ++i)
                f.write(lines[i] + '\n');
        }
        QVERIFY(waitForGrowth(w));
        QVERIFY(!message.isEmpty());
        QVERIFY(message.first().first().toString().contains(QStringLiteral("truncated")));
        QTRY_COMPARE(paneRows(w), 136);
        QCOMPARE(drawnRequests(w), 136.0);
        const SourceData &source = w.session()->store()->source(SourceId{0});
        QVERIFY(!source.notes.isEmpty());
        QVERIFY(source.notes.last().contains(QStringLiteral("truncated")));

        // The indicator's toggle stops following: new lines stay out.
        QMenu *menu = w.follow()->indicator()->menu();
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), 1);
        menu->actions().first()->setChecked(false);
        QVERIFY(!w.follow()->isFollowing(path));
        QVERIFY(w.follow()->indicator()->text().contains(QStringLiteral("Not following")));
        append(path, lines[20] + '\n');
        QCOMPARE(w.follow()->pollNow(), 0);
        QTest::qWait(300);
        QCOMPARE(paneRows(w), 136);
    }

    void gzipIsNotFollowed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString plain = dir.filePath(QStringLiteral("alb-access.log"));
        QVERIFY(QFile::copy(QStringLiteral(GATELINE_TEST_DATA "/ui/bundle/alb-access.log"), plain));
        QCOMPARE(QProcess::execute(QStringLiteral("gzip"), {plain}), 0); // leaves only alb-access.log.gz
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
        w.session()->open({dir.path()});
        QVERIFY(finished.wait(60000));
        QCOMPARE(w.session()->store()->sourceCount(), 1);
        QVERIFY(w.session()->store()->source(SourceId{0}).locator.gzip);
        QVERIFY(w.follow()->followedPaths().isEmpty());
        QVERIFY(w.follow()->indicator()->isHidden());
    }
};

QTEST_MAIN(TestUiFollow)
#include "tst_ui_follow.moc"
