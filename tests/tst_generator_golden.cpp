// The generator's bytes per seed are pinned: a digest of every file of a few bundles (causes, ingress
// kinds and log shapes that between them reach every writer) is compared with a golden listing.
//
// It also runs in the asan preset, built by Clang, while the dev preset is built by GCC: the same
// seed must give the same bundle whatever the compiler. Two random draws in one expression (or in
// one call's arguments) are evaluated in an unspecified order, and GCC and Clang picked different
// ones, so a Clang build generated other bundles than a GCC build for the same seed.
//
// A deliberate change to the generator changes the listing: regenerate it with
//   GATELINE_REGENERATE=1 build/dev/tests/tst_generator_golden   (scripts/regen-golden.sh)
// and commit it with the change.
#include "testutil.h"

#include "generator/bundlegenerator.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

class TestGeneratorGolden : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundlesAreTheSameEverywhere_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<QString>("ingress");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("cdn");
        QTest::addColumn<quint32>("seed");
        QTest::newRow("oom-crash nginx stern") << QStringLiteral("oom-crash") << QStringLiteral("nginx") << QStringLiteral("stern")
                                              << QStringLiteral("none") << 41u;
        QTest::newRow("graceful+keepalive traefik cri")
            << QStringLiteral("graceful-shutdown+keepalive-mismatch") << QStringLiteral("traefik") << QStringLiteral("cri")
            << QStringLiteral("none") << 42u;
        QTest::newRow("passive-ejection nginx loki-json") << QStringLiteral("passive-ejection") << QStringLiteral("nginx")
                                                          << QStringLiteral("loki-json") << QStringLiteral("none") << 43u;
        QTest::newRow("idle-timer-race nginx kubectl") << QStringLiteral("idle-timer-race") << QStringLiteral("nginx")
                                                       << QStringLiteral("kubectl") << QStringLiteral("none") << 44u;
        QTest::newRow("cdn cloudflare") << QStringLiteral("cdn-hides-origin") << QStringLiteral("nginx")
                                        << QStringLiteral("kubectl-prefix") << QStringLiteral("cloudflare") << 45u;
        QTest::newRow("nodeport-busy, no ingress") << QStringLiteral("nodeport-busy") << QStringLiteral("none")
                                                   << QStringLiteral("files") << QStringLiteral("none") << 46u;
    }

    void bundlesAreTheSameEverywhere()
    {
        QFETCH(QString, cause);
        QFETCH(QString, ingress);
        QFETCH(QString, shape);
        QFETCH(QString, cdn);
        QFETCH(quint32, seed);
        GeneratorOptions o;
        o.cause = cause;
        o.ingress = ingress;
        o.ingressShape = shape;
        o.cdn = cdn;
        o.seed = seed;
        o.requestsPerSecond = 6;
        o.durationMinutes = 20;
        o.threads = 1;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));
        const QMap<QString, QByteArray> files = testutil::readTree(dir.path());
        QVERIFY(files.size() >= 3);
        QString listing;
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            // gzip's own bytes depend on the zlib build; the lines must not.
            const QByteArray content = it.key().endsWith(QLatin1String(".gz")) ? testutil::gunzip(it.value()) : it.value();
            listing += QStringLiteral("%1 %2 lines %3\n")
                           .arg(it.key())
                           .arg(content.count('\n'))
                           .arg(QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex().left(16)));
        }
        const QString golden = testutil::dataPath(QStringLiteral("golden/generator/%1-%2.expected").arg(cause, QString::number(seed)));
        QString diff;
        QVERIFY2(testutil::matchesGolden(golden, listing, &diff),
                 qPrintable(diff + QStringLiteral("\n(a deliberate generator change: GATELINE_REGENERATE=1 tests/tst_generator_golden)")));
    }
};

QTEST_GUILESS_MAIN(TestGeneratorGolden)
#include "tst_generator_golden.moc"
