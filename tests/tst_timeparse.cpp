// The allocation-free number and time parsers every format relies on (exact values, and a clear
// "no" for anything malformed), and the time labels the views print.
#include "formats/timeparse.h"
#include "models/timeformat.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace gateline;

class TstTimeParse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decimals_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("value");
        QTest::newRow("alb time") << QByteArray("0.001") << true << 0.001;
        QTest::newRow("micro") << QByteArray("0.000123") << true << 0.000123;
        QTest::newRow("minus one") << QByteArray("-1") << true << -1.0;
        QTest::newRow("integer") << QByteArray("12") << true << 12.0;
        QTest::newRow("mixed") << QByteArray("123.456") << true << 123.456;
        QTest::newRow("trailing dot") << QByteArray("5.") << true << 5.0;
        QTest::newRow("leading dot") << QByteArray(".25") << true << 0.25;
        QTest::newRow("many digits") << QByteArray("12345678901234567890.5") << true << 12345678901234567890.5;
        QTest::newRow("tiny") << QByteArray("0.0000000000000000000001") << true << 1e-22;
        QTest::newRow("empty") << QByteArray() << false << 0.0;
        QTest::newRow("dash") << QByteArray("-") << false << 0.0;
        QTest::newRow("dot") << QByteArray(".") << false << 0.0;
        QTest::newRow("letters") << QByteArray("0.1s") << false << 0.0;
        QTest::newRow("two dots") << QByteArray("1.2.3") << false << 0.0;
        QTest::newRow("space") << QByteArray(" 1") << false << 0.0;
        QTest::newRow("high byte") << QByteArray("1\xb9") << false << 0.0;
        QTest::newRow("too long") << QByteArray(40, '1') << false << 0.0;
    }

    void decimals()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        QFETCH(double, value);
        double v = -999;
        QCOMPARE(parseDecimal(text, &v), ok);
        if (ok)
            QVERIFY2(qAbs(v - value) <= qAbs(value) * 1e-15, qPrintable(QString::number(v, 'g', 17)));
    }

    void unsignedIntegers()
    {
        qint64 n = 0;
        QVERIFY(parseUInt("502", &n));
        QCOMPARE(n, 502);
        QVERIFY(!parseUInt("", &n));
        QVERIFY(!parseUInt("5x", &n));
        QVERIFY(!parseUInt("-5", &n));
    }

    void isoTimes()
    {
        Timestamp t;
        QVERIFY(parseIso8601("2023-04-26T12:22:55.463821Z", &t));
        QCOMPARE(t.us, QDateTime(QDate(2023, 4, 26), QTime(12, 22, 55), QTimeZone::UTC).toMSecsSinceEpoch() * 1000 + 463821);
        QVERIFY(parseIso8601("2019-08-30T20:43:05+02:00", &t));
        QCOMPARE(t.us, QDateTime(QDate(2019, 8, 30), QTime(18, 43, 5), QTimeZone::UTC).toMSecsSinceEpoch() * 1000);
        QVERIFY(!parseIso8601("2019-13-30T20:43:05Z", &t));
        QVERIFY(!parseIso8601("yesterday", &t));
    }

    void axisTicks()
    {
        const qint64 s = 1000000;
        const qint64 t = QDateTime(QDate(2023, 4, 26), QTime(12, 22, 55, 463), QTimeZone::UTC).toMSecsSinceEpoch() * 1000;
        QCOMPARE(formatAxisTick(t, s / 10, 5 * s), QStringLiteral("12:22:55.463"));
        QCOMPARE(formatAxisTick(t, 10 * s, 600 * s), QStringLiteral("12:22:55"));
        QCOMPARE(formatAxisTick(t, 300 * s, 3 * 3600 * s), QStringLiteral("12:22"));
        QCOMPARE(formatAxisTick(t, 6 * 3600 * s, 3 * 86400 * s), QStringLiteral("04-26 12:22"));
        // Across years (samples from 2018 to 2023): the year, or the ticks seem to run backwards.
        QCOMPARE(formatAxisTick(t, 120 * 86400 * s, 5 * 365 * 86400 * s), QStringLiteral("2023-04-26"));
        QCOMPARE(formatTimeOfDay(t), QStringLiteral("12:22:55.463"));
        QCOMPARE(formatSeconds(-2.5), QStringLiteral("-2.500 s"));
    }
};

QTEST_GUILESS_MAIN(TstTimeParse)
#include "tst_timeparse.moc"
