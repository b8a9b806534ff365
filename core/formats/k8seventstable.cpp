#include "k8seventstable.h"

#include "k8scaptureclock.h"
#include "k8sobject.h"
#include "timeparse.h"

#include <QList>

namespace gateline::k8s {

namespace {

enum Column { ColNamespace, ColLastSeen, ColFirstSeen, ColCount, ColName, ColKind, ColSubObject, ColType, ColReason,
              ColObject, ColSource, ColMessage, ColumnCount };

struct Layout {
    QList<qsizetype> starts;       // byte position of each header label
    int column[ColumnCount];       // index into starts, or -1
    Layout() { std::fill(std::begin(column), std::end(column), -1); }
    bool valid() const { return column[ColLastSeen] >= 0 && column[ColReason] >= 0 && column[ColMessage] >= 0; }
};

// One row's cells, whichever layout it came from.
struct Row {
    QByteArrayView ns, lastSeen, count, type, reason, object, name, kind, source, message;
    QByteArrayView firstSeen; // the wide and old tables' FIRST SEEN
};

Layout readHeader(QByteArrayView line)
{
    Layout t;
    static const struct { const char *label; Column col; } labels[] = {
        {"NAMESPACE", ColNamespace}, {"LAST SEEN", ColLastSeen}, {"LASTSEEN", ColLastSeen},
        {"FIRST SEEN", ColFirstSeen}, {"FIRSTSEEN", ColFirstSeen}, {"COUNT", ColCount},
        {"NAME", ColName},           {"KIND", ColKind},          {"SUBOBJECT", ColSubObject},
        {"TYPE", ColType},           {"REASON", ColReason},      {"OBJECT", ColObject},
        {"SOURCE", ColSource},       {"MESSAGE", ColMessage}};
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

// Splits a row into one cell per header column. Columns before MESSAGE come from the header's
// positions (or, for rows that do not line up, from runs of two or more spaces); columns after
// MESSAGE (the wide output's FIRST SEEN, COUNT, NAME) are single words taken from the right.
bool splitRow(QByteArrayView line, const Layout &t, bool byPosition, QList<QByteArrayView> *cells)
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

Row rowFromCells(const Layout &t, const QList<QByteArrayView> &cells)
{
    auto cell = [&](Column c) { return t.column[c] >= 0 ? cells[t.column[c]] : QByteArrayView(); };
    Row r;
    r.ns = cell(ColNamespace);
    r.lastSeen = cell(ColLastSeen);
    r.count = cell(ColCount);
    r.firstSeen = cell(ColFirstSeen);
    r.type = cell(ColType);
    r.reason = cell(ColReason);
    r.object = cell(ColObject);
    r.name = cell(ColName);
    r.kind = cell(ColKind);
    r.source = cell(ColSource);
    r.message = cell(ColMessage);
    return r;
}

// The NAME column of kubectl's pre-1.14 layout is the event's own name: the object's name, a dot
// and the event's creation time in hexadecimal nanoseconds ("guestbook.157f7c5edd33aeac").
QByteArrayView objectOfEventName(QByteArrayView name)
{
    const qsizetype dot = name.lastIndexOf('.');
    if (dot <= 0 || name.size() - dot - 1 < 12 || name.size() - dot - 1 > 16)
        return name;
    for (char c : name.sliced(dot + 1))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return name;
    return name.first(dot);
}

// --- rows without a header: recognised by the shape of their words ---------------------------

struct Token {
    qsizetype start = 0;
    qsizetype end = 0;
};

QList<Token> tokenize(QByteArrayView line)
{
    QList<Token> out;
    qsizetype p = 0;
    while (p < line.size()) {
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t'))
            ++p;
        if (p >= line.size())
            break;
        const qsizetype start = p;
        while (p < line.size() && line[p] != ' ' && line[p] != '\t')
            ++p;
        out.append({start, p});
    }
    return out;
}

bool isType(QByteArrayView w)
{
    return w == "Normal" || w == "Warning";
}

bool isAgeWord(QByteArrayView w)
{
    qint64 s = 0;
    return w == "<unknown>" || w == "<invalid>" || parseAge(w, &s);
}

bool isCount(QByteArrayView w)
{
    qint64 n = 0;
    return w.size() <= 9 && parseUInt(w, &n);
}

class ShapeReader
{
public:
    explicit ShapeReader(QByteArrayView line) : m_line(line), m_tokens(tokenize(line)) {}

    // [NAMESPACE] LAST-SEEN TYPE REASON OBJECT MESSAGE, maybe with the wide columns
    // (SUBOBJECT SOURCE between OBJECT and MESSAGE; FIRST SEEN COUNT NAME after it).
    bool current(Row *r) const
    {
        for (int nsWords : {0, 1}) {
            int i = nsWords;
            if (!ageCell(&i, &r->lastSeen) || i + 2 >= size() || !isType(word(i)))
                continue;
            r->ns = nsWords ? word(0) : QByteArrayView();
            r->type = word(i);
            r->reason = word(i + 1);
            r->object = word(i + 2);
            i += 3;
            int last = size() - 1;
            const bool wide = last - i >= 3 && isAgeWord(word(last - 2)) && isCount(word(last - 1))
                && word(last).contains('.');
            if (wide) {
                r->count = word(last - 1);
                r->firstSeen = word(last - 2);
                last -= 3;
                if (i <= last && (word(i).startsWith("spec.") || word(i).contains('{')))
                    ++i;
                if (!source(&i, last, &r->source))
                    continue;
            }
            r->message = i <= last ? span(i, last) : QByteArrayView();
            return true;
        }
        return false;
    }

    // [NAMESPACE] LASTSEEN FIRSTSEEN COUNT NAME KIND [SUBOBJECT] TYPE REASON SOURCE MESSAGE
    bool old(Row *r) const
    {
        for (int nsWords : {0, 1}) {
            const int i0 = nsWords;
            if (i0 + 7 >= size() || !isAgeWord(word(i0)) || !isAgeWord(word(i0 + 1)) || !isCount(word(i0 + 2)))
                continue;
            int i = i0 + 5;
            if (!isType(word(i)))
                ++i;
            if (i + 2 >= size() || !isType(word(i)))
                continue;
            r->ns = nsWords ? word(0) : QByteArrayView();
            r->lastSeen = word(i0);
            r->count = word(i0 + 2);
            r->firstSeen = word(i0 + 1);
            r->name = word(i0 + 3);
            r->kind = word(i0 + 4);
            r->type = word(i);
            r->reason = word(i + 1);
            i += 2;
            const int last = size() - 1;
            if (!source(&i, last, &r->source))
                continue;
            r->message = i <= last ? span(i, last) : QByteArrayView();
            return true;
        }
        return false;
    }

private:
    int size() const { return int(m_tokens.size()); }
    QByteArrayView word(int i) const { return m_line.sliced(m_tokens[i].start, m_tokens[i].end - m_tokens[i].start); }
    QByteArrayView span(int first, int last) const
    {
        return m_line.sliced(m_tokens[first].start, m_tokens[last].end - m_tokens[first].start);
    }
    // An age, or an age followed by "(xN over AGE)".
    bool ageCell(int *i, QByteArrayView *cell) const
    {
        if (*i >= size() || !isAgeWord(word(*i)))
            return false;
        int last = *i;
        if (*i + 3 < size() && word(*i + 1).startsWith("(x") && word(*i + 2) == "over" && word(*i + 3).endsWith(")"))
            last = *i + 3;
        *cell = span(*i, last);
        *i = last + 1;
        return true;
    }
    // "default-scheduler", "kubelet, node-a", "{kubelet node-a}".
    bool source(int *i, int last, QByteArrayView *out) const
    {
        if (*i > last)
            return false;
        int end = *i;
        if (word(*i).endsWith(',') && *i + 1 <= last) {
            end = *i + 1;
        } else if (word(*i).startsWith('{')) {
            while (end <= last && !word(end).endsWith('}'))
                ++end;
            if (end > last)
                return false;
        }
        *out = span(*i, end);
        *i = end + 1;
        return true;
    }

    QByteArrayView m_line;
    QList<Token> m_tokens;
};

bool readByShape(QByteArrayView line, Row *r)
{
    const ShapeReader reader(line);
    *r = Row();
    if (reader.current(r))
        return true;
    *r = Row();
    return reader.old(r);
}

QByteArrayView trimmedLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool isNothingFound(QByteArrayView line)
{
    line = line.trimmed();
    return line.startsWith("No resources found") || line.startsWith("No events found");
}

} // namespace


bool EventTable::isHeader(QByteArrayView line)
{
    line = line.trimmed();
    const bool lastSeen = line.contains("LAST SEEN") || line.contains("LASTSEEN");
    return (line.startsWith("LAST SEEN") || line.startsWith("LASTSEEN") || line.startsWith("NAMESPACE")) && lastSeen
        && line.contains("REASON") && line.contains("MESSAGE");
}

int EventTable::sniff(QByteArrayView head)
{
    // A header among the first lines (after a capture-time line, or a tool's preamble), or
    // header-less rows from the first line on.
    qsizetype p = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    int rows = 0;
    int lines = 0;
    bool allRows = true;
    while (p < head.size() && lines < 6) {
        qsizetype eol = head.indexOf('\n', p);
        if (eol < 0) {
            if (lines > 0)
                break; // a cut-off last line in the head says nothing
            eol = head.size();
        }
        const QByteArrayView line = trimmedLine(head.sliced(p, eol - p));
        p = eol + 1;
        if (line.trimmed().isEmpty())
            continue;
        ++lines;
        if (isHeader(line))
            return 95;
        if (lines == 1 && isTimestampLine(line, nullptr))
            continue;
        Row r;
        if (readByShape(line, &r))
            ++rows;
        else
            allRows = false;
    }
    return allRows && rows > 0 ? 85 : 0;
}

void EventTable::parse(QByteArrayView doc, ParseContext &ctx)
{
    SourceData &out = ctx.out;
    CaptureClock clock(ctx.options);
    Layout layout;
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
        QByteArrayView line = trimmedLine(doc.sliced(pos, eol - pos));
        pos = eol + 1;
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.trimmed().isEmpty() || isNothingFound(line))
            continue;
        if (line.size() > ctx.options.maxLineBytes) {
            out.reject(QStringLiteral("line longer than %1 KiB").arg(ctx.options.maxLineBytes / 1024), lineNumber);
            continue;
        }
        if (isHeader(line)) {
            layout = readHeader(line);
            continue;
        }
        Timestamp stamp;
        if (isTimestampLine(line, &stamp)) {
            // A new capture (`date; kubectl get events`): an earlier header does not apply to it.
            clock.sawTimestampLine(stamp, lineNumber);
            layout = Layout();
            continue;
        }
        Row row;
        AgeCell age;
        bool ok = false;
        if (layout.valid()) {
            for (bool byPosition : {true, false}) {
                if (!splitRow(line, layout, byPosition, &cells))
                    continue;
                row = rowFromCells(layout, cells);
                if (parseAgeCell(row.lastSeen, &age) && !row.reason.isEmpty()
                    && (layout.column[ColType] < 0 || isType(row.type))) {
                    ok = true;
                    break;
                }
            }
        }
        if (!ok)
            ok = readByShape(line, &row) && parseAgeCell(row.lastSeen, &age);
        if (!ok) {
            out.reject(QStringLiteral("not an event table row"), lineNumber);
            continue;
        }
        const qint64 timeUs = clock.eventTimeUs(age, out);
        if (timeUs < 0) {
            out.reject(QStringLiteral("event has no time"), lineNumber);
            continue;
        }
        Record r;
        r.time = Timestamp{timeUs};
        r.offset = LineOffset{lineStart};
        r.kind = EventKind::K8sEvent;
        qint64 count = age.repeat;
        if (count <= 0 && !row.count.isEmpty())
            parseUInt(row.count.first(std::min<qsizetype>(row.count.size(), 9)), &count);
        r.count = qint32(std::max<qint64>(count, 1));
        // "10m (x5 over 34m)": the span from the first of the repeats to the last (k8seventsparser.cpp)
        if (const qint64 span = age.spanSeconds())
            r.durationMs = float(span * 1000);
        // The wide (and old) tables' FIRST SEEN and COUNT: the same span, from two cells.
        AgeCell first;
        if (r.durationMs < 0 && r.count > 1 && !row.firstSeen.isEmpty() && parseAgeCell(row.firstSeen, &first)
            && first.repeat == 0 && age.seconds >= 0 && first.seconds > age.seconds)
            r.durationMs = float((first.seconds - age.seconds) * 1000);
        if (row.type == "Warning")
            r.flags |= FlagWarning;
        QByteArray object;
        if (!row.object.isEmpty())
            object = canonicalObject(row.object);
        else if (!row.name.isEmpty())
            object = row.kind.isEmpty() ? row.name.toByteArray()
                                        : canonicalKind(row.kind) + '/' + objectOfEventName(row.name).toByteArray();
        const QByteArray text = truncatedText(row.message);
        r.reason = row.reason;
        r.object = object;
        r.ns = row.ns;
        r.text = text;
        r.host = sourceHost(row.source);
        out.append(r);
    }
    clock.finish(out);
}

} // namespace gateline::k8s
