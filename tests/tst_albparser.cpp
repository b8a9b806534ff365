// The ALB parser's two field splitters agree wherever the fast one answers (the golden lines and
// thousands of mutations of them: extra spaces, stray quotes, backslashes, cut lines, lines ending
// on a 64-byte block boundary); the one-pass line split finds memchr's line ends and the fast
// splitter's fields; parse(), which appends each record a line late, gives the records of feeding
// the lines one by one; and the parser's shortcuts for times, processing times and status
// codes give exactly what the general routines give (parseIso8601, parseDecimal).
#include "testutil.h"

#include "formats/albparser.h"
#include "formats/bytescan.h"
#include "formats/timeparse.h"
#include "ingest/bytestream.h"
#include "store/recorddump.h"
#include "store/sourcedata.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

using namespace gateline;

namespace {

QList<QByteArray> goldenLines()
{
    QList<QByteArray> lines;
    const QDir dir(testutil::dataPath(QStringLiteral("golden/alb")));
    for (const QString &name : dir.entryList({QStringLiteral("*.log")}, QDir::Files, QDir::Name))
        for (const QByteArray &l : testutil::readAll(dir.filePath(name)).split('\n'))
            if (!l.isEmpty())
                lines << l;
    return lines;
}

// Both splitters give views into the same line: equal means the same bytes at the same place.
bool same(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && (a.isEmpty() || a.data() == b.data());
}

QString differences(const AlbFields &a, const AlbFields &b)
{
    QStringList d;
    const std::pair<const char *, std::pair<QByteArrayView, QByteArrayView>> fields[] = {
        {"type", {a.type, b.type}},       {"time", {a.time, b.time}},
        {"client", {a.client, b.client}}, {"target", {a.target, b.target}},
        {"t1", {a.t1, b.t1}},             {"t2", {a.t2, b.t2}},
        {"t3", {a.t3, b.t3}},             {"elbStatus", {a.elbStatus, b.elbStatus}},
        {"targetStatus", {a.targetStatus, b.targetStatus}}, {"request", {a.request, b.request}},
    };
    for (const auto &[name, v] : fields)
        if (!same(v.first, v.second))
            d << QString::fromLatin1(name);
    if (a.hasDomain != b.hasDomain || (a.hasDomain && !same(a.domain, b.domain)))
        d << QStringLiteral("domain");
    if (a.hasError != b.hasError || (a.hasError && !same(a.error, b.error)))
        d << QStringLiteral("error");
    if (a.hasTargetList != b.hasTargetList || (a.hasTargetList && !same(a.targetList, b.targetList)))
        d << QStringLiteral("targetList");
    return d.join(QLatin1Char(','));
}

// One random edit of the kinds that make a line irregular.
void mutate(QByteArray &line, QRandomGenerator &rng)
{
    static const char inserts[] = {' ', '"', '\\', '-', 'x', '\t'};
    const qsizetype at = line.isEmpty() ? 0 : qsizetype(rng.bounded(quint32(line.size() + 1)));
    switch (rng.bounded(6)) {
    case 0: line.insert(at, inserts[rng.bounded(int(sizeof inserts))]); break;
    case 1:
        if (at < line.size())
            line.remove(at, 1 + rng.bounded(3));
        break;
    case 2:
        if (at < line.size())
            line[at] = '"';
        break;
    case 3: line.truncate(at); break;
    case 4: {
        const qsizetype sp = line.indexOf(' ', at);
        if (sp >= 0)
            line.insert(sp, ' ');
        break;
    }
    case 5: {
        const qsizetype q = line.indexOf('"', at);
        if (q >= 0)
            line.remove(q, 1);
        break;
    }
    }
}

struct Agreement {
    int fast = 0;      // lines the fast splitter read
    int fallback = 0;  // lines it left to the reference
};

bool agree(const QByteArray &line, Agreement *count, QString *why)
{
    AlbFields fast, reference;
    if (!splitAlbFieldsFast(line, &fast)) {
        ++count->fallback;
        return true;
    }
    ++count->fast;
    if (!splitAlbFieldsReference(line, &reference)) {
        *why = QStringLiteral("the reference finds too few fields");
        return false;
    }
    *why = differences(fast, reference);
    return why->isEmpty();
}

std::unique_ptr<SourceData> parse(const QByteArray &text)
{
    auto out = std::make_unique<SourceData>();
    AlbParser parser;
    ParseOptions options;
    ParseContext ctx{options, *out, {}, nullptr};
    MemoryStream in(text);
    parser.parse(in, ctx);
    return out;
}

const QByteArray kLine = "https 2024-03-01T10:00:00.123456Z app/prod-alb/50dc6c495c0c9188 203.0.113.5:51234 "
                         "10.0.1.20:8080 0.001 0.045 0.000 200 200 310 2172 \"GET https://shop.example.com:443/api/"
                         "cart?id=42 HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:"
                         "elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09 \"Root=1-"
                         "65e1a7b0-0123456789abcdef01234567\" \"shop.example.com\" \"-\" 3 2024-03-01T10:00:00.077000Z "
                         "\"forward\" \"-\" \"-\" \"10.0.1.20:8080\" \"200\" \"-\" \"-\" TID_0123456789abcdef";

// kLine with field number `index` (0-based, as split on single spaces outside quotes) replaced.
QByteArray withField(int index, const QByteArray &value)
{
    QList<QByteArray> parts;
    QByteArray cur;
    bool inQuotes = false;
    for (char c : kLine) {
        if (c == '"')
            inQuotes = !inQuotes;
        if (c == ' ' && !inQuotes) {
            parts << cur;
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts << cur;
    parts[index] = value;
    return parts.join(' ');
}

// Every way of the fast splitter: AVX2 with PDEP/PEXT, AVX2 walking the separators (CPUs where
// PDEP is slow), and AVX-512 (where the CPU has it).
void splitterWays()
{
    QTest::addColumn<bool>("walk");
    QTest::addColumn<bool>("avx512");
    QTest::newRow("pdep") << false << false;
    QTest::newRow("walk") << true << false;
    QTest::newRow("avx512") << false << true;
}

// Sets the way of the row; false if this CPU lacks it.
bool useSplitterWay()
{
    QFETCH(bool, walk);
    QFETCH(bool, avx512);
    setSplitterWalksSeparators(walk);
    return setSplitterUsesAvx512(avx512);
}

// Lines of every kind one after another, as a file holds them: the golden lines, mutations of them
// (some with a '\n' inside quotes, a '\r' before the '\n', or empty), and kLine ending just before,
// on and after 64-byte block boundaries.
QByteArray mixedText(quint32 seed)
{
    QList<QByteArray> bases = goldenLines();
    bases << kLine;
    QRandomGenerator rng(seed);
    QByteArray text;
    for (int i = 0; i < 3000; ++i) {
        QByteArray line = bases[qsizetype(rng.bounded(quint32(bases.size())))];
        for (int e = int(rng.bounded(3)); e > 0; --e)
            mutate(line, rng);
        switch (rng.bounded(12)) {
        case 0: line.insert(qsizetype(rng.bounded(quint32(line.size() + 1))), '\n'); break;
        case 1: line += '\r'; break;
        case 2: line.clear(); break;
        default: break;
        }
        text += line + '\n';
    }
    for (int extra = -3; extra < 140; ++extra)
        text += kLine + QByteArray(qMax(0, extra), 'a') + '\n';
    return text;
}

// Walks text line by line with splitAlbLineFast and checks each answer against memchr and
// splitAlbFieldsFast of the line; the text's last line (no '\n' after it) must answer -1.
bool walkAgrees(const char *p, qsizetype size, Agreement *count, QString *why)
{
    qsizetype pos = 0;
    for (;;) {
        AlbFields fields, reference;
        bool split = true;
        const qsizetype length = splitAlbLineFast(p + pos, size - pos, &fields, &split);
        const void *nl = std::memchr(p + pos, '\n', size_t(size - pos));
        const qsizetype expected = nl ? static_cast<const char *>(nl) - (p + pos) : -1;
        if (length != expected) {
            *why = QStringLiteral("length %1, memchr says %2 at %3").arg(length).arg(expected).arg(pos);
            return false;
        }
        if (length < 0)
            return !split || (*why = QStringLiteral("split without a line end"), false);
        const QByteArrayView line(p + pos, length);
        const bool referenceSplit = splitAlbFieldsFast(line, &reference);
        if (split != referenceSplit) {
            *why = QStringLiteral("split %1, splitAlbFieldsFast %2: ").arg(split).arg(referenceSplit)
                + QString::fromLatin1(line);
            return false;
        }
        if (split) {
            ++count->fast;
            *why = differences(fields, reference);
            if (!why->isEmpty())
                return false;
        } else {
            ++count->fallback;
        }
        pos += length + 1;
    }
}

// A readable page followed by an unreadable one (unmapped again on scope exit, also when a check
// fails): a load past the first page's end crashes the test.
class GuardedPage
{
public:
    GuardedPage()
        : m_page(size_t(sysconf(_SC_PAGESIZE)))
    {
        void *map = mmap(nullptr, 2 * m_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            return;
        if (mprotect(static_cast<char *>(map) + m_page, m_page, PROT_NONE) == 0)
            m_base = static_cast<char *>(map);
        else
            munmap(map, 2 * m_page);
    }
    ~GuardedPage()
    {
        if (m_base)
            munmap(m_base, 2 * m_page);
    }
    GuardedPage(const GuardedPage &) = delete;
    GuardedPage &operator=(const GuardedPage &) = delete;
    char *base() const { return m_base; } // null: it could not be set up
    size_t size() const { return m_page; }

private:
    size_t m_page;
    char *m_base = nullptr;
};

} // namespace

class TestAlbParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splittersAgreeOnGoldenLines_data() { splitterWays(); }
    void splittersAgreeOnGoldenLines()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        const QList<QByteArray> lines = goldenLines();
        QVERIFY(lines.size() >= 10);
        Agreement count;
        QString why;
        for (const QByteArray &line : lines)
            QVERIFY2(agree(line, &count, &why), qPrintable(why + QStringLiteral(": ") + QString::fromLatin1(line)));
        // The regular ALB lines of every layout take the fast way; NLB/Classic lines and the odd ones not.
        QVERIFY2(count.fast >= lines.size() / 2, qPrintable(QString::number(count.fast)));
        AlbFields f;
        QVERIFY(splitAlbFieldsFast(kLine, &f));
        QCOMPARE(f.request.toByteArray(), QByteArray("GET https://shop.example.com:443/api/cart?id=42 HTTP/1.1"));
        QCOMPARE(f.domain.toByteArray(), QByteArray("shop.example.com"));
        QCOMPARE(f.targetList.toByteArray(), QByteArray("10.0.1.20:8080"));
    }

    void splittersAgreeOnMutations_data() { splitterWays(); }
    void splittersAgreeOnMutations()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        QList<QByteArray> bases = goldenLines();
        bases << kLine;
        QRandomGenerator rng(20261205);
        Agreement count;
        QString why;
        for (int i = 0; i < 40000; ++i) {
            QByteArray line = bases[qsizetype(rng.bounded(quint32(bases.size())))];
            const int edits = 1 + int(rng.bounded(3));
            for (int e = 0; e < edits; ++e)
                mutate(line, rng);
            QVERIFY2(agree(line, &count, &why), qPrintable(why + QStringLiteral(": ") + QString::fromLatin1(line)));
        }
        // Both ways are taken often: the test says something about each.
        QVERIFY2(count.fast > 2000 && count.fallback > 2000,
                 qPrintable(QStringLiteral("fast %1, fallback %2").arg(count.fast).arg(count.fallback)));
    }

