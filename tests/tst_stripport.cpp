// stripPort (core/formats/fieldcursor.h) against the plain scan it replaced for 16-64 bytes: every
// length 0-80 with no colon, every single colon place, every pair of colon places, and brackets.
// Every parser that reads "address:port" (ALB, Envoy, GCP LB, CloudFront, Cloudflare, Traefik)
// takes its host from it.
#include "formats/fieldcursor.h"

#include <QTest>

#include <cstring>

using namespace gateline;

namespace {
// The reference: the last colon, if it is the only one and not the first byte.
QByteArrayView reference(QByteArrayView hostPort)
{
    if (hostPort.startsWith('[')) {
        const qsizetype close = hostPort.indexOf(']');
        return close > 0 ? hostPort.sliced(1, close - 1) : hostPort;
    }
    const qsizetype last = hostPort.lastIndexOf(':');
    return last > 0 && hostPort.indexOf(':') == last ? hostPort.first(last) : hostPort;
}
} // namespace

class TestStripPort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyColonPlacement()
    {
        // A buffer with bytes after the view: a scan past its end would see the colons there.
        QByteArray buffer(96, ':');
        qint64 checked = 0;
        for (qsizetype n = 0; n <= 80; ++n) {
            auto check = [&](const QByteArray &s) {
                buffer.replace(1, n, s);
                const QByteArrayView view(buffer.constData() + 1, n); // unaligned on purpose
                const QByteArrayView got = stripPort(view), want = reference(view);
                QVERIFY2(got.data() == want.data() && got.size() == want.size(),
                         qPrintable(QStringLiteral("n=%1 \"%2\": %3 vs %4")
                                        .arg(n)
                                        .arg(QString::fromLatin1(s))
                                        .arg(got.size())
                                        .arg(want.size())));
                ++checked;
            };
            QByteArray s(n, '7');
            check(s);
            if (QTest::currentTestFailed())
                return;
            for (qsizetype i = 0; i < n; ++i) {
                s[i] = ':';
                check(s);
                for (qsizetype j = i + 1; j < n; ++j) {
                    s[j] = ':';
                    check(s);
                    s[j] = '7';
                }
                s[i] = '7';
                if (QTest::currentTestFailed())
                    return;
            }
        }
        QVERIFY(checked > 80 * 80 / 2);
    }

    void typicalAddresses()
    {
        QCOMPARE(stripPort("10.0.1.23:8080"), QByteArrayView("10.0.1.23"));
        QCOMPARE(stripPort("192.168.100.200:65535"), QByteArrayView("192.168.100.200")); // 21 bytes
        QCOMPARE(stripPort("ip-10-0-1-23.ec2.internal:443"), QByteArrayView("ip-10-0-1-23.ec2.internal"));
        QCOMPARE(stripPort("[2001:db8::1]:443"), QByteArrayView("2001:db8::1"));
        QCOMPARE(stripPort("2001:db8:85a3::8a2e:370:7334"), QByteArrayView("2001:db8:85a3::8a2e:370:7334"));
        QCOMPARE(stripPort(":8080"), QByteArrayView(":8080"));
        QCOMPARE(stripPort("storefront.default.svc.cluster.local:"), QByteArrayView("storefront.default.svc.cluster.local"));
    }
};

QTEST_GUILESS_MAIN(TestStripPort)
#include "tst_stripport.moc"
