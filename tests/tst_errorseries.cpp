// ErrorSeries' request counts and median request times against a plain reference computed here
// from the store (every request row, nth_element at size / 2, bins by division): the counted
// median (whole milliseconds) and its fallback (other times) must give the very same values.
// And the endpoint path's hash (its one-pass ways, by length) against its definition.
#include "analysis/analysis.h"
#include "ingest/bundleloader.h"
#include "playbook/endpointpath.h"
#include "playbook/evidenceseries.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

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
    // pathHash (one pass: by 16-byte masks up to 64 bytes, byte by byte up to 256) gives what the
    // definition gives (walkPath's pieces joined, then hashed), on edge cases and on random paths
    // of every length from 0 to 300 made of the segments ids are told from.
    void pathHashMatchesDefinition()
    {
        QList<QByteArray> paths = {"", "/", "?", "/?a=1", "//", "///", "a", "/a", "a/", "/a/", "1", "/1", "/1/",
                                   "/api/orders/123", "/api/orders/123/", "/api/{id}/x", "/x?y=/1/2",
                                   "/abcdef", "/abcde1", "/ABCDEF12", "/a1b2c3d4", "/token-with-9digits",
                                   "http://h/a/1", "https://h", "https://h/", "http:/x/1", "h/1", "/caf\xc3\xa9/1",
                                   "/\xff\xfe/12", "/-/--/---1", QByteArray(64, '/'), QByteArray(65, '/'),
                                   "/" + QByteArray(63, '7'), "/" + QByteArray(64, '7'), QByteArray(64, '7'),
                                   "/" + QByteArray(62, 'a') + "/", "/x/" + QByteArray(61, 'b'),
                                   "/" + QByteArray(255, '1'), "/" + QByteArray(256, '1'), QByteArray(300, 'x')};
        const QList<QByteArray> pieces = {"api", "orders", "v2", "{id}", "a-b", "ABCDEF", "caf\xc3\xa9", "\x80",
                                          "-", "", "x1"};
        QRandomGenerator rng(4242);
        auto randomSegment = [&]() -> QByteArray {
            switch (rng.bounded(6)) {
            case 0: return pieces[rng.bounded(int(pieces.size()))];
            case 1: return QByteArray::number(rng.bounded(quint64(1) << 40));
            case 2: { // hex, mixed case, with or without a dash
                QByteArray h;
                const int n = 1 + int(rng.bounded(40));
                for (int i = 0; i < n; ++i)
                    h += "0123456789abcdefABCDEF-"[rng.bounded(23)];
                return h;
            }
            case 3: return QUuid::createUuidV5(QUuid(), QString::number(rng.generate())).toByteArray(QUuid::WithoutBraces);
            case 4: { // a token with some digits
                QByteArray t;
                const int n = 1 + int(rng.bounded(24));
                for (int i = 0; i < n; ++i)
                    t += "abcxyz0123456789_."[rng.bounded(18)];
                return t;
            }
            default: return QByteArray(int(rng.bounded(70)), 'q');
            }
        };
        for (int i = 0; i < 20000; ++i) {
            QByteArray p = rng.bounded(8) == 0 ? QByteArray() : QByteArray("/");
            const int segments = int(rng.bounded(12));
            for (int k = 0; k < segments; ++k)
                p += randomSegment() + (k + 1 < segments || rng.bounded(4) == 0 ? "/" : "");
            if (rng.bounded(5) == 0)
                p += "?q=" + randomSegment() + "/" + randomSegment();
            paths << p.left(int(rng.bounded(301)));
        }
        int shortOnes = 0, middle = 0, longOnes = 0;
        for (const QByteArray &p : std::as_const(paths)) {
            const qsizetype q = p.indexOf('?');
            const qsizetype n = q < 0 ? p.size() : q;
            shortOnes += n > 0 && n <= 64;
            middle += n > 64 && n <= 256;
            longOnes += n > 256;
            QCOMPARE(pathHash(p), pathHashOfPieces(p));
            // The normalised path is its own normalisation ("{id}" holds no digit).
            QByteArray normalised;
            walkPath(p, [&normalised](QByteArrayView piece) { normalised += piece; });
            QCOMPARE(pathHash(normalised), pathHash(p));
        }
        QVERIFY2(shortOnes > 5000 && middle > 5000 && longOnes >= 100,
                 qPrintable(QStringLiteral("%1 short, %2 middle, %3 long").arg(shortOnes).arg(middle).arg(longOnes)));
        QVERIFY(isIdSegment("123") && isIdSegment("abcde1") && isIdSegment("a1b2c3d4") && !isIdSegment("abcdef")
                && !isIdSegment("v2") && !isIdSegment("{id}") && !isIdSegment(""));
    }
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
