// OffsetsModel: one row per source with its alignment; edits are announced, not applied.
#include "models/offsetsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
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
    auto ing = std::make_unique<SourceData>();
    ing->locator.filePath = QStringLiteral("/b/ingress/controller.log");
    ing->format = SourceFormat::NginxIngress;
    for (int i = 0; i < 200; ++i) {
        Record r;
        r.time = Timestamp{kT0 + i * 3000000LL};
        r.status = 200;
        r.upstreamStatus = 200;
        const QByteArray client = "203.0.113." + QByteArray::number(i % 50);
        const QByteArray path = "/p/" + QByteArray::number(i % 17);
        r.client = client;
        r.method = "GET";
        r.path = path;
        alb->append(r);
        r.time = Timestamp{kT0 + i * 3000000LL + 2250000}; // the ingress clock runs 2.25 s ahead
        ing->append(r);
    }
    store->add(std::move(alb));
    store->add(std::move(ing));
    return store;
}
} // namespace

class TstModelOffsets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsAndEdits();
};

void TstModelOffsets::rowsAndEdits()
{
    OffsetsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    auto store = makeStore();
    auto analysis = std::make_shared<Analysis>(*store, AnalysisOptions{});
    model.setAnalysis(analysis);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(OffsetsModel::ColumnCount));
    const QModelIndex albOffset = model.index(0, OffsetsModel::OffsetColumn);
    const QModelIndex ingOffset = model.index(1, OffsetsModel::OffsetColumn);
    QCOMPARE(model.data(albOffset, OffsetsModel::MethodRole).toInt(), int(SourceAlignment::Reference));
    QVERIFY(!(model.flags(albOffset) & Qt::ItemIsEditable)); // the reference clock
    QVERIFY(model.flags(ingOffset) & Qt::ItemIsEditable);
    // The estimate finds the 2.25 s skew.
    QVERIFY(std::abs(model.data(ingOffset, OffsetsModel::OffsetSecondsRole).toDouble() + 2.25) < 0.1);
    QVERIFY(model.data(ingOffset).toString().endsWith(QLatin1String(" s")));

    QSignalSpy edit(&model, &OffsetsModel::offsetEditRequested);
    QVERIFY(model.setData(ingOffset, QStringLiteral("-1.5 s")));
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.at(0).at(0).value<SourceId>().value, 1);
    QCOMPARE(edit.at(0).at(1).toDouble(), -1.5);
    QVERIFY(!model.setData(ingOffset, QStringLiteral("soon")));
    QVERIFY(!model.setData(albOffset, 3.0, Qt::DisplayRole));
    QCOMPARE(edit.count(), 1);

    // A new analysis of the same store refreshes in place.
    auto copy = std::make_shared<Analysis>(*analysis);
    SourceAlignment a = copy->timeline().alignment(SourceId{1});
    a.method = SourceAlignment::UserOverride;
    a.offsetSeconds = -1.5;
    copy->setAlignment(SourceId{1}, a);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setAnalysis(copy);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.data(ingOffset, OffsetsModel::OffsetSecondsRole).toDouble(), -1.5);
    QCOMPARE(model.data(model.index(1, OffsetsModel::MethodColumn)).toString(), OffsetsModel::methodLabel(SourceAlignment::UserOverride));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TstModelOffsets)
#include "tst_model_offsets.moc"
