#include "timelineexport.h"

#include "jobs/cancellation.h"
#include "report/jsonreport.h"
#include "textescape.h"

#include <QBuffer>
#include <QHash>
#include <QIODevice>
#include <algorithm>
#include <cmath>

namespace gateline {

namespace {

constexpr qsizetype kFlushBytes = 256 * 1024;

quint64 rowKey(SourceId s, qint32 row) { return (quint64(quint32(s.value)) << 32) | quint32(row); }

QHash<quint64, Origin> originsByRow(const Analysis &analysis)
{
    QHash<quint64, Origin> map;
    const auto &items = analysis.origin().items;
    map.reserve(qsizetype(items.size()));
    for (const OriginResult::Item &it : items)
        map.insert(rowKey(it.source, it.row), it.origin);
    return map;
}

QString upstreamStatusText(qint16 v)
{
    if (v == kUpstreamDash)
        return QStringLiteral("-");
    return v == kNoUpstreamStatus ? QString() : QString::number(v);
}

QString durationText(float ms)
{
    if (ms < 0)
        return {};
    // Milliseconds to the microsecond (secondsText's unit is 1e-6 of what it prints).
    return secondsText(qint64(std::llround(double(ms) * 1000.0)) * 1000);
}

// Buffered writes; remembers the first failure.
class Sink
{
public:
    explicit Sink(QIODevice *dev) : m_dev(dev) {}
    void add(const QByteArray &b)
    {
        m_buf += b;
        if (m_buf.size() >= kFlushBytes)
            flush();
    }
    void add(const QString &s) { add(s.toUtf8()); }
    void add(QLatin1StringView s) { m_buf += QByteArrayView(s.data(), s.size()); }
    // False once a write failed or the job writing was cancelled (jobs/cancellation.h): the
    // caller stops, and the file is not committed.
    bool ok() const { return m_ok; }
    bool flush()
    {
        if (m_ok && cancelRequested())
            m_ok = false;
        if (m_ok && !m_buf.isEmpty() && m_dev->write(m_buf) != m_buf.size())
            m_ok = false;
        m_buf.clear();
        return m_ok;
    }

private:
    QIODevice *m_dev;
    QByteArray m_buf;
    bool m_ok = true;
};

constexpr SourceData::StringColumn kTextColumns[] = {SourceData::Client, SourceData::Method, SourceData::Path,
                                                     SourceData::Host,   SourceData::Upstream, SourceData::Reason,
                                                     SourceData::Object, SourceData::Namespace, SourceData::Text};
const char *const kTextColumnNames[] = {"client", "method", "path", "host", "upstream", "reason", "object", "namespace", "text"};

} // namespace

QString eventKindId(EventKind kind)
{
    switch (kind) {
    case EventKind::Request: return QStringLiteral("request");
    case EventKind::UpstreamError: return QStringLiteral("upstream-error");
    case EventKind::LogMessage: return QStringLiteral("log");
    case EventKind::K8sEvent: return QStringLiteral("k8s-event");
    case EventKind::PodTermination: return QStringLiteral("pod-termination");
    case EventKind::PodStart: return QStringLiteral("pod-start");
    }
    return QStringLiteral("unknown");
}

QString originalTimeText(const SourceData &s, qsizetype row)
{
    QString t = rfc3339(s.time(row));
    if (s.flags(row) & FlagNoTimezone)
        t.chop(1);
    return t;
}

QString secondsText(qint64 us)
{
    const bool neg = us < 0;
    const quint64 a = neg ? quint64(-(us + 1)) + 1 : quint64(us);
    QString out = QString::number(a / 1000000);
    quint64 frac = a % 1000000;
    if (frac) {
        QString f = QStringLiteral("%1").arg(frac, 6, 10, QLatin1Char('0'));
        while (f.endsWith(QLatin1Char('0')))
            f.chop(1);
        out += QLatin1Char('.') + f;
    }
    return neg ? QLatin1Char('-') + out : out;
}

std::vector<TimelineEventRef> collectTimelineEvents(const Analysis &analysis, const TimeSpan &range)
{
    std::vector<TimelineEventRef> refs;
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        for (qsizetype i = 0; i < s.size(); ++i) {
            const qint64 us = timeline.aligned(sid, i).us;
            if (range.isValid() && !range.contains(us))
                continue;
            refs.push_back({us, sid, qint32(i)});
        }
    }
    std::sort(refs.begin(), refs.end(), [](const TimelineEventRef &a, const TimelineEventRef &b) {
        if (a.us != b.us)
            return a.us < b.us;
        if (a.source != b.source)
            return a.source < b.source;
        return a.row < b.row;
    });
    return refs;
}

