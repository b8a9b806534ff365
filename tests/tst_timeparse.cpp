// The allocation-free number and time parsers every format relies on (exact values, and a clear
// "no" for anything malformed), the time and node in AWS's ALB log file names, and the time labels
// the views print.
#include "formats/albfilename.h"
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
    void albFileName_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("end");
        QTest::addColumn<QByteArray>("node");
        QTest::addColumn<QString>("lb");
        // The example of AWS's documentation (enable-access-logging.html), as an S3 key.
        QTest::newRow("aws docs example")
            << "AWSLogs/123456789012/elasticloadbalancing/us-east-2/2014/02/15/"
               "123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz"
            << true << "2014-02-15T23:40:00Z" << QByteArray("172.160.1.192") // normalised: the ingress logs no zeros
            << "app.my-loadbalancer.1234567890abcdef";
        QTest::newRow("local file")
            << "/tmp/x/123456789012_elasticloadbalancing_eu-west-1_app.web.50dc6c495c0c9188_20260602T1005Z_10.0.3.17_2k3j4h5g.log.gz"
            << true << "2026-06-02T10:05:00Z" << QByteArray("10.0.3.17") << "app.web.50dc6c495c0c9188";
        QTest::newRow("plain .log") << "123456789012_elasticloadbalancing_eu-west-1_app.web.50dc_20261231T2355Z_52.18.7.9_x.log"
                                    << true << "2026-12-31T23:55:00Z" << QByteArray("52.18.7.9") << "app.web.50dc";
        QTest::newRow("bad month") << "123456789012_elasticloadbalancing_eu-west-1_app.web.5_20261331T2355Z_52.18.7.9_x.log"
                                   << false << QString() << QByteArray() << QString();
        QTest::newRow("no node") << "123456789012_elasticloadbalancing_eu-west-1_app.web.5_20261231T2355Z_x.log"
                                 << false << QString() << QByteArray() << QString();
        QTest::newRow("other service") << "123456789012_cloudfront_eu-west-1_app.web.5_20261231T2355Z_52.18.7.9_x.log"
                                       << false << QString() << QByteArray() << QString();
        QTest::newRow("access.log") << "access.log" << false << QString() << QByteArray() << QString();
    }
    void albFileName()
    {
        QFETCH(QString, path);
        QFETCH(bool, valid);
        const AlbFileName f = parseAlbFileName(path);
        QCOMPARE(f.valid, valid);
        if (!valid)
            return;
        QFETCH(QString, end);
        QFETCH(QByteArray, node);
        QFETCH(QString, lb);
        QCOMPARE(f.endUs, QDateTime::fromString(end, Qt::ISODate).toMSecsSinceEpoch() * 1000);
        QCOMPARE(f.startUs(), f.endUs - 300 * 1000000LL);
        QCOMPARE(f.nodeIp, node);
        QCOMPARE(f.loadBalancer, lb);
        QCOMPARE(f.account, QStringLiteral("123456789012"));
    }
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
