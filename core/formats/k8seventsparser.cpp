#include "k8seventsparser.h"

#include "k8seventstable.h"
#include "k8sobject.h"

namespace gateline {

namespace {

constexpr qsizetype kMaxText = 500;
const QLatin1StringView kInvolved("involvedObject");
const QLatin1StringView kRegarding("regarding");

bool isEventObject(const QJsonObject &o)
{
    return o.value(QLatin1StringView("kind")).toString() == QLatin1StringView("Event") || o.contains(kInvolved)
        || o.contains(kRegarding);
}

// The event in o: o itself, or one or two levels down in a wrapper ({"event": {...}},
// {"type": "ADDED", "object": {...}}, {"jsonPayload": {...}}). Empty if there is none.
QJsonObject unwrapEvent(const QJsonObject &o, int depth = 0)
{
    if (isEventObject(o))
        return o;
    if (depth >= 2 || o.contains(QLatin1StringView("kind")))
        return {};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.value().isObject()) {
            const QJsonObject inner = unwrapEvent(it.value().toObject(), depth + 1);
            if (!inner.isEmpty())
                return inner;
        }
    }
    return {};
}

QJsonObject member(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toObject();
}

QJsonValue field(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key));
}

} // namespace

int K8sEventsParser::sniff(QByteArrayView head) const
{
    if (const int table = k8s::EventTable::sniff(head); table > 0)
        return table;
    const k8s::SniffInfo info = k8s::sniff(head);
    if (info.firstEvent < 0 || !info.eventFields)
        return 0;
    // A stream of mixed objects is events if an Event comes before any Pod.
    return (info.firstPod < 0 || info.firstEvent < info.firstPod) ? 90 : 40;
}

void K8sEventsParser::parse(ByteStream &in, ParseContext &ctx)
{
    const QByteArray doc = readDocument(in, ctx);
    const k8s::LineIndex lines(doc);
    ctx.out.linesSeen += lines.lineCount();
    if (k8s::EventTable::sniff(QByteArrayView(doc).first(std::min<qsizetype>(doc.size(), 65536))) > 0) {
        k8s::EventTable::parse(doc, ctx);
    } else {
        const QList<k8s::Item> items = k8s::looksLikeJson(doc) ? k8s::readJsonObjects(doc, lines, ctx)
                                                                : k8s::readYamlObjects(doc, lines, ctx);
        k8s::SkippedKinds skipped;
        for (const k8s::Item &item : items) {
            if (ctx.cancelled())
                break;
            parseObject(item, lines, skipped, ctx.out);
        }
        skipped.addNote(ctx.out, QStringLiteral("Events"));
    }
    if (ctx.cancelled())
        ctx.out.notes << QStringLiteral("cancelled");
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

void K8sEventsParser::parseObject(const k8s::Item &item, const k8s::LineIndex &lines, k8s::SkippedKinds &skipped,
                                  SourceData &out)
{
    const QJsonObject e = unwrapEvent(item.object);
    const qint64 line = lines.lineOf(item.offset);
    if (e.isEmpty()) {
        const QString kind = field(item.object, "kind").toString();
        if (!kind.isEmpty())
            skipped.add(kind);
        else
            out.reject(QStringLiteral("not a Kubernetes event"), line);
        return;
    }
    const QJsonObject series = member(e, "series");
    const QJsonObject metadata = member(e, "metadata");
    Record r;
    if (!k8s::parseTime(field(e, "eventTime"), &r.time) && !k8s::parseTime(field(series, "lastObservedTime"), &r.time)
        && !k8s::parseTime(field(e, "lastTimestamp"), &r.time) && !k8s::parseTime(field(e, "firstTimestamp"), &r.time)
        && !k8s::parseTime(field(e, "deprecatedLastTimestamp"), &r.time)
        && !k8s::parseTime(field(metadata, "creationTimestamp"), &r.time)) {
        out.reject(QStringLiteral("event has no time"), line);
        return;
    }
    r.offset = LineOffset{item.offset};
    r.kind = EventKind::K8sEvent;
    qint64 count = k8s::intValue(field(series, "count"), 0);
    if (count <= 0)
        count = k8s::intValue(field(e, "count"), 0);
    if (count <= 0)
        count = k8s::intValue(field(e, "deprecatedCount"), 0);
    r.count = qint32(std::clamp<qint64>(count, 1, std::numeric_limits<qint32>::max()));
    // A folded event (count > 1) placed at its lastTimestamp stands for repeats since its
    // firstTimestamp: that span (ms) goes in durationMs, and the playbook spreads the repeats over it
    // (EventSignals, core/playbook/evidenceevents.h) instead of stacking them on the last one. A
    // series placed at its eventTime (its first observation) keeps no span. An events.k8s.io/v1
    // Event converted from a core one keeps the two times as deprecatedFirstTimestamp and
    // deprecatedLastTimestamp.
    auto either = [&](const char *a, const char *b, Timestamp *t) {
        return k8s::parseTime(field(e, a), t) || k8s::parseTime(field(e, b), t);
    };
    Timestamp first, last;
    if (r.count > 1 && field(e, "eventTime").toString().isEmpty() && !series.contains(QLatin1StringView("lastObservedTime"))
        && either("lastTimestamp", "deprecatedLastTimestamp", &last) && last.us == r.time.us
        && either("firstTimestamp", "deprecatedFirstTimestamp", &first) && first.us < last.us)
        r.durationMs = float(double(last.us - first.us) / 1000.0);
    if (field(e, "type").toString() == QLatin1StringView("Warning"))
        r.flags |= FlagWarning;

    const QJsonObject ref = e.contains(kInvolved) ? member(e, "involvedObject") : member(e, "regarding");
    const QByteArray reason = k8s::utf8(field(e, "reason"), 128);
    const QByteArray object = k8s::objectName(ref);
    QByteArray ns = k8s::utf8(field(ref, "namespace"), 256);
    if (ns.isEmpty())
        ns = k8s::utf8(field(metadata, "namespace"), 256);
    const QJsonValue message = e.contains(QLatin1StringView("message")) ? field(e, "message") : field(e, "note");
    const QByteArray text = k8s::utf8(message, kMaxText).trimmed();
    QByteArray host = k8s::utf8(field(member(e, "source"), "host"), 256);
    if (host.isEmpty())
        host = k8s::utf8(field(member(e, "deprecatedSource"), "host"), 256);
    if (host.isEmpty())
        host = k8s::utf8(field(e, "reportingInstance"), 256);
    r.reason = reason;
    r.object = object;
    r.ns = ns;
    r.text = text;
    r.host = host;
    out.append(r);
}

} // namespace gateline
