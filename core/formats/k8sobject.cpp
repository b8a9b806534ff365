#include "k8sobject.h"

#include "timeparse.h"
#include "yamldocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>

namespace gateline::k8s {

namespace {

constexpr int kMaxDetailNotes = 5;

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

qsizetype skipWs(QByteArrayView s, qsizetype p)
{
    while (p < s.size() && isWs(s[p]))
        ++p;
    return p;
}

qsizetype skipBom(QByteArrayView s)
{
    return s.startsWith("\xEF\xBB\xBF") ? 3 : 0;
}

// One past the end of the JSON value starting at p, or -1 if it does not end inside s.
// String-aware; does not validate.
qsizetype skipValue(QByteArrayView s, qsizetype p)
{
    if (p >= s.size())
        return -1;
    const char c0 = s[p];
    if (c0 == '"') {
        for (++p; p < s.size(); ++p) {
            if (s[p] == '\\')
                ++p;
            else if (s[p] == '"')
                return p + 1;
        }
        return -1;
    }
    if (c0 == '{' || c0 == '[') {
        qint64 depth = 0;
        for (; p < s.size(); ++p) {
            const char c = s[p];
            if (c == '"') {
                const qsizetype q = skipValue(s, p);
                if (q < 0)
                    return -1;
                p = q - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return -1;
    }
    while (p < s.size() && !isWs(s[p]) && s[p] != ',' && s[p] != ']' && s[p] != '}')
        ++p;
    return p;
}

// The position of the '[' of the "items" member of the object starting at b, or -1.
qsizetype findItemsArray(QByteArrayView s, qsizetype b)
{
    if (b >= s.size() || s[b] != '{')
        return -1;
    qsizetype p = b + 1;
    while (true) {
        p = skipWs(s, p);
        if (p >= s.size() || s[p] != '"')
            return -1;
        const qsizetype q = skipValue(s, p);
        if (q < 0)
            return -1;
        const QByteArrayView key = s.sliced(p + 1, q - p - 2);
        p = skipWs(s, q);
        if (p >= s.size() || s[p] != ':')
            return -1;
        p = skipWs(s, p + 1);
        if (key == "items" && p < s.size() && s[p] == '[')
            return p;
        const qsizetype e = skipValue(s, p);
        if (e < 0)
            return -1;
        p = skipWs(s, e);
        if (p >= s.size() || s[p] != ',')
            return -1;
        ++p;
    }
}

struct Range {
    qsizetype begin;
    qsizetype end;
};

// The complete elements of the array starting at a ('['). Returns true if the array is closed.
bool scanArray(QByteArrayView s, qsizetype a, QList<Range> *out)
{
    qsizetype p = a + 1;
    while (true) {
        p = skipWs(s, p);
        if (p >= s.size())
            return false;
        if (s[p] == ']')
            return true;
        const qsizetype q = skipValue(s, p);
        if (q < 0 || q == p)
            return false;
        out->append({p, q});
        p = skipWs(s, q);
        if (p < s.size() && s[p] == ',') {
            ++p;
            continue;
        }
        return p < s.size() && s[p] == ']';
    }
}

bool isList(const QJsonObject &o)
{
    if (!o.value(QLatin1StringView("items")).isArray())
        return false;
    const QString kind = o.value(QLatin1StringView("kind")).toString();
    return kind.isEmpty() || kind.endsWith(QLatin1StringView("List"));
}

class Collector
{
public:
    Collector(QByteArrayView doc, const LineIndex &lines, ParseContext &ctx) : m_doc(doc), m_lines(lines), m_ctx(ctx) {}
    QList<Item> items;

    void reject(const QString &reason, qint64 offset, const QString &detail = {})
    {
        const qint64 line = m_lines.lineOf(offset);
        m_ctx.out.reject(reason, line);
        if (!detail.isEmpty() && m_details < kMaxDetailNotes) {
            ++m_details;
            m_ctx.out.notes << QStringLiteral("line %1: %2").arg(line).arg(detail);
        }
    }
    // Adds a top-level value: a List's items, an array's elements, or the object itself.
    void addValue(const QJsonValue &v, qint64 offset, const QList<qint64> &elementOffsets)
    {
        QJsonArray elements;
        if (v.isObject() && isList(v.toObject()))
            elements = v.toObject().value(QLatin1StringView("items")).toArray();
        else if (v.isArray())
            elements = v.toArray();
        else if (v.isObject()) {
            items.append({v.toObject(), offset});
            return;
        } else {
            reject(QStringLiteral("not an object"), offset);
            return;
        }
        const bool haveOffsets = elementOffsets.size() == elements.size();
        for (qsizetype i = 0; i < elements.size(); ++i) {
            const qint64 at = haveOffsets ? elementOffsets[i] : offset;
            if (elements[i].isObject())
                items.append({elements[i].toObject(), at});
            else
                reject(QStringLiteral("list item is not an object"), at);
        }
    }
    // Parses the JSON value in [b, e); complete is false if the document ended inside it.
    void jsonValue(qsizetype b, qsizetype e, bool complete)
    {
        const QByteArrayView text = m_doc.sliced(b, e - b);
        QJsonParseError err;
        const QJsonDocument d = complete ? QJsonDocument::fromJson(text.toByteArray(), &err) : QJsonDocument();
        const qsizetype itemsAt = findItemsArray(m_doc.first(e), b);
        QList<Range> ranges;
        bool closed = false;
        if (itemsAt >= 0)
            closed = scanArray(m_doc.first(e), itemsAt, &ranges);
        else if (m_doc[b] == '[')
            closed = scanArray(m_doc.first(e), b, &ranges);
        if (complete && err.error == QJsonParseError::NoError) {
            QList<qint64> offsets;
            for (const Range &r : ranges)
                offsets.append(r.begin);
            addValue(d.isObject() ? QJsonValue(d.object()) : QJsonValue(d.array()), b, offsets);
            return;
        }
        if (ranges.isEmpty()) {
            if (complete)
                reject(QStringLiteral("bad JSON"), b + err.offset, err.errorString());
            else
                reject(QStringLiteral("JSON ends early (truncated?)"), b);
            return;
        }
        // Salvage the list: parse its items one by one.
        for (const Range &r : ranges) {
            QJsonParseError ierr;
            const QJsonDocument item = QJsonDocument::fromJson(m_doc.sliced(r.begin, r.end - r.begin).toByteArray(), &ierr);
            if (ierr.error != QJsonParseError::NoError)
                reject(QStringLiteral("bad JSON"), r.begin + ierr.offset, ierr.errorString());
            else if (!item.isObject())
                reject(QStringLiteral("list item is not an object"), r.begin);
            else
                items.append({item.object(), r.begin});
        }
        if (!closed || !complete) {
            reject(QStringLiteral("JSON ends early (truncated?)"), ranges.back().end);
            return;
        }
        const qsizetype errAt = b + err.offset;
        const bool inItem = std::any_of(ranges.cbegin(), ranges.cend(),
                                        [&](const Range &r) { return r.begin <= errAt && errAt <= r.end; });
        if (!inItem)
            reject(QStringLiteral("bad JSON"), errAt, err.errorString());
    }

private:
    QByteArrayView m_doc;
    const LineIndex &m_lines;
    ParseContext &m_ctx;
    int m_details = 0;
};

} // namespace

LineIndex::LineIndex(QByteArrayView doc)
{
    for (qsizetype i = 0; i < doc.size(); ++i) {
        if (doc[i] == '\n')
            m_newlines.push_back(i);
    }
    m_lineCount = qint64(m_newlines.size()) + ((!doc.isEmpty() && doc.back() != '\n') ? 1 : 0);
}

qint64 LineIndex::lineOf(qint64 offset) const
{
    return 1 + (std::lower_bound(m_newlines.begin(), m_newlines.end(), offset) - m_newlines.begin());
}

bool looksLikeJson(QByteArrayView doc)
{
    const qsizetype p = skipWs(doc, skipBom(doc));
    return p < doc.size() && (doc[p] == '{' || doc[p] == '[');
}

QList<Item> readJsonObjects(QByteArrayView doc, const LineIndex &lines, ParseContext &ctx)
{
    Collector c(doc, lines, ctx);
    qsizetype p = skipBom(doc);
    // Newline-delimited JSON (the first value fits on its line and another line follows) is read line
    // by line, so that one broken line cannot swallow the lines after it.
    const qsizetype first = skipWs(doc, p);
    const qsizetype firstEnd = skipValue(doc, first);
    if (firstEnd > first && !doc.sliced(first, firstEnd - first).contains('\n')
        && skipWs(doc, firstEnd) < doc.size()) {
        qint64 n = 0;
        while (p < doc.size()) {
            if ((++n & 0xfff) == 0 && ctx.cancelled())
                break;
            qsizetype eol = doc.indexOf('\n', p);
            if (eol < 0)
                eol = doc.size();
            qsizetype b = p, e = eol;
            while (b < e && isWs(doc[b]))
                ++b;
            while (e > b && isWs(doc[e - 1]))
                --e;
            if (b < e) {
                if (doc[b] == '{' || doc[b] == '[')
                    c.jsonValue(b, e, true);
                else
                    c.reject(QStringLiteral("not JSON"), b);
            }
            p = eol + 1;
        }
        return c.items;
    }
    while (!ctx.cancelled()) {
        p = skipWs(doc, p);
        if (p >= doc.size())
            break;
        const char ch = doc[p];
        if (ch == '{' || ch == '[') {
            const qsizetype e = skipValue(doc, p);
            if (e < 0) {
                c.jsonValue(p, doc.size(), false);
                break;
            }
            c.jsonValue(p, e, true);
            p = e;
        } else {
            qsizetype eol = doc.indexOf('\n', p);
            if (eol < 0)
                eol = doc.size();
            c.reject(QStringLiteral("not JSON"), p);
            p = eol + 1;
        }
    }
    return c.items;
}

QList<Item> readYamlObjects(QByteArrayView doc, const LineIndex &lines, ParseContext &ctx)
{
    Collector c(doc, lines, ctx);
    const qsizetype bom = skipBom(doc);
    const QList<YamlDocument::Document> docs = YamlDocument::parseStream(doc.sliced(bom), ctx.cancel);
    for (const YamlDocument::Document &d : docs) {
        if (!d.error.isEmpty()) {
            c.reject(QStringLiteral("bad YAML"), bom + d.errorOffset, d.error);
            continue;
        }
        QList<qint64> offsets;
        for (qint64 o : d.itemOffsets)
            offsets.append(bom + o);
        if (d.value.isNull() || d.value.isUndefined())
            continue;
        c.addValue(d.value, bom + d.offset, offsets);
    }
    return c.items;
}

bool parseTime(const QJsonValue &v, Timestamp *out)
{
    if (!v.isString())
        return false;
    const QByteArray s = v.toString().toUtf8().trimmed();
    return !s.isEmpty() && parseIso8601(s, out);
}

bool hasString(const QJsonValue &v)
{
    return v.isString() && !v.toString().trimmed().isEmpty();
}

QByteArray objectName(const QJsonObject &ref)
{
    const QByteArray name = utf8(ref.value(QLatin1StringView("name")), 512);
    if (name.isEmpty())
        return {};
    const QByteArray kind = utf8(ref.value(QLatin1StringView("kind")), 128);
    return kind.isEmpty() ? name : kind + '/' + name;
}

QByteArray utf8(const QJsonValue &v, qsizetype maxBytes)
{
    QByteArray b;
    if (v.isString())
        b = v.toString().toUtf8();
    else if (v.isDouble())
        b = QByteArray::number(v.toDouble(), 'g', 15);
    else if (v.isBool())
        b = v.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    if (b.size() > maxBytes) {
        qsizetype n = maxBytes;
        while (n > 0 && (uchar(b[n]) & 0xC0) == 0x80)
            --n;
        b.truncate(n);
    }
    return b;
}

qint64 intValue(const QJsonValue &v, qint64 fallback)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d >= -9e15 && d <= 9e15)
            return qint64(d);
        return fallback;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().trimmed().toLongLong(&ok);
        return ok ? n : fallback;
    }
    return fallback;
}

