#include "k8seventsparser.h"

#include "k8sobject.h"
#include "timeparse.h"

#include <QDateTime>
#include <QTimeZone>

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

// --- the kubectl get events table ---------------------------------------------------------------

enum TableColumn { ColNamespace, ColLastSeen, ColFirstSeen, ColCount, ColName, ColKind, ColType, ColReason, ColObject,
                   ColSource, ColMessage, TableColumnCount };

struct TableLayout {
    QList<qsizetype> starts;         // byte position of each header label
    int column[TableColumnCount];    // index into starts, or -1
    bool valid() const { return column[ColLastSeen] >= 0 && column[ColReason] >= 0 && column[ColMessage] >= 0; }
};

TableLayout readHeader(QByteArrayView line)
{
    TableLayout t;
    std::fill(std::begin(t.column), std::end(t.column), -1);
    static const struct { const char *label; TableColumn col; } labels[] = {
        {"NAMESPACE", ColNamespace}, {"LAST SEEN", ColLastSeen}, {"FIRST SEEN", ColFirstSeen}, {"COUNT", ColCount},
        {"NAME", ColName},           {"KIND", ColKind},          {"TYPE", ColType},             {"REASON", ColReason},
        {"OBJECT", ColObject},       {"SOURCE", ColSource},      {"MESSAGE", ColMessage}};
    qsizetype p = 0;
    while (p < line.size()) {
        while (p < line.size() && line[p] == ' ')
            ++p;
        if (p >= line.size())
            break;
        const qsizetype start = p;
        while (p < line.size() && !(line[p] == ' ' && (p + 1 >= line.size() || line[p + 1] == ' ')))
            ++p;
        const QByteArrayView label = line.sliced(start, p - start);
        for (const auto &l : labels) {
            if (label == l.label)
                t.column[l.col] = int(t.starts.size());
        }
        t.starts.append(start);
    }
    return t;
}

// "5m", "2m30s", "3h", "10d", "2y30d" -> seconds.
bool parseAge(QByteArrayView s, qint64 *out)
{
    if (s.isEmpty())
        return false;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < s.size()) {
        qint64 n = 0;
        int digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 9) {
            n = n * 10 + (s[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || i >= s.size())
            return false;
        switch (s[i++]) {
        case 'y': total += n * 365 * 86400; break;
        case 'd': total += n * 86400; break;
        case 'h': total += n * 3600; break;
        case 'm': total += n * 60; break;
        case 's': total += n; break;
        default: return false;
        }
        if (total > 1000000000000ll) // more than 30,000 years: not an age
            return false;
    }
    *out = total;
    return true;
}

// Splits a row into one cell per header column. Columns before MESSAGE come from the header's
// positions (or, for rows that do not line up, from runs of two or more spaces); columns after
// MESSAGE (the wide output's FIRST SEEN, COUNT, NAME) are single words taken from the right.
bool splitRow(QByteArrayView line, const TableLayout &t, bool byPosition, QList<QByteArrayView> *cells)
{
    const int n = int(t.starts.size());
    const int msg = t.column[ColMessage];
    cells->fill(QByteArrayView(), n);
    qsizetype tailStart = 0;
    if (byPosition) {
        for (int i = 0; i <= msg; ++i) {
            const qsizetype s = t.starts[i];
            if (s >= line.size())
                return false;
            if (s > 0 && line[s - 1] != ' ')
                return false;
            if (i < msg)
                (*cells)[i] = line.sliced(s, std::min(t.starts[i + 1], line.size()) - s).trimmed();
        }
        tailStart = t.starts[msg];
    } else {
        qsizetype p = 0;
        for (int i = 0; i < msg; ++i) {
            while (p < line.size() && line[p] == ' ')
                ++p;
            const qsizetype start = p;
            while (p < line.size() && !(line[p] == ' ' && p + 1 < line.size() && line[p + 1] == ' '))
                ++p;
            if (p >= line.size())
                return false;
            (*cells)[i] = line.sliced(start, p - start).trimmed();
        }
        tailStart = p;
    }
    QByteArrayView tail = line.sliced(tailStart).trimmed();
    for (int i = n - 1; i > msg; --i) {
        // (lastIndexOf on an empty view does not return -1 in every Qt version)
        const qsizetype sp = tail.isEmpty() ? -1 : tail.lastIndexOf(' ');
        if (sp < 0 || sp >= tail.size())
            return false;
        (*cells)[i] = tail.sliced(sp + 1);
        tail = tail.first(sp).trimmed();
    }
    (*cells)[msg] = tail;
    return true;
}

QByteArray canonicalKind(QByteArrayView lower)
{
    static const char *const kinds[] = {
        "Pod", "Node", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Service",
        "Endpoints", "EndpointSlice", "Ingress", "HorizontalPodAutoscaler", "PersistentVolumeClaim",
        "PersistentVolume", "ConfigMap", "Secret", "Namespace", "ServiceAccount", "PodDisruptionBudget",
        "Lease", "Certificate", "ReplicationController"};
    for (const char *k : kinds) {
        if (QByteArrayView(k).compare(lower, Qt::CaseInsensitive) == 0)
            return QByteArray(k);
    }
    QByteArray k = lower.toByteArray();
    if (!k.isEmpty() && k[0] >= 'a' && k[0] <= 'z')
        k[0] = char(k[0] - 'a' + 'A');
    return k;
}

QByteArray truncated(QByteArrayView s)
{
    if (s.size() <= kMaxText)
        return s.toByteArray();
    qsizetype n = kMaxText;
    while (n > 0 && (uchar(s[n]) & 0xC0) == 0x80)
        --n;
    return s.first(n).toByteArray();
}

} // namespace

