// MatchPairsModel: the matching step's pairs (missing-upstream 502 <-> lifecycle event).
#include "models/matchpairsmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace gateline;

namespace {
constexpr qint64 kT0 = 1709287200000000;

std::shared_ptr<EventStore> makeStore()
{
    auto store = std::make_shared<EventStore>();
    auto alb = std::make_unique<SourceData>();
    alb->locator.filePath = QStringLiteral("/b/alb.log");
    alb->format = SourceFormat::Alb;
    for (int i = 0; i < 600; ++i) {
        Record r;
        r.time = Timestamp{kT0 + i * 1000000LL};
        const bool burst = (i >= 100 && i < 110) || (i >= 400 && i < 405);
        r.status = burst ? 502 : 200;
        r.upstreamStatus = burst ? kUpstreamDash : 200;
        r.client = "203.0.113.9";
        r.upstream = "10.1.4.7:8080";
        r.method = "GET";
        r.path = "/api/cart";
        alb->append(r);
    }
    auto ev = std::make_unique<SourceData>();
    ev->locator.filePath = QStringLiteral("/b/events.json");
    ev->format = SourceFormat::K8sEvents;
    for (qint64 at : {98LL, 398LL}) {
        Record r;
        r.kind = EventKind::K8sEvent;
        r.time = Timestamp{kT0 + at * 1000000LL};
        r.reason = "Killing";
        r.object = "Pod/web-5c4b-x1";
        r.ns = "shop";
        ev->append(r);
    }
    store->add(std::move(alb));
    store->add(std::move(ev));
    return store;
}
} // namespace

class TstModelMatchPairs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pairs();
};

void TstModelMatchPairs::pairs()
{
    MatchPairsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    auto store = makeStore();
    AnalysisOptions options;
    options.matching.windowSeconds = 30;
    auto analysis = std::make_shared<Analysis>(*store, options);
    QCOMPARE(analysis->matching().missingUpstream502, 15);
    model.setAnalysis(analysis);
    QCOMPARE(model.rowCount(), int(analysis->matching().pairs.size()));
    QVERIFY(model.rowCount() >= 15);
    const QModelIndex first = model.index(0, MatchPairsModel::KindColumn);
    QCOMPARE(model.data(first).toString(), QStringLiteral("Killing"));
    QVERIFY(model.data(model.index(0, MatchPairsModel::EventColumn)).toString().contains(QLatin1String("web-5c4b-x1")));
    QCOMPARE(model.data(model.index(0, MatchPairsModel::RequestColumn)).toString(), QStringLiteral("GET /api/cart"));
    // The first 502 (100 s) and its Killing (98 s): the event came 2 s before it.
    QCOMPARE(model.data(model.index(0, MatchPairsModel::DeltaColumn)).toString(), QStringLiteral("2.0 s before"));
    QCOMPARE(model.headerData(MatchPairsModel::PodColumn, Qt::Horizontal).toString(), QStringLiteral("502 went to"));
    // No pod list loaded: the target address alone, and the tooltip says the event is another object's.
    QCOMPARE(model.data(model.index(0, MatchPairsModel::PodColumn)).toString(), QStringLiteral("10.1.4.7"));
    QVERIFY(model.data(model.index(0, MatchPairsModel::PodColumn), Qt::ToolTipRole).toString().contains(QLatin1String("another object")));
    const qint64 err = model.data(first, MatchPairsModel::ErrorUsRole).toLongLong();
    const qint64 ev = model.data(first, MatchPairsModel::EventUsRole).toLongLong();
    QVERIFY(std::abs(err - ev) <= 30 * 1000000LL);
    QCOMPARE(model.data(first, MatchPairsModel::EventSourceRole).toInt(), 1);

    // A narrower window: fewer pairs.
    auto narrow = std::make_shared<Analysis>(*analysis);
    MatchOptions m = narrow->options().matching;
    m.windowSeconds = 5;
    narrow->rematch(m);
    model.setAnalysis(narrow);
    QCOMPARE(model.rowCount(), int(narrow->matching().pairs.size()));
    QVERIFY(model.rowCount() < 15);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TstModelMatchPairs)
#include "tst_model_matchpairs.moc"