namespace {

// Position of the first use of key as a mapping key ("key": or key:), or -1; *valueAt gets the
// position after the colon.
qsizetype findKey(QByteArrayView s, QByteArrayView key, qsizetype from = 0, qsizetype *valueAt = nullptr)
{
    while (true) {
        const qsizetype i = s.indexOf(key, from);
        if (i < 0)
            return -1;
        from = i + 1;
        const char before = i > 0 ? s[i - 1] : '\n';
        qsizetype j = i + key.size();
        if (before == '"') {
            if (j >= s.size() || s[j] != '"')
                continue;
            ++j;
        } else if (before != ' ' && before != '\n' && before != '\t' && before != '{' && before != ',') {
            continue;
        }
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t'))
            ++j;
        if (j >= s.size() || s[j] != ':')
            continue;
        if (valueAt)
            *valueAt = j + 1;
        return i;
    }
}

// The bare word after a key's colon: Event in "kind": "Event" or kind: Event.
QByteArrayView wordValue(QByteArrayView s, qsizetype p)
{
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t'))
        ++p;
    const char quote = (p < s.size() && (s[p] == '"' || s[p] == '\'')) ? s[p] : 0;
    if (quote)
        ++p;
    const qsizetype start = p;
    while (p < s.size() && ((s[p] >= 'A' && s[p] <= 'Z') || (s[p] >= 'a' && s[p] <= 'z')))
        ++p;
    const QByteArrayView word = s.sliced(start, p - start);
    if (quote)
        return (p < s.size() && s[p] == quote) ? word : QByteArrayView();
    if (p == s.size() || s[p] == ' ' || s[p] == '\r' || s[p] == '\n' || s[p] == '#' || s[p] == ',' || s[p] == '}')
        return word;
    return {};
}

qsizetype firstKind(QByteArrayView s, QByteArrayView a, QByteArrayView b)
{
    qsizetype from = 0;
    while (true) {
        qsizetype valueAt = 0;
        const qsizetype i = findKey(s, "kind", from, &valueAt);
        if (i < 0)
            return -1;
        const QByteArrayView w = wordValue(s, valueAt);
        if (w == a || w == b)
            return i;
        from = i + 1;
    }
}

qsizetype earliest(std::initializer_list<qsizetype> positions)
{
    qsizetype best = -1;
    for (qsizetype p : positions) {
        if (p >= 0 && (best < 0 || p < best))
            best = p;
    }
    return best;
}

} // namespace