int K8sEventsParser::sniff(QByteArrayView head) const
{
    const k8s::SniffInfo info = k8s::sniff(head);
    if (info.eventTable)
        return 95;
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
    if (k8s::sniff(QByteArrayView(doc).first(std::min<qsizetype>(doc.size(), 65536))).eventTable) {
        parseTable(doc, ctx);
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

void K8sEventsParser::parseTable(QByteArrayView doc, ParseContext &ctx)
{
    SourceData &out = ctx.out;
    qint64 captureUs = 0;
    bool haveCapture = false;
    if (ctx.options.captureTime.isValid()) {
        captureUs = ctx.options.captureTime.toMSecsSinceEpoch() * 1000;
        haveCapture = true;
    }
    TableLayout layout;
    std::fill(std::begin(layout.column), std::end(layout.column), -1);
    QList<QByteArrayView> cells;
    qint64 lineNumber = 0;
    qsizetype pos = 0;
    while (pos < doc.size()) {
        if ((lineNumber & 0xfff) == 0 && ctx.cancelled())
            break;
        qsizetype eol = doc.indexOf('\n', pos);
        if (eol < 0)
            eol = doc.size();
        const qsizetype lineStart = pos;
        QByteArrayView line = doc.sliced(pos, eol - pos);
        pos = eol + 1;
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        if (k8s::isEventTableHeader(line)) {
            layout = readHeader(line);
            continue;
        }
        Timestamp stamp;
        if (k8s::isTimestampLine(line, &stamp)) {
            if (!ctx.options.captureTime.isValid()) {
                captureUs = stamp.us;
                haveCapture = true;
                out.notes << QStringLiteral("the table's ages were counted back from the capture time on line %1")
                                 .arg(lineNumber);
            }
            continue;
        }
        if (line.trimmed().startsWith("No resources found"))
            continue;
        if (!layout.valid()) {
            out.reject(QStringLiteral("no table header"), lineNumber);
            continue;
        }
        if (line.size() > ctx.options.maxLineBytes) {
            out.reject(QStringLiteral("line longer than %1 KiB").arg(ctx.options.maxLineBytes / 1024), lineNumber);
            continue;
        }
        // LAST SEEN: "5m", "5m (x3 over 10m)", "<unknown>".
        QByteArrayView lastSeen;
        QByteArrayView age;
        bool ok = false;
        for (bool byPosition : {true, false}) {
            if (!splitRow(line, layout, byPosition, &cells))
                continue;
            lastSeen = cells[layout.column[ColLastSeen]];
            const qsizetype sp = lastSeen.isEmpty() ? -1 : lastSeen.indexOf(' ');
            age = sp < 0 ? lastSeen : lastSeen.first(sp);
            qint64 dummy;
            if (parseAge(age, &dummy) || age == "<unknown>" || age == "<invalid>") {
                ok = !cells[layout.column[ColReason]].isEmpty();
                if (ok)
                    break;
            }
        }
        if (!ok) {
            out.reject(QStringLiteral("not an event table row"), lineNumber);
            continue;
        }
        qint64 ageSeconds = 0;
        if (!parseAge(age, &ageSeconds)) {
            out.reject(QStringLiteral("event has no time"), lineNumber);
            continue;
        }
        if (!haveCapture) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            captureUs = now.toMSecsSinceEpoch() * 1000;
            haveCapture = true;
            out.notes << QStringLiteral("the table's ages were counted back from the time of reading (%1), not from "
                                        "when the table was captured: give the capture time for true event times")
                             .arg(now.toString(Qt::ISODate));
        }
        Record r;
        r.time = Timestamp{captureUs - ageSeconds * 1000000};
        r.offset = LineOffset{lineStart};
        r.kind = EventKind::K8sEvent;
        qint64 count = 0;
        const qsizetype x = lastSeen.isEmpty() ? -1 : lastSeen.indexOf("(x");
        if (x >= 0) {
            qsizetype e = x + 2;
            while (e < lastSeen.size() && lastSeen[e] >= '0' && lastSeen[e] <= '9')
                ++e;
            parseUInt(lastSeen.sliced(x + 2, std::min<qsizetype>(e - x - 2, 9)), &count);
        } else if (layout.column[ColCount] >= 0) {
            parseUInt(cells[layout.column[ColCount]].first(std::min<qsizetype>(cells[layout.column[ColCount]].size(), 9)),
                      &count);
        }
        r.count = qint32(std::max<qint64>(count, 1));
        auto cell = [&](TableColumn c) { return layout.column[c] >= 0 ? cells[layout.column[c]] : QByteArrayView(); };
        if (cell(ColType) == "Warning")
            r.flags |= FlagWarning;
        QByteArray object;
        const QByteArrayView objectCell = cell(ColObject);
        if (!objectCell.isEmpty()) {
            const qsizetype slash = objectCell.indexOf('/');
            object = slash > 0 ? canonicalKind(objectCell.first(slash)) + objectCell.sliced(slash).toByteArray()
                               : objectCell.toByteArray();
        } else if (!cell(ColName).isEmpty()) {
            object = cell(ColKind).isEmpty() ? cell(ColName).toByteArray()
                                             : canonicalKind(cell(ColKind)) + '/' + cell(ColName).toByteArray();
        }
        const QByteArrayView source = cell(ColSource);
        const qsizetype comma = source.isEmpty() ? -1 : source.indexOf(',');
        const QByteArray text = truncated(cell(ColMessage));
        r.reason = cell(ColReason);
        r.object = object;
        r.ns = cell(ColNamespace);
        r.text = text;
        r.host = comma >= 0 ? source.sliced(comma + 1).trimmed() : QByteArrayView();
        out.append(r);
    }
}

} // namespace gateline