    void linesEndingNearBlockBoundaries_data() { splitterWays(); }
    void linesEndingNearBlockBoundaries()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        // The last field padded so that the line ends just before, on and just after each 64-byte
        // block boundary, bare or quoted, with and without a quote on the boundary.
        Agreement count;
        QString why;
        for (int target = kLine.size() - 20; target < kLine.size() + 140; ++target) {
            for (const bool quoted : {false, true}) {
                QByteArray line = kLine;
                const qsizetype lastSpace = line.lastIndexOf(' ');
                line.truncate(lastSpace + 1);
                const qsizetype room = target - line.size() - (quoted ? 2 : 0);
                if (room < 1)
                    continue;
                const QByteArray field = QByteArray(room, 'a');
                line += quoted ? '"' + field + '"' : field;
                QCOMPARE(line.size(), target);
                QVERIFY2(agree(line, &count, &why), qPrintable(why + QStringLiteral(" at length %1").arg(target)));
                QVERIFY2(agree(line + ' ', &count, &why), qPrintable(why));
                QVERIFY2(agree(line + " \"x y\"", &count, &why), qPrintable(why));
            }
        }
        QVERIFY(count.fast > 200);
    }

    void linesEndingAtAPageEnd_data() { splitterWays(); }
    void linesEndingAtAPageEnd()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        // The fast splitter loads a line's last 64-byte block whole when it lies in one page (AVX2),
        // or only the line's bytes of it (AVX-512, a masked load). Lines
        // placed so that they end at every one of the last 80 bytes of a page whose next page is
        // unreadable: a load past that page would crash this test; the fields must still agree.
        const GuardedPage guarded;
        QVERIFY(guarded.base());
        char *const base = guarded.base();
        const size_t page = guarded.size();
        QList<QByteArray> lines = goldenLines();
        lines << kLine << kLine.left(200) << withField(13, "\"a \\\"quoted\\\" agent\"");
        Agreement count;
        QString why;
        for (const QByteArray &line : std::as_const(lines)) {
            for (size_t gap = 0; gap < 80; ++gap) {
                if (size_t(line.size()) + gap > page)
                    continue;
                char *at = base + page - gap - size_t(line.size());
                std::memset(base, '"', page); // bytes around the line that would change its fields
                std::memcpy(at, line.constData(), size_t(line.size()));
                AlbFields fast, reference;
                const QByteArrayView view(at, line.size());
                if (!splitAlbFieldsFast(view, &fast)) {
                    ++count.fallback;
                    continue;
                }
                ++count.fast;
                QVERIFY2(splitAlbFieldsReference(view, &reference), qPrintable(QString::fromLatin1(line)));
                why = differences(fast, reference);
                QVERIFY2(why.isEmpty(), qPrintable(why + QStringLiteral(" at gap %1").arg(gap)));
            }
        }
        QVERIFY(count.fast > 500);
    }

    // The line end found and the fields split in one pass are memchr's end and the fields of
    // splitting that line: over a text of mixed lines, and over every cut of its end.
    void lineSplitMatchesSplittingTheLine_data() { splitterWays(); }
    void lineSplitMatchesSplittingTheLine()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        const QByteArray text = mixedText(20261206);
        Agreement count;
        QString why;
        QVERIFY2(walkAgrees(text.constData(), text.size(), &count, &why), qPrintable(why));
        QVERIFY2(count.fast > 800 && count.fallback > 500,
                 qPrintable(QStringLiteral("fast %1, fallback %2").arg(count.fast).arg(count.fallback)));
        const qsizetype tail = text.size() - 3 * kLine.size();
        for (qsizetype cut = tail; cut <= text.size(); ++cut)
            QVERIFY2(walkAgrees(text.constData() + tail, cut - tail, &count, &why),
                     qPrintable(why + QStringLiteral(" (cut at %1)").arg(cut)));
    }

    // The one-pass split reads only its buffer: texts ending at every one of the last 80 bytes of a
    // page whose next page is unreadable (a load past it would crash this test).
    void lineSplitReadsNothingPastItsBuffer_data() { splitterWays(); }
    void lineSplitReadsNothingPastItsBuffer()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        if (!useSplitterWay())
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        const GuardedPage guarded;
        QVERIFY(guarded.base());
        char *const base = guarded.base();
        const size_t page = guarded.size();
        const QByteArray text = kLine + '\n' + kLine.left(300) + '\n' + kLine;
        Agreement count;
        QString why;
        for (size_t gap = 0; gap < 80; ++gap) {
            for (const QByteArray &t : {text, text + '\n', QByteArray(kLine + '\n')}) {
                char *at = base + page - gap - size_t(t.size());
                std::memset(base, '\n', page);
                std::memcpy(at, t.constData(), size_t(t.size()));
                QVERIFY2(walkAgrees(at, t.size() + qsizetype(gap), &count, &why), qPrintable(why));
                QVERIFY2(walkAgrees(at, t.size(), &count, &why), qPrintable(why));
            }
        }
        QVERIFY(count.fast > 200);
    }

    // Whole texts parse to the same records whichever way splits them (the AVX-512 way finds the
    // lines' ends and splits in one pass; the AVX2 ways after memchr).
    void parsedRecordsAgreeAcrossWays()
    {
        if (!simpleFieldsSplitterAvailable())
            QSKIP("no AVX2 on this CPU: the fast splitter leaves every line to the reference");
        const QByteArray text = mixedText(7);
        setSplitterWalksSeparators(false);
        setSplitterUsesAvx512(false);
        const QString expected = dumpRecords(*parse(text));
        QVERIFY(expected.count(QLatin1Char('\n')) > 1000);
        setSplitterWalksSeparators(true);
        QCOMPARE(dumpRecords(*parse(text)), expected);
        setSplitterWalksSeparators(false);
        if (!setSplitterUsesAvx512(true))
            QSKIP("no AVX-512 (BW, VBMI2) on this CPU");
        QCOMPARE(dumpRecords(*parse(text)), expected);
    }

    // parse() holds each record back a line (its strings' table slots fetched meanwhile) and lets go
    // before its buffer moves: the records are those of feeding the same lines one by one, which
    // holds nothing, in the same order (a text of about 2 MiB: several pieces of parse()'s buffer).
    void parseMatchesLineByLine()
    {
        QByteArray text;
        for (quint32 seed = 99; text.size() <= 1 << 20; ++seed)
            text += mixedText(seed);
        SourceData fed;
        AlbParser parser;
        ParseOptions options;
        parser.begin(options);
        qint64 lineNumber = 0;
        for (qsizetype pos = 0; pos < text.size();) {
            qsizetype end = text.indexOf('\n', pos);
            if (end < 0)
                end = text.size();
            ++lineNumber;
            QByteArrayView line(text.constData() + pos, end - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            QString reason;
            if (!line.isEmpty() && !parser.feedLine(line, LineOffset{pos}, lineNumber, fed, &reason))
                fed.reject(reason.isEmpty() ? QStringLiteral("unrecognised line") : reason, lineNumber);
            pos = end + 1;
        }
        parser.end(fed);
        const QString expected = dumpRecords(fed);
        QVERIFY(expected.count(QLatin1Char('\n')) > 1000);
        QCOMPARE(dumpRecords(*parse(text)), expected);
    }

    void timesMatchIso8601()
    {
        const QList<QByteArray> times = {
            "2024-03-01T10:00:00.123456Z", "2024-03-01T10:59:59.999999Z", "2024-03-01T11:00:00.000000Z",
            "2024-03-01T10:00:01.000001Z", "2024-12-31T23:59:60.500000Z", "2024-02-29T00:00:00.000000Z",
            "2024-13-01T10:00:00.000000Z", "2024-03-32T10:00:00.000000Z", "2024-03-01T24:00:00.000000Z",
            "2024-03-01T10:60:00.000000Z", "2024-03-01T10:00:61.000000Z", "1969-12-31T23:59:59.000000Z",
            "2024-03-01T10:00:00.12345xZ", "2024-03-01T1a:00:00.000000Z", "2024-03-01t10:00:00.000000Z",
            "2024-03-01T10:00:00.123456+02:00", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00.1234567Z",
            "2024-03-01T10:00:00.123456z", "2024-03-01T10:00:00.000000Z", "2201-01-01T00:00:00.000000Z",
            "2024-03-00T10:00:00.000000Z", "2024-00-01T10:00:00.000000Z", "20a4-03-01T10:00:00.000000Z",
        };
        // One parser for all: the hour it remembers must never leak into another line.
        QByteArray text;
        for (const QByteArray &t : times)
            text += withField(1, t) + '\n';
        const auto parsed = parse(text);
        qsizetype row = 0;
        qint64 rejected = 0;
        for (const QByteArray &t : times) {
            Timestamp expected;
            if (parseIso8601(t, &expected)) {
                QVERIFY2(row < parsed->size(), t.constData());
                QCOMPARE(parsed->time(row).us, expected.us);
                ++row;
            } else {
                ++rejected;
            }
        }
        QCOMPARE(parsed->size(), row);
        QCOMPARE(parsed->rejected.byReason.value(QStringLiteral("bad timestamp")), rejected);
        QVERIFY(row >= 10 && rejected >= 10);
    }

    void processingTimesMatchParseDecimal()
    {
        QList<QByteArray> values = {"-1",  "0.0001", "12.5", "10.000", "0.00", "1.2345", "0.0a0",
                                    ".123", "0.",     "-0.001", "1.-23", "0.00x", "1e3"};
        for (int v = 0; v < 10000; v += 7)
            values << QByteArray::number(v / 1000) + '.' + QByteArray::number(v % 1000).rightJustified(3, '0');
        QByteArray text;
        for (const QByteArray &v : values)
            text += withField(6, v) + '\n';
        const auto parsed = parse(text);
        qsizetype row = 0, rejected = 0;
        for (const QByteArray &v : values) {
            double d1 = 0, d2 = 0, d3 = 0;
            if (!parseDecimal(v, &d2)) {
                ++rejected;
                continue;
            }
            QVERIFY(parseDecimal("0.001", &d1) && parseDecimal("0.000", &d3));
            const float expected = d1 >= 0 && d2 >= 0 && d3 >= 0 ? float((d1 + d2 + d3) * 1000.0) : -1.0f;
            QVERIFY2(row < parsed->size(), v.constData());
            QCOMPARE(parsed->durationMs(row), expected);
            ++row;
        }
        QCOMPARE(parsed->size(), row);
        QCOMPARE(parsed->rejected.byReason.value(QStringLiteral("bad processing time")), rejected);
        QVERIFY(rejected >= 1 && row > 1000);
    }

    void statusCodes()
    {
        const QList<std::pair<QByteArray, qint16>> codes = {{"502", 502}, {"200", 200}, {"-", kUpstreamDash},
                                                             {"000", 0},   {"999", 999}, {"5020", -2},
                                                             {"50x", -2},  {"--", -2},   {"1", -2}};
        for (const auto &[code, expected] : codes) {
            const auto parsed = parse(withField(9, code) + '\n');
            if (expected == -2) {
                QCOMPARE(parsed->size(), 0);
                QCOMPARE(parsed->rejected.byReason.value(QStringLiteral("bad status code")), 1);
            } else {
                QCOMPARE(parsed->size(), 1);
                QCOMPARE(parsed->upstreamStatus(0), expected);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAlbParser)
#include "tst_albparser.moc"
