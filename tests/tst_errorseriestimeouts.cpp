// ErrorSeries::timeouts(), which the request-counting pass gathers (a 504's row per source, in the
// workers), against a plain scan of the store here: every load-balancer request answered 504, in
// time order, with its source, row and aligned time; none from other statuses or other sources.
// Generated bundles with many 504s (upstream-timeout) and with few (graceful-shutdown).
#include "analysis/analysis.h"
#include "generator/bundlegenerator.h"
#include "ingest/bundleloader.h"
#include "playbook/evidenceseries.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <tuple>
#include <vector>

using namespace gateline;

class TestErrorSeriesTimeouts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeoutsAreEveryLoadBalancer504_data()
    {
        QTest::addColumn<QString>("cause");
        QTest::addColumn<int>("albNodes");
        QTest::newRow("upstream-timeout") << QStringLiteral("upstream-timeout") << 3;
        QTest::newRow("graceful-shutdown") << QStringLiteral("graceful-shutdown") << 2;
    }

    void timeoutsAreEveryLoadBalancer504()
    {
        QFETCH(QString, cause);
        QFETCH(int, albNodes);
        QTemporaryDir dir;
        GeneratorOptions o;
        o.cause = cause;
        o.albNodes = albNodes;
        o.targetAlbLines = 30000;
        o.seed = 21;
        GeneratorTruth truth;
        QString error;
        QVERIFY2(generateBundle(o, dir.path(), &truth, &error), qPrintable(error));
        const EventStore store = BundleLoader().load({dir.path()});
        const Analysis analysis(store, {});
        const ErrorSeries series(analysis);
        QVERIFY(series.fromLoadBalancer());

        // The reference: every load-balancer source, every row.
        std::vector<std::tuple<qint64, int, qint32>> expected; // aligned time, source, row
        int lbSources = 0;
        for (qsizetype id = 0; id < store.sourceCount(); ++id) {
            const SourceId sid{int(id)};
            const SourceData &s = store.source(sid);
            if (!isLoadBalancerFormat(s.format) || s.size() == 0)
                continue;
            ++lbSources;
            for (qsizetype i = 0; i < s.size(); ++i)
                if (s.kind(i) == EventKind::Request && s.status(i) == 504)
                    expected.emplace_back(analysis.timeline().aligned(sid, i).us, int(id), qint32(i));
        }
        QVERIFY(lbSources > 1);
        if (cause == QLatin1String("upstream-timeout"))
            QVERIFY(expected.size() > 20);

        std::vector<std::tuple<qint64, int, qint32>> got;
        for (const ErrorSample &e : series.timeouts()) {
            QCOMPARE(e.origin, Origin::Undetermined);
            got.emplace_back(e.us, e.source.value, e.row);
        }
        // In time order (ties in any order).
        for (size_t i = 1; i < got.size(); ++i)
            QVERIFY(std::get<0>(got[i - 1]) <= std::get<0>(got[i]));
        std::sort(expected.begin(), expected.end());
        std::sort(got.begin(), got.end());
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
    }
};

QTEST_GUILESS_MAIN(TestErrorSeriesTimeouts)
#include "tst_errorseriestimeouts.moc"
