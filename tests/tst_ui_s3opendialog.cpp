// File ▸ Open from S3…: defaults to the last hour, says what is wrong with a location before any
// request, lists a loopback S3 answer (count and size shown, Fetch enabled only then), and keeps no
// credential in the settings it saves or in anything it shows.
#include "s3opendialog.h"
#include "tst_live_replayserver.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTest>

using namespace gateline;

class TestUiS3OpenDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        qputenv("AWS_ACCESS_KEY_ID", "AKIDDIALOGTEST");
        qputenv("AWS_SECRET_ACCESS_KEY", "dialog-secret-value");
        qunsetenv("AWS_PROFILE");
    }

    void defaultsAndLocationErrors()
    {
        S3OpenDialog dialog;
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
        bool said = false;
        for (QLabel *l : dialog.findChildren<QLabel *>())
            said = said || l->text().contains(QStringLiteral("s3://BUCKET/PREFIX"));
        QVERIFY(said);
    }

    void listsShowsCountAndSizeAndSavesNoSecret()
    {
        const QByteArray xml = "<ListBucketResult><IsTruncated>false</IsTruncated>"
                               "<Contents><Key>p/a.log.gz</Key><Size>2048</Size><ETag>\"e\"</ETag></Contents>"
                               "<Contents><Key>p/b.log.gz</Key><Size>1024</Size><ETag>\"f\"</ETag></Contents></ListBucketResult>";
        replay::Server server([&](const replay::Request &) { return replay::Response::json(xml); });
        QVERIFY(server.listen());
        S3OpenDialog dialog;
        const QList<QLineEdit *> edits = dialog.findChildren<QLineEdit *>();
        edits[0]->setText(QStringLiteral("s3://bucket/p/"));
        edits[1]->setText(server.url().toString()); // endpoint
        QSignalSpy listed(&dialog, &S3OpenDialog::listed);
        dialog.list();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 10000);
        QCOMPARE(dialog.plan().objects.size(), 2);
        QCOMPARE(dialog.plan().totalBytes, 3072);
        QString shown;
        for (QLabel *l : dialog.findChildren<QLabel *>())
            shown += l->text() + QLatin1Char('\n');
        QVERIFY2(shown.contains(QStringLiteral("2 objects, 3 KiB to fetch")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("environment")), qPrintable(shown));
        QVERIFY(!shown.contains(QStringLiteral("dialog-secret-value")));
        QVERIFY(!shown.contains(QStringLiteral("AKIDDIALOGTEST")));
        dialog.resize(720, 320);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(QStringLiteral(GATELINE_SOURCE_DIR "/build/s3-open-dialog.png"));
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
};

QTEST_MAIN(TestUiS3OpenDialog)
#include "tst_ui_s3opendialog.moc"
