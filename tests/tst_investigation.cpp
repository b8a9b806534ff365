// .gateline investigation files: JSON round trip, atomic save, relative bundle paths, bad input.
#include "investigation/investigation.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace gateline;

class TstInvestigation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void relativePaths();
    void badFiles();
};

namespace {
Investigation sample(const QString &bundle)
{
    Investigation inv;
    inv.bundlePaths = {bundle};
    inv.offsets = {{bundle + QStringLiteral("/ingress/controller.log"), -2.25}};
    inv.verdicts = {{QStringLiteral("locate-hop"), QStringLiteral("alb"), false, QString()},
                    {QStringLiteral("deployments"), QStringLiteral("not-correlated"), true, QStringLiteral("coincidence")}};
    inv.notes = {{1709287388000000, QStringLiteral("rollout of web 1.4.2 <script>")}};
    inv.matchWindowSeconds = 12.5;
    inv.visible = {1709287200000000, 1709287800000000};
    inv.selection = {1709287380000000, 1709287400000000};
    return inv;
}
} // namespace

void TstInvestigation::roundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QDir(dir.path()).mkdir(QStringLiteral("bundle"));
    const QString bundle = dir.filePath(QStringLiteral("bundle"));
    const Investigation inv = sample(bundle);
    const QString path = dir.filePath(QStringLiteral("case.gateline"));
    QString error;
    QVERIFY2(inv.save(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(o.value(QStringLiteral("schema")).toString(), QStringLiteral("gateline.investigation/1"));
    const auto loaded = Investigation::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(*loaded, inv);
    // Saving again replaces the file atomically (no temporary left behind).
    QVERIFY(inv.save(path, &error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("case.gateline")});
}

void TstInvestigation::relativePaths()
{
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("case/bundle"));
    const Investigation inv = sample(dir.filePath(QStringLiteral("case/bundle")));
    const QJsonObject o = inv.toJson(dir.filePath(QStringLiteral("case")));
    // The case folder moved: the absolute path is gone, the relative one still resolves.
    QVERIFY(QDir(dir.filePath(QStringLiteral("case"))).removeRecursively());
    QTemporaryDir other;
    QDir(other.path()).mkpath(QStringLiteral("moved/bundle"));
    QString error;
    const auto moved = Investigation::fromJson(o, other.filePath(QStringLiteral("moved")), &error);
    QVERIFY(moved);
    QCOMPARE(moved->bundlePaths, QStringList{QDir::cleanPath(other.filePath(QStringLiteral("moved/bundle")))});
}

void TstInvestigation::badFiles()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!Investigation::load(dir.filePath(QStringLiteral("missing.gateline")), &error));
    QVERIFY(error.contains(QLatin1String("cannot open")));
    const QString junk = dir.filePath(QStringLiteral("junk.gateline"));
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    QVERIFY(!Investigation::load(junk, &error));
    QVERIFY(error.contains(QLatin1String("not valid JSON")));
    QVERIFY(!Investigation::fromJson(QJsonObject{{QStringLiteral("schema"), QStringLiteral("other/1")}}, {}, &error));
    QVERIFY(error.contains(QLatin1String("not a Gateline investigation")));
    // Odd values are dropped or defaulted, never trusted.
    QJsonObject o{{QStringLiteral("schema"), QStringLiteral("gateline.investigation/1")},
                  {QStringLiteral("matchWindowSeconds"), -4},
                  {QStringLiteral("visible"), QJsonObject{{QStringLiteral("fromUs"), QStringLiteral("9")}, {QStringLiteral("toUs"), QStringLiteral("3")}}}};
    const auto inv = Investigation::fromJson(o, {}, &error);
    QVERIFY(inv);
    QCOMPARE(inv->matchWindowSeconds, 30.0);
    QVERIFY(!inv->visible.isValid());
    QVERIFY(!Investigation{}.save(dir.filePath(QStringLiteral("no/such/dir/x.gateline")), &error));
}

QTEST_GUILESS_MAIN(TstInvestigation)
#include "tst_investigation.moc"
