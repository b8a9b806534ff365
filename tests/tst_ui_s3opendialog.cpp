// File ▸ Open from S3…: defaults to the last hour, says what is wrong with a location before any
// request, lists a loopback S3 answer (count and size shown, Fetch enabled only then), and keeps no
// credential in the settings it saves or in anything it shows. Fetch and Open has the window's
// session read each object as its bytes arrive (an object is read whole while others are still
// coming), with bytes and time left shown, the cache filled alongside, and the dialog closing once
// the first timeline is there; Stop cancels the load and the window shows what was read.
#include "investigationsession.h"
#include "jobs/jobrunner.h"
#include "mainwindow.h"
#include "s3opendialog.h"
#include "tst_live_replayserver.h"
#include "uitestutil.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {

QByteArray albLines(int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i)
        text += "http 2022-06-02T10:0" + QByteArray::number(i % 10) + ":00.000000Z app/x/1 10.0.0.1:1000 10.0.1.1:80 0.001 0.002 0.000 "
                + (i % 50 == 0 ? "502 - 10 " : "200 200 10 ") + "20 \"GET http://h:80/p" + QByteArray::number(i)
                + " HTTP/1.1\" \"curl\" - - arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1 \"Root=1-a-b\" \"h\" \"-\" 0 "
                  "2022-06-02T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.0.1.1:80\" \"200\" \"-\" \"-\"\n";
    return text;
}

// A loopback S3 with `objects` plain ALB objects of `lines` lines each, every line sent `delayMs`
// after the one before (chunked), so that a fetch takes a while.
struct SlowS3 {
    QStringList keys;
    QByteArray body;
    replay::Server server;
    SlowS3(int objects, int lines, int delayMs)
        : body(albLines(lines)), server([this, delayMs](const replay::Request &r) {
              if (r.query.hasQueryItem(QStringLiteral("list-type"))) {
                  QByteArray x = "<ListBucketResult><IsTruncated>false</IsTruncated>";
                  for (const QString &k : std::as_const(keys))
                      x += "<Contents><Key>" + k.toUtf8() + "</Key><Size>" + QByteArray::number(body.size())
                           + "</Size><ETag>\"e" + QByteArray::number(qHash(k)) + "\"</ETag></Contents>";
                  return replay::Response::json(x + "</ListBucketResult>");
              }
              replay::Response a = replay::Response::watch(body, false);
              a.lineDelayMs = delayMs;
              return a;
          })
    {
        for (int i = 0; i < objects; ++i)
            keys << QStringLiteral("AWSLogs/1/elasticloadbalancing/us-east-1/2022/06/02/"
                                   "1_elasticloadbalancing_us-east-1_app.x.1_20220602T10%1Z_10.0.0.%2_o%3.log")
                        .arg(5 + 5 * (i / 2), 2, 10, QLatin1Char('0'))
                        .arg(1 + i % 2)
                        .arg(i);
    }
};

QString shownText(const QWidget &w)
{
    QString shown;
    for (QLabel *l : w.findChildren<QLabel *>())
        shown += l->text() + QLatin1Char('\n');
    return shown;
}

// Location, endpoint and the incident's range; then List, waiting for its answer.
bool listIn(S3OpenDialog &dialog, const QUrl &endpoint)
{
    const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
    edits[0]->setText(QStringLiteral("s3://bucket/AWSLogs/1/elasticloadbalancing/us-east-1/"));
    edits[1]->setText(endpoint.toString());
    const QList<QDateTimeEdit *> times = dialog.findChildren<QDateTimeEdit *>();
    times[0]->setDateTime(QDateTime(QDate(2022, 6, 2), QTime(10, 0), QTimeZone::UTC));
    times[1]->setDateTime(QDateTime(QDate(2022, 6, 2), QTime(10, 40), QTimeZone::UTC));
    QSignalSpy listed(&dialog, &S3OpenDialog::listed);
    dialog.list();
    return listed.wait(10000) && dialog.plan().objects.size() > 0;
}

} // namespace

