// The Open flow's time-range dialog: when it asks (a day of ALB files, not an incident's few), what
// it counts by file name, and the range it hands to the loader.
#include "archivewriter.h"

#include "openrangedialog.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

namespace {
// count ALB-named files, one per 5-minute window from 08:00 UTC (content is never read here).
void writeAlbFiles(const QString &dir, int count)
{
    for (int i = 0; i < count; ++i) {
        const int end = 8 * 60 + (i + 1) * 5;
        const QString name = QStringLiteral("123456789012_elasticloadbalancing_us-east-2_app.my-alb.50dc6c495c0c9188_"
                                            "20261121T%1%2Z_10.0.1.1_abcd1234.log.gz")
                                 .arg(end / 60, 2, 10, QLatin1Char('0'))
                                 .arg(end % 60, 2, 10, QLatin1Char('0'));
        QVERIFY(testutil::writeFile(QDir(dir).filePath(name), "x"));
    }
}

QDateTime utc(const char *iso) { return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC(); }
} // namespace

class TestOpenRangeDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void asksOnlyForADayOfFiles()
    {
        QTemporaryDir few, day;
        writeAlbFiles(few.path(), 8);   // 40 minutes: just open it
        writeAlbFiles(day.path(), 48);  // four hours
        QVERIFY(testutil::writeFile(QDir(day.path()).filePath(QStringLiteral("events.json")), "{}"));
        const OpenRangeDialog::AlbSpan small = OpenRangeDialog::scan({few.path()});
        QCOMPARE(small.albFiles(), 8);
        QVERIFY(!OpenRangeDialog::worthAsking(small));
        IngestRange r;
        r.fromUs = 1; // ask() must clear it when it does not ask
        QVERIFY(OpenRangeDialog::ask(nullptr, {few.path()}, &r));
        QVERIFY(!r.isSet());

        const OpenRangeDialog::AlbSpan span = OpenRangeDialog::scan({day.path()});
        QCOMPARE(span.files, 49);
        QCOMPARE(span.albFiles(), 48);
        QCOMPARE(span.firstUs, utc("2026-11-21T08:00:00Z").toMSecsSinceEpoch() * 1000);
        QCOMPARE(span.lastUs, utc("2026-11-21T12:00:00Z").toMSecsSinceEpoch() * 1000);
        QVERIFY(OpenRangeDialog::worthAsking(span));
    }

    void countsAndReturnsTheRange()
    {
        QTemporaryDir day;
        writeAlbFiles(day.path(), 48);
        OpenRangeDialog dialog(OpenRangeDialog::scan({day.path()}));
        // Default: the last hour, 12 windows plus the one before it (the slack).
        QCOMPARE(dialog.fromEdit()->dateTime(), utc("2026-11-21T11:00:00Z"));
        QCOMPARE(dialog.untilEdit()->dateTime(), utc("2026-11-21T12:00:00Z"));
        QCOMPARE(dialog.albFilesInRange(), 13);
        // A 40-minute incident: 8 windows and one on each side.
        dialog.fromEdit()->setDateTime(utc("2026-11-21T09:10:00Z"));
        dialog.untilEdit()->setDateTime(utc("2026-11-21T09:50:00Z"));
        QCOMPARE(dialog.albFilesInRange(), 10);
        QVERIFY2(dialog.countLabel()->text().startsWith(QStringLiteral("10 of the 48 ALB files will be read.")),
                 qPrintable(dialog.countLabel()->text()));
        QCOMPARE(dialog.countLabel()->textFormat(), Qt::PlainText);
        const IngestRange r = dialog.range();
        QCOMPARE(r.fromUs, utc("2026-11-21T09:10:00Z").toMSecsSinceEpoch() * 1000);
        QCOMPARE(r.untilUs, utc("2026-11-21T09:50:00Z").toMSecsSinceEpoch() * 1000);

        auto *openRange = dialog.findChild<QPushButton *>(QStringLiteral("openRange"));
        auto *everything = dialog.findChild<QPushButton *>(QStringLiteral("openEverything"));
        QVERIFY(openRange && everything);
        // An empty range cannot be opened.
        dialog.untilEdit()->setDateTime(utc("2026-11-21T09:00:00Z"));
        QVERIFY(!openRange->isEnabled());
        QVERIFY(dialog.countLabel()->text().contains(QStringLiteral("empty")));
        dialog.untilEdit()->setDateTime(utc("2026-11-21T09:50:00Z"));
        QVERIFY(openRange->isEnabled());
        // "Open Everything": no range.
        everything->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.range().isSet());
    }
};

QTEST_MAIN(TestOpenRangeDialog)
#include "tst_ui_openrangedialog.moc"
