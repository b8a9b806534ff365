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
    void captureTimeRoundTrip();
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

// The capture time of kubectl's relative ages set by the user is saved (UTC, RFC 3339) and read back;
// an offset given by hand is converted to UTC; an investigation without one has none.
void TstInvestigation::captureTimeRoundTrip()
{
    QTemporaryDir dir;
    QDir(dir.path()).mkdir(QStringLiteral("bundle"));
    Investigation inv = sample(dir.filePath(QStringLiteral("bundle")));
    inv.captureTime = QDateTime::fromString(QStringLiteral("2024-06-02T10:30:00.250Z"), Qt::ISODateWithMs);
    QVERIFY(inv.captureTime.isValid());
    const QString path = dir.filePath(QStringLiteral("case.gateline"));
    QString error;
    QVERIFY2(inv.save(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(o.value(QStringLiteral("capturedAt")).toString(), QStringLiteral("2024-06-02T10:30:00.250Z"));
    const auto loaded = Investigation::load(path, &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->captureTime.toMSecsSinceEpoch(), inv.captureTime.toMSecsSinceEpoch());
    QCOMPARE(*loaded, inv);

    QJsonObject local = o;
    local.insert(QStringLiteral("capturedAt"), QStringLiteral("2024-06-02T12:30:00+02:00"));
    const auto fromLocal = Investigation::fromJson(local, dir.path(), &error);
    QVERIFY(fromLocal);
    QCOMPARE(fromLocal->captureTime.toUTC().toString(Qt::ISODate), QStringLiteral("2024-06-02T10:30:00Z"));

    QJsonObject bad = o;
    bad.insert(QStringLiteral("capturedAt"), QStringLiteral("five minutes ago"));
    QVERIFY(!Investigation::fromJson(bad, dir.path(), &error));
    QVERIFY(error.contains(QLatin1String("capturedAt")));

    const Investigation none = sample(dir.filePath(QStringLiteral("bundle")));
    QVERIFY(none.toJson().value(QStringLiteral("capturedAt")).isNull());
    const auto noneBack = Investigation::fromJson(none.toJson(), dir.path(), &error);
    QVERIFY(noneBack);
    QVERIFY(!noneBack->captureTime.isValid());
}

QTEST_GUILESS_MAIN(TstInvestigation)
#include "tst_investigation.moc"