bool isEventTableHeader(QByteArrayView line)
{
    line = line.trimmed();
    return (line.startsWith("LAST SEEN") || line.startsWith("NAMESPACE")) && line.contains("LAST SEEN")
        && line.contains("REASON") && line.contains("MESSAGE");
}

bool isTimestampLine(QByteArrayView line, Timestamp *out)
{
    line = line.trimmed();
    Timestamp t;
    if (line.size() < 19 || line.size() > 40 || !parseIso8601(line, &t))
        return false;
    if (out)
        *out = t;
    return true;
}

SniffInfo sniff(QByteArrayView head)
{
    SniffInfo info;
    // A kubectl get events table: the first non-blank line is the header, or a capture time then the header.
    qsizetype p = skipBom(head);
    for (int n = 0; n < 2 && p < head.size(); ++n) {
        p = skipWs(head, p);
        qsizetype eol = head.indexOf('\n', p);
        if (eol < 0)
            eol = head.size();
        const QByteArrayView line = head.sliced(p, eol - p);
        if (isEventTableHeader(line)) {
            info.eventTable = true;
            return info;
        }
        if (!isTimestampLine(line, nullptr))
            break;
        p = eol + 1;
    }
    info.firstEvent = earliest({findKey(head, "involvedObject"), findKey(head, "regarding"),
                                firstKind(head, "Event", "EventList")});
    info.firstPod = earliest({findKey(head, "containerStatuses"), findKey(head, "initContainerStatuses"),
                              firstKind(head, "Pod", "PodList")});
    info.eventFields = findKey(head, "firstTimestamp") >= 0 || findKey(head, "lastTimestamp") >= 0
        || findKey(head, "eventTime") >= 0 || findKey(head, "deprecatedLastTimestamp") >= 0;
    return info;
}

void SkippedKinds::add(const QString &kind)
{
    ++m_count;
    if (!m_kinds.contains(kind) && m_kinds.size() < 8)
        m_kinds << kind;
}

void SkippedKinds::addNote(SourceData &out, const QString &wanted) const
{
    if (m_count == 0)
        return;
    out.notes << QStringLiteral("skipped %1 objects that are not %2 (%3)")
                     .arg(m_count)
                     .arg(wanted, m_kinds.join(QLatin1StringView(", ")));
}

} // namespace gateline::k8s
