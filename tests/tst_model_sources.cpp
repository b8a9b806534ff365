// SourcesModel: per-source progress while loading, then sources with their problems as children,
// unrecognised files and bundle messages.
#include "models/sourcesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gateline;

class TstModelSources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void progressThenStore();
    void progressBatchIsOneInsertion();
};

void TstModelSources::progressThenStore()
{
    SourcesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.beginLoad();
    IngestProgress p;
    p.stage = IngestProgress::SourceStarted;
    p.source = QStringLiteral("/b/alb.log");
    model.applyProgress(p);
    p.stage = IngestProgress::SourceProgress;
    p.done = 50;
    p.total = 200;
    model.applyProgress(p);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.loadingCount(), 1);
    QCOMPARE(model.data(model.index(0, SourcesModel::StateColumn), SourcesModel::ProgressRole).toInt(), 25);
    p.source = QStringLiteral("/b/events.json");
    p.stage = IngestProgress::SourceFinished; // finished without a start seen
    p.records = 7;
    model.applyProgress(p);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.loadingCount(), 1);

    auto store = std::make_shared<EventStore>();
    auto s = std::make_unique<SourceData>();
    s->locator.filePath = QStringLiteral("/b/alb.log");
    s->format = SourceFormat::Alb;
    Record r;
    r.time = Timestamp{1709287200000000};
    s->append(r);
    s->reject(QStringLiteral("not ALB (Classic ELB line)"), 3);
    s->reject(QStringLiteral("not ALB (Classic ELB line)"), 9);
    s->notes << QStringLiteral("truncated gzip: the rest was not read");
    store->add(std::move(s));
    store->unrecognised.append({QStringLiteral("/b/README.txt"), QStringLiteral("no known log format")});
    store->messages << QStringLiteral("archive entry name '../x' is unsafe");
    model.setStore(store);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.loadingCount(), 0);
    QCOMPARE(model.problemCount(), 3);
    const QModelIndex src = model.index(0, 0);
    QCOMPARE(model.data(src).toString(), QStringLiteral("alb.log"));
    QCOMPARE(model.data(model.index(0, SourcesModel::FormatColumn)).toString(), QStringLiteral("alb"));
    QCOMPARE(model.data(model.index(0, SourcesModel::RejectedColumn)).toLongLong(), 2);
    QCOMPARE(model.data(src, SourcesModel::SourceIdRole).toInt(), 0);
    QVERIFY(model.rowCount(src) >= 4); // reason, two sample lines, the note
    QVERIFY(model.data(model.index(0, 0, src)).toString().contains(QLatin1String("Classic ELB")));
    QCOMPARE(model.index(0, 0, src).parent(), src);
    QCOMPARE(model.data(model.index(1, SourcesModel::StateColumn)).toString(), QStringLiteral("not recognised"));
    QCOMPARE(model.data(model.index(1, SourcesModel::DetailColumn)).toString(), QStringLiteral("no known log format"));
    QCOMPARE(model.data(model.index(1, 0), SourcesModel::SeverityRole).toInt(), 2);
    QVERIFY(model.data(model.index(2, SourcesModel::DetailColumn)).toString().contains(QLatin1String("unsafe")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}


void TstModelSources::progressBatchIsOneInsertion()
{
    // A batch of progress (a day of files drained in one GUI turn): the same rows as one item at
    // a time, with the new sources inserted at once and the changed rows told once.
    const auto batch = [] {
        QList<IngestProgress> items;
        for (int i = 0; i < 300; ++i) {
            IngestProgress p;
            p.source = QStringLiteral("/day/alb-%1.log.gz").arg(i);
            p.stage = IngestProgress::SourceStarted;
            items << p;
            p.stage = IngestProgress::SourceProgress;
            p.done = 10 * i;
            p.total = 3000;
            items << p;
            if (i % 3 == 0) {
                p.stage = IngestProgress::SourceFinished;
                p.records = i;
                items << p;
            }
        }
        return items;
    }();
    SourcesModel one, many;
    QAbstractItemModelTester tester(&many, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const IngestProgress &p : batch)
        one.applyProgress(p);
    QSignalSpy inserted(&many, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&many, &QAbstractItemModel::dataChanged);
    many.applyProgress(batch.mid(0, 200));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 0); // every row it touched is new
    many.applyProgress(batch.mid(200));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(changed.count(), 1); // the last rows of the first batch, told once
    QCOMPARE(many.rowCount(), one.rowCount());
    QCOMPARE(many.rowCount(), 300);
    QCOMPARE(many.loadingCount(), one.loadingCount());
    for (int r = 0; r < one.rowCount(); ++r)
        for (int c = 0; c < SourcesModel::ColumnCount; ++c)
            for (int role : {int(Qt::DisplayRole), int(SourcesModel::ProgressRole), int(SourcesModel::PathRole)})
                QCOMPARE(many.data(many.index(r, c), role), one.data(one.index(r, c), role));
}

QTEST_GUILESS_MAIN(TstModelSources)
#include "tst_model_sources.moc"