bool writeTimelineCsv(const Analysis &analysis, const TimeSpan &range, QIODevice *out)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    const QHash<quint64, Origin> origins = originsByRow(analysis);
    QStringList paths;
    for (qsizetype id = 0; id < store.sourceCount(); ++id)
        paths << csvField(store.source(SourceId{int(id)}).locator.displayPath());

    Sink sink(out);
    sink.add(QLatin1StringView("time_utc,original_time,clock_offset_s,source,format,kind,status,upstream_status,"
                               "duration_ms,count,origin"));
    for (const char *name : kTextColumnNames)
        sink.add(QLatin1StringView(",") + QLatin1StringView(name));
    sink.add(QLatin1StringView("\r\n"));

    for (const TimelineEventRef &e : collectTimelineEvents(analysis, range)) {
        if (!sink.ok())
            break;
        const SourceData &s = store.source(e.source);
        QString line;
        line.reserve(256);
        line += rfc3339(Timestamp{e.us});
        line += QLatin1Char(',') + originalTimeText(s, e.row);
        line += QLatin1Char(',') + secondsText(timeline.shiftUs(e.source));
        line += QLatin1Char(',') + paths[e.source.value];
        line += QLatin1Char(',') + formatId(s.format);
        line += QLatin1Char(',') + eventKindId(s.kind(e.row));
        line += QLatin1Char(',') + (s.status(e.row) ? QString::number(s.status(e.row)) : QString());
        line += QLatin1Char(',') + upstreamStatusText(s.upstreamStatus(e.row));
        line += QLatin1Char(',') + durationText(s.durationMs(e.row));
        line += QLatin1Char(',') + QString::number(s.count(e.row));
        const auto o = origins.constFind(rowKey(e.source, e.row));
        line += QLatin1Char(',') + (o != origins.cend() ? originId(*o) : QString());
        for (SourceData::StringColumn c : kTextColumns)
            line += QLatin1Char(',') + csvField(s.string(c, e.row));
        line += QLatin1StringView("\r\n");
        sink.add(line);
    }
    return sink.flush();
}

bool writeTimelineJson(const Analysis &analysis, const TimeSpan &range, QIODevice *out)
{
    const EventStore &store = analysis.store();
    const Timeline &timeline = analysis.timeline();
    const QHash<quint64, Origin> origins = originsByRow(analysis);
    QList<QByteArray> paths;
    Sink sink(out);
    sink.add(QLatin1StringView("{\n\"schema\": \"gateline.timeline/1\",\n\"range\": "));
    if (range.isValid())
        sink.add(QStringLiteral("{\"from\": \"%1\", \"to\": \"%2\"},\n")
                     .arg(rfc3339(Timestamp{range.fromUs}), rfc3339(Timestamp{range.toUs})));
    else
        sink.add(QLatin1StringView("null,\n"));
    sink.add(QLatin1StringView("\"sources\": ["));
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const SourceAlignment &al = timeline.alignment(sid);
        paths << jsonQuote(s.locator.displayPath());
        sink.add(QByteArray(id ? ",\n  " : "\n  ") + "{\"path\": " + paths.constLast() + ", \"format\": "
                 + jsonQuote(formatId(s.format)) + ", \"records\": " + QByteArray::number(s.size())
                 + ", \"clockOffsetSeconds\": " + secondsText(timeline.shiftUs(sid)).toLatin1()
                 + ", \"clockOffsetMethod\": " + jsonQuote(methodId(al.method)) + "}");
    }
    sink.add(QLatin1StringView("\n],\n\"events\": ["));
    bool first = true;
    for (const TimelineEventRef &e : collectTimelineEvents(analysis, range)) {
        if (!sink.ok())
            break;
        const SourceData &s = store.source(e.source);
        QByteArray line = first ? "\n  {" : ",\n  {";
        first = false;
        line += "\"time\": \"" + rfc3339(Timestamp{e.us}).toLatin1() + '"';
        line += ", \"originalTime\": \"" + originalTimeText(s, e.row).toLatin1() + '"';
        line += ", \"clockOffsetSeconds\": " + secondsText(timeline.shiftUs(e.source)).toLatin1();
        line += ", \"source\": " + paths[e.source.value];
        line += ", \"format\": \"" + formatId(s.format).toLatin1() + '"';
        line += ", \"kind\": \"" + eventKindId(s.kind(e.row)).toLatin1() + '"';
        if (s.status(e.row))
            line += ", \"status\": " + QByteArray::number(s.status(e.row));
        if (s.upstreamStatus(e.row) == kUpstreamDash)
            line += ", \"upstreamStatus\": \"-\"";
        else if (s.upstreamStatus(e.row) != kNoUpstreamStatus)
            line += ", \"upstreamStatus\": " + QByteArray::number(s.upstreamStatus(e.row));
        if (s.durationMs(e.row) >= 0)
            line += ", \"durationMs\": " + durationText(s.durationMs(e.row)).toLatin1();
        if (s.count(e.row) != 1)
            line += ", \"count\": " + QByteArray::number(s.count(e.row));
        const auto o = origins.constFind(rowKey(e.source, e.row));
        if (o != origins.cend())
            line += ", \"origin\": \"" + originId(*o).toLatin1() + '"';
        for (size_t c = 0; c < std::size(kTextColumns); ++c) {
            const QString v = s.string(kTextColumns[c], e.row);
            if (!v.isEmpty())
                line += ", \"" + QByteArray(kTextColumnNames[c]) + "\": " + jsonQuote(v);
        }
        line += '}';
        sink.add(line);
    }
    sink.add(QLatin1StringView(first ? "]\n}\n" : "\n]\n}\n"));
    return sink.flush();
}

QByteArray timelineCsv(const Analysis &analysis, const TimeSpan &range)
{
    QByteArray data;
    QBuffer buf(&data);
    buf.open(QIODevice::WriteOnly);
    writeTimelineCsv(analysis, range, &buf);
    return data;
}

QByteArray timelineJson(const Analysis &analysis, const TimeSpan &range)
{
    QByteArray data;
    QBuffer buf(&data);
    buf.open(QIODevice::WriteOnly);
    writeTimelineJson(analysis, range, &buf);
    return data;
}

} // namespace gateline
