// The analysis must not depend on hash order or hash values: Qt 6 seeds its hashes per process
// (QHash/QSet iteration order; and qHashBits mixes in a per-process seed that QHashSeed's functions
// do not reset, only QT_HASH_SEED=0 in the environment), so a result that picks a "first" or
// "best" without a total order (a hash's iteration, a sort's ties among hashed keys) changes from
// run to run on the same logs. A generated bundle (whole-second NGINX times: many rows of one
// join key at the same time) is analysed in child processes of this test, one with QT_HASH_SEED=0
// and others with random seeds; their JSON reports (analysisToJson) and 502 origins must be equal.
//
// GATELINE_HASH_BUNDLE=<folder> GATELINE_HASH_OUT=<file> `tst_determinism_hash` is the child
// (main() below, not a test function): it writes the folder's report and 502 origins to the file. Run by hand on any bundle
// (several times, then diff the files) to look for a difference.
#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "report/jsonreport.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

namespace {

// The report, then the 502 origins ("lb-source row origin ingress-source ingress-row" a line).
QByteArray analyse(const QString &folder)
{
    const EventStore store = BundleLoader().load({folder});
    const Analysis analysis(store, AnalysisOptions{});
    QByteArray out = QJsonDocument(analysisToJson(analysis)).toJson(QJsonDocument::Indented);
    out += "\n--- 502 origins\n";
    for (const OriginResult::Item &i : analysis.origin().items)
        out += QByteArray::number(i.source.value) + ' ' + QByteArray::number(i.row) + ' ' + originId(i.origin).toLatin1()
               + ' ' + QByteArray::number(i.ingressSource.value) + ' ' + QByteArray::number(i.ingressRow) + '\n';
    return out;
}

// The first line where a and b differ, with its number (for the failure message).
QByteArray firstDifference(const QByteArray &a, const QByteArray &b)
{
    const QList<QByteArray> la = a.split('\n'), lb = b.split('\n');
    for (qsizetype i = 0; i < std::max(la.size(), lb.size()); ++i) {
        const QByteArray x = la.value(i), y = lb.value(i);
        if (x != y)
            return "line " + QByteArray::number(i + 1) + ": " + x.trimmed() + "  vs  " + y.trimmed();
    }
    return {};
}

// This test's executable, run as the child (main()) on folder with the hash seed the
// environment gives (fixedSeed: QT_HASH_SEED=0, else none: a random one); its output file's bytes.
QByteArray analyseInChild(const QString &folder, const QString &outFile, bool fixedSeed, QString *error)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_HASH_SEED"));
    if (fixedSeed)
        env.insert(QStringLiteral("QT_HASH_SEED"), QStringLiteral("0"));
    env.insert(QStringLiteral("GATELINE_HASH_BUNDLE"), folder);
    env.insert(QStringLiteral("GATELINE_HASH_OUT"), outFile);
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QCoreApplication::applicationFilePath(), {});
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("the child failed: %1").arg(QString::fromLocal8Bit(p.readAllStandardOutput()));
        return {};
    }
    QFile f(outFile);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the child wrote no %1").arg(outFile);
        return {};
    }
    return f.readAll();
}

} // namespace

class TestDeterminismHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void generated_data();
    void generated();
};

void TestDeterminismHash::generated_data()
{
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("shape");
    QTest::addColumn<double>("rps");
    QTest::addColumn<int>("minutes");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("pool+oom stern-color") << QStringLiteral("connection-pool-exhaustion+oom-crash")
                                          << QStringLiteral("stern-color") << 60.0 << 8 << quint32(1907550047);
}

void TestDeterminismHash::generated()
{
    QFETCH(QString, cause);
    QFETCH(QString, shape);
    QFETCH(double, rps);
    QFETCH(int, minutes);
    QFETCH(quint32, seed);
    GeneratorOptions o;
    o.cause = cause;
    o.ingress = QStringLiteral("nginx");
    o.ingressShape = shape;
    o.requestsPerSecond = rps;
    o.durationMinutes = minutes;
    o.seed = seed;
    o.noise = true;
    o.threads = 1;
    QTemporaryDir dir, out;
    QVERIFY(dir.isValid() && out.isValid());
    GeneratorTruth truth;
    QString error;
    QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));

    // The first child with QT_HASH_SEED=0, the others each with its own random seed.
    constexpr int kRuns = 5;
    QByteArray first;
    for (int n = 0; n < kRuns; ++n) {
        const QByteArray r = analyseInChild(dir.path(), out.filePath(QStringLiteral("run%1").arg(n)), n == 0, &error);
        QVERIFY2(!r.isEmpty(), qPrintable(error));
        if (n == 0) {
            first = r;
            continue;
        }
        QVERIFY2(r == first, qPrintable(QStringLiteral("run %1 (random hash seed) vs run 0 (QT_HASH_SEED=0): %2")
                                            .arg(n).arg(QString::fromUtf8(firstDifference(first, r)))));
    }
}

// The child of generated() when the environment names a bundle and an output file: it writes the
// bundle's report and 502 origins and exits; else the tests run.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString folder = qEnvironmentVariable("GATELINE_HASH_BUNDLE");
    const QString outFile = qEnvironmentVariable("GATELINE_HASH_OUT");
    if (!folder.isEmpty() && !outFile.isEmpty()) {
        QFile f(outFile);
        return f.open(QIODevice::WriteOnly) && f.write(analyse(folder)) > 0 ? 0 : 1;
    }
    TestDeterminismHash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_determinism_hash.moc"