class TestUiS3OpenDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        uitestutil::useTestSettings(QStringLiteral("tst_ui_s3opendialog"));
        QSettings().clear();
        qputenv("AWS_ACCESS_KEY_ID", "AKIDDIALOGTEST");
        qputenv("AWS_SECRET_ACCESS_KEY", "dialog-secret-value");
        qunsetenv("AWS_PROFILE");
        QDir(S3Cache::defaultRoot()).removeRecursively();
    }

    void defaultsAndLocationErrors()
    {
        InvestigationSession session;
        S3OpenDialog dialog(&session);
        const IngestRange r = dialog.range();
        QCOMPARE(r.untilUs - r.fromUs, qint64(3600) * 1000 * 1000);
        auto buttons = dialog.findChildren<QPushButton *>();
        QPushButton *fetch = nullptr;
        for (QPushButton *b : buttons)
            if (b->text().contains(QStringLiteral("Fetch")))
                fetch = b;
        QVERIFY(fetch);
        QVERIFY(!fetch->isEnabled());
        dialog.findChildren<QLineEdit *>().first()->setText(QStringLiteral("/not/s3"));
        dialog.list();
        QVERIFY(shownText(dialog).contains(QStringLiteral("s3://BUCKET/PREFIX")));
    }

    void listsShowsCountAndSizeAndSavesNoSecret()
    {
        const QByteArray xml = "<ListBucketResult><IsTruncated>false</IsTruncated>"
                               "<Contents><Key>p/a.log.gz</Key><Size>2048</Size><ETag>\"e\"</ETag></Contents>"
                               "<Contents><Key>p/b.log.gz</Key><Size>1024</Size><ETag>\"f\"</ETag></Contents></ListBucketResult>";
        replay::Server server([&](const replay::Request &) { return replay::Response::json(xml); });
        QVERIFY(server.listen());
        InvestigationSession session;
        S3OpenDialog dialog(&session);
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        edits[0]->setText(QStringLiteral("s3://bucket/p/"));
        edits[1]->setText(server.url().toString()); // endpoint
        QSignalSpy listed(&dialog, &S3OpenDialog::listed);
        dialog.list();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 10000);
        QCOMPARE(dialog.plan().objects.size(), 2);
        QCOMPARE(dialog.plan().totalBytes, 3072);
        const QString shown = shownText(dialog);
        QVERIFY2(shown.contains(QStringLiteral("2 objects, 3 KiB to fetch")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("environment")), qPrintable(shown));
        QVERIFY(!shown.contains(QStringLiteral("dialog-secret-value")));
        QVERIFY(!shown.contains(QStringLiteral("AKIDDIALOGTEST")));
        // What the dialog saves: location, endpoint, region; never a key.
        QSettings settings;
        settings.sync();
        QFile f(settings.fileName());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray saved = f.readAll();
        QVERIFY(saved.contains("s3://bucket/p/"));
        QVERIFY(!saved.contains("dialog-secret-value"));
        QVERIFY(!saved.contains("AKIDDIALOGTEST"));
    }

    // The listing runs as a job of the session's job helper; Stop (and Esc) cancels it at once: the
    // dialog is free again, its answer is never shown, and the S3 client stops at the job's flag.
    void stopCancelsTheListing()
    {
        // A listing that never ends: the answer's body is held open.
        replay::Server server([](const replay::Request &) {
            return replay::Response::watch("<ListBucketResult><IsTruncated>false</IsTruncated>", true);
        });
        QVERIFY(server.listen());
        InvestigationSession session;
        S3OpenDialog dialog(&session);
        dialog.show();
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        edits[0]->setText(QStringLiteral("s3://bucket/p/"));
        edits[1]->setText(server.url().toString());
        QSignalSpy listed(&dialog, &S3OpenDialog::listed);
        QSignalSpy ended(session.jobs(), &JobRunner::jobEnded);
        dialog.list();
        QVERIFY(dialog.isListing());
        QVERIFY(dialog.isBusy());
        QVERIFY(session.jobs()->isRunning(S3OpenDialog::listChannel()));
        QTest::qWait(300); // the request is out, the answer is held
        QVERIFY(dialog.isListing());
        QTest::keyClick(&dialog, Qt::Key_Escape); // Esc is Stop while busy: the dialog stays
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.isListing());
        QVERIFY(!dialog.isBusy());
        QVERIFY(!session.jobs()->isRunning(S3OpenDialog::listChannel()));
        QVERIFY2(shownText(dialog).contains(QStringLiteral("Listing stopped: nothing was fetched")), qPrintable(shownText(dialog)));
        // The worker stops at the cancel flag, and its answer is dropped.
        QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 15000);
        QCOMPARE(ended.first().at(0).toString(), S3OpenDialog::listChannel());
        QTest::qWait(200);
        QCOMPARE(listed.size(), 0);
        QVERIFY(dialog.plan().objects.isEmpty());
        // A new listing works after it.
        QVERIFY(dialog.findChildren<QPushButton *>().first()->isEnabled());
    }

    void fetchReadsObjectsAsTheyArrive()
    {
        // 6 objects of 150 lines, a line every 4 ms: about 0.6 s each, 4 at a time.
        SlowS3 s3(6, 150, 4);
        QVERIFY(s3.server.listen());
        MainWindow window;
        // GATELINE_S3_SHOTS=FILE.png (under Xvfb, QT_QPA_PLATFORM=xcb): the screen while the dialog
        // shows the time left, for a look at it.
        const bool shots = qEnvironmentVariableIsSet("GATELINE_S3_SHOTS");
        if (shots)
            window.showMaximized();
        else
            window.resize(1280, 800);
        window.show();
        S3OpenDialog dialog(window.session(), &window);
        dialog.show();
        QVERIFY(listIn(dialog, s3.server.url()));
        QCOMPARE(dialog.plan().objects.size(), 6);
        QSignalSpy fetched(&dialog, &S3OpenDialog::fetched);
        QSignalSpy stage1(window.session(), &InvestigationSession::storeReady);
        dialog.fetch();
        // Followed as it goes: an object read whole while bytes are still coming, and the bytes
        // and the time left shown.
        bool readWhileFetching = false, etaShown = false, bytesShown = false;
        QString sample;
        QElapsedTimer clock;
        clock.start();
        while (fetched.isEmpty() && clock.elapsed() < 30000) {
            QTest::qWait(20);
            const S3DownloadProgress p = workbenchS3Progress();
            if (p.bytesTotal > 0 && p.bytesDone < p.bytesTotal && window.session()->loadStatus().filesDone >= 1)
                readWhileFetching = true;
            const QString shown = shownText(dialog);
            if (shown.contains(QStringLiteral(" s left"))) {
                etaShown = true;
                sample = shown;
                if (shots && dialog.isVisible() && fetched.isEmpty())
                    QGuiApplication::primaryScreen()->grabWindow(0).save(qEnvironmentVariable("GATELINE_S3_SHOTS"));
            }
            bytesShown = bytesShown || shown.contains(QStringLiteral(" KiB of "));
        }
        QCOMPARE(fetched.size(), 1);
        QVERIFY2(readWhileFetching, "no object was read whole before the last bytes came");
        QVERIFY(bytesShown);
        QVERIFY2(etaShown, qPrintable(shownText(dialog)));
        QVERIFY2(sample.contains(QStringLiteral("objects fetched")), qPrintable(sample));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        // The first timeline is there when the dialog closes, with every line of every object.
        QCOMPARE(stage1.size(), 1);
        const auto store = window.session()->store();
        QVERIFY(store);
        QCOMPARE(store->sourceCount(), 6);
        QCOMPARE(store->totalRecords(), qint64(6 * 150));
        QVERIFY(window.session()->timelineData());
        // The cache was filled alongside: every object, whole.
        int cached = 0;
        QDirIterator it(S3Cache::defaultRoot(), {QStringLiteral("*.log")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            cached += QFileInfo(it.next()).size() == s3.body.size();
        QCOMPARE(cached, 6);
        // Each object was fetched once: the dialog no longer downloads before the session reads.
        int gets = 0;
        for (const replay::Request &r : s3.server.requests)
            gets += !r.query.hasQueryItem(QStringLiteral("list-type"));
        QCOMPARE(gets, 6);
        QSignalSpy finished(window.session(), &InvestigationSession::loadFinished);
        QVERIFY(!window.session()->isLoading() || finished.wait(60000));
    }

    void stopCancelsTheLoad()
    {
        QDir(S3Cache::defaultRoot()).removeRecursively();
        // Slow enough that nothing is whole for a minute: 4 objects of 1,500 lines, 40 ms a line.
        SlowS3 s3(4, 1500, 40);
        QVERIFY(s3.server.listen());
        MainWindow window;
        S3OpenDialog dialog(window.session(), &window);
        QVERIFY(listIn(dialog, s3.server.url()));
        QSignalSpy fetched(&dialog, &S3OpenDialog::fetched);
        QSignalSpy finished(window.session(), &InvestigationSession::loadFinished);
        dialog.fetch();
        QTRY_VERIFY_WITH_TIMEOUT(workbenchS3Progress().bytesDone > 0, 20000);
        QVERIFY(dialog.isBusy());
        QElapsedTimer clock;
        clock.start();
        dialog.cancel(); // Stop
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 10000);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(finished.size() == 1 || finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true); // cancelled
        QVERIFY(!dialog.isBusy());
        // What was read is shown: part of the lines, and the objects said to be cut short.
        const auto store = window.session()->store();
        QVERIFY(store);
        QVERIFY(store->totalRecords() < qint64(4 * 1500));
        QVERIFY2(store->messages.join(QLatin1Char(' ')).contains(QStringLiteral("cancelled")), qPrintable(store->messages.join(QLatin1Char('|'))));
    }
};

QTEST_MAIN(TestUiS3OpenDialog)
#include "tst_ui_s3opendialog.moc"
