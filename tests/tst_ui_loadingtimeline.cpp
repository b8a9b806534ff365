// The timeline drawn while a bundle loads (ui/loadingtimeline.h): the picture counted from the
// loader's finished sources holds the same requests and 502s as the store's own first timeline,
// and the window draws its first timeline from it before the store is in.
#include "testutil.h"

#include "ingest/bundleloader.h"
#include "investigationsession.h"
#include "loadingtimeline.h"
#include "mainwindow.h"
#include "timelinechart.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <atomic>

using namespace gateline;

namespace {
const QString kBundle = QStringLiteral(GATELINE_TEST_DATA "/ui/bundle");

double sum(const std::vector<double> &v)
{
    double s = 0;
    for (double c : v)
        s += c;
    return s;
}
} // namespace

class TestUiLoadingTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("GatelineTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_loadingtimeline"));
    }

    void pictureCountsWhatTheStoreHolds()
    {
        std::atomic<int> delivered {0};
        auto loading = std::make_shared<LoadingTimeline>([&](std::shared_ptr<const TimelineData> p) {
            QVERIFY(p->bounds.isValid());
            ++delivered;
        });
        std::atomic<int> forwarded {0};
        IngestProgressFn inner = [&](const IngestProgress &p) {
            QVERIFY(p.finished.empty()); // the pointers never go beyond the call
            ++forwarded;
        };
        const EventStore store = BundleLoader().load({kBundle}, nullptr, LoadingTimeline::wrap(loading, inner));
        QVERIFY(delivered.load() >= 1);
        QVERIFY(forwarded.load() > 0);
        const auto picture = loading->snapshot();
        const auto full = buildTimelineData(store, nullptr);
        const TimelineSeries *req = picture->find(TimelineSeries::Requests);
        const TimelineSeries *fullReq = full->find(TimelineSeries::Requests);
        QVERIFY(req && fullReq);
        QCOMPARE(req->name, fullReq->name);
        QCOMPARE(req->counts.total(), quint64(120)); // the ALB's requests, as tst_ui_mainwindow counts them
        QCOMPARE(req->counts.total(), fullReq->counts.total());
        const TimelineSeries *lb = picture->find(TimelineSeries::Lb502);
        const TimelineSeries *fullLb = full->find(TimelineSeries::Lb502);
        QVERIFY(lb && fullLb);
        QCOMPARE(lb->times, fullLb->times);
        QVERIFY(picture->bounds.isValid());
        // The same per-bin counts over the store's bounds, at a 1 s bin.
        const qint64 first = (full->bounds.fromUs / 1000000) * 1000000;
        const int n = int((full->bounds.toUs - first) / 1000000) + 1;
        QCOMPARE(binCounts(*req, first, 1000000, n), binCounts(*fullReq, first, 1000000, n));
        QCOMPARE(sum(binCounts(*req, first, 1000000, n)), 120.0);
    }

    void windowDrawsBeforeTheStoreIsIn()
    {
        MainWindow w;
        w.setAskBeforeDiscarding(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        bool storeWhenDrawn = true;
        int pictures = 0;
        double drawnRequests = -1;
        connect(w.session(), &InvestigationSession::loadingTimelineChanged, this, [&] {
            if (pictures++ == 0) {
                storeWhenDrawn = bool(w.session()->store());
                drawnRequests = sum(w.chart()->drawnCounts(TimelineSeries::Requests));
            }
        });
        QSignalSpy drawn(&w, &MainWindow::firstTimelineDrawn);
        QSignalSpy finished(w.session(), &InvestigationSession::loadFinished);
        w.session()->open({kBundle});
        QVERIFY(finished.wait(60000));
        QVERIFY(pictures >= 1);
        QVERIFY(!storeWhenDrawn);
        QVERIFY(drawnRequests >= 0);
        QCOMPARE(drawn.count(), 1);
        // After the load the analysis' timeline is drawn: all 120 requests.
        QCOMPARE(sum(w.chart()->drawnCounts(TimelineSeries::Requests)), 120.0);
    }
};

QTEST_MAIN(TestUiLoadingTimeline)
#include "tst_ui_loadingtimeline.moc"
