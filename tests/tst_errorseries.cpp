// ErrorSeries' request counts and median request times against a plain reference computed here
// from the store (every request row, nth_element at size / 2, bins by division): the counted
// median (whole milliseconds) and its fallback (other times) must give the very same values.
#include "analysis/analysis.h"
#include "ingest/bundleloader.h"
#include "playbook/evidenceseries.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace gateline;

namespace {

// ALB lines over 20 minutes, four endpoints (one with ids in its paths, one with and without a
// query, one of URLs without a path), some 502s and some -1 processing times; the target's processing time of each line from targetTime(i).
template<typename TargetTime>
QByteArray albLines(int count, quint32 seed, TargetTime targetTime)
{
    QRandomGenerator rng(seed);
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        const qint64 us = qint64(i) * 1200000000 / count + rng.bounded(1000);
        const int minute = int(us / 60000000), second = int(us / 1000000 % 60), micro = int(us % 1000000);
        const int endpoint = int(rng.bounded(5));
        const QByteArray path = endpoint == 0   ? QByteArray("/api/orders/") + QByteArray::number(rng.bounded(100000))
                                : endpoint == 1 ? QByteArray("/health")
                                : endpoint == 2 ? QByteArray("/static/app.js")
                                : endpoint == 3 ? QByteArray("/static/app.js?v=") + QByteArray::number(rng.bounded(9))
                                                : QByteArray(); // the URL without a path: "/"
        const QByteArray method = endpoint == 0 && i % 5 == 0 ? "POST" : "GET";
        const bool failed = rng.bounded(40) == 0;
        const bool noTimes = rng.bounded(50) == 0;
        const QByteArray t2 = noTimes ? QByteArray("-1") : targetTime(i, rng);
        out += QStringLiteral("http 2026-11-21T10:%1:%2.%3Z app/lb/1 10.0.%4.%5:4000 10.1.0.7:80 %6 %7 %6 %8 %9 12 34 "
                              "\"%10 http://shop:80%11 HTTP/1.1\" \"ua\" - - arn \"Root=1\" \"shop\" \"-\" 0 "
                              "2026-11-21T10:00:00.000000Z \"forward\" \"-\" \"-\" \"10.1.0.7:80\" \"200\" \"-\" \"-\"\n")
                   .arg(minute, 2, 10, QLatin1Char('0'))
                   .arg(second, 2, 10, QLatin1Char('0'))
                   .arg(micro, 6, 10, QLatin1Char('0'))
                   .arg(rng.bounded(256))
                   .arg(rng.bounded(256))
                   .arg(noTimes ? QStringLiteral("-1") : QStringLiteral("0.000"))
                   .arg(QString::fromLatin1(t2))
                   .arg(failed ? 502 : 200)
                   .arg(failed ? QStringLiteral("-") : QStringLiteral("200"))
                   .arg(QString::fromLatin1(method), QString::fromLatin1(path))
                   .toUtf8();
    }
    return out;
}

double referenceMedian(std::vector<float> v)
{
    if (v.empty())
        return -1;
    std::nth_element(v.begin(), v.begin() + qsizetype(v.size() / 2), v.end());
    return double(v[v.size() / 2]);
}

} // namespace

class TestErrorSeries : public QObject
{
    Q_OBJECT

private:
    // Loads the lines, then compares every count and median of ErrorSeries with the reference.
    void compareWithReference(const QByteArray &lines)
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile f(dir.filePath(QStringLiteral("alb.log")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(lines);
        f.close();
        const EventStore store = BundleLoader().load({f.fileName()});
        QCOMPARE(store.sourceCount(), 1);
        const SourceData &s = store.source(SourceId{0});
        QCOMPARE(s.rejected.total, 0);
        const Analysis analysis(store, AnalysisOptions{});
        const ErrorSeries series(analysis);

        QHash<QString, std::vector<float>> byEndpoint;
        QHash<QString, qint64> requestsByEndpoint;
        std::vector<float> all;
        qint64 requests = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.kind(i) != EventKind::Request)
                continue;
            ++requests;
            const QString endpoint =
                ErrorSeries::endpointOf(s.bytes(SourceData::Method, i), s.bytes(SourceData::Path, i));
            ++requestsByEndpoint[endpoint];
            const float d = s.durationMs(i);
            if (d >= 0 && s.status(i) != 502) {
                byEndpoint[endpoint].push_back(d);
                all.push_back(d);
            }
        }
        QCOMPARE(series.requests(), requests);
        QCOMPARE(series.requestsByEndpoint(), requestsByEndpoint);
        QVERIFY(byEndpoint.size() >= 3);
        for (auto it = byEndpoint.cbegin(); it != byEndpoint.cend(); ++it)
            QCOMPARE(series.medianDurationMs(it.key()), referenceMedian(it.value()));
        QCOMPARE(series.medianDurationMs(), referenceMedian(all));

        std::vector<double> bins(series.requestBins().size(), 0);
        const qint64 shift = analysis.timeline().shiftUs(SourceId{0});
        for (qsizetype i = 0; i < s.size(); ++i) {
            const qint64 b = (s.time(i).us + shift - series.fromUs()) / series.binUs();
            bins[size_t(std::clamp<qint64>(b, 0, qint64(bins.size()) - 1))] += 1;
        }
        QCOMPARE(series.requestBins(), bins);
    }

private Q_SLOTS:
    // Whole milliseconds (ALB's usual "0.123"): the counted median.
    void wholeMilliseconds()
    {
        compareWithReference(albLines(6000, 11, [](int, QRandomGenerator &rng) {
            return QByteArray::number(double(rng.bounded(3000)) / 1000.0, 'f', 3);
        }));
    }
    // Ties everywhere: few distinct times, the median inside a run of equal ones.
    void fewDistinctTimes()
    {
        compareWithReference(albLines(4000, 12, [](int i, QRandomGenerator &) {
            return QByteArray(i % 3 == 0 ? "0.004" : i % 3 == 1 ? "0.260" : "0.261");
        }));
    }
    // Fractions of a millisecond ("0.1234"): the fallback, with the same answers.
    void fractionsOfAMillisecond()
    {
        compareWithReference(albLines(5000, 13, [](int, QRandomGenerator &rng) {
            return QByteArray::number(double(rng.bounded(30000)) / 10000.0, 'f', 4);
        }));
    }
    // Past 65.535 s, which the counted median does not cover: the fallback for those endpoints.
    void longRequests()
    {
        compareWithReference(albLines(3000, 14, [](int i, QRandomGenerator &rng) {
            return i % 7 == 0 ? QByteArray("70.000") : QByteArray::number(double(rng.bounded(90000)) / 1000.0, 'f', 3);
        }));
    }
};

QTEST_GUILESS_MAIN(TestErrorSeries)
#include "tst_errorseries.moc"
