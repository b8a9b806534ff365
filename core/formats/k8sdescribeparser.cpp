#include "k8sdescribeparser.h"

#include "k8scaptureclock.h"
#include "k8seventstable.h"
#include "k8sobject.h"
#include "timeparse.h"

namespace gateline {

namespace {

int indentOf(QByteArrayView line)
{
    int n = 0;
    for (char c : line) {
        if (c == ' ')
            ++n;
        else if (c == '\t')
            n += 8;
        else
            break;
    }
    return n;
}

// "Key:" or "Key:  value" with a describe-style key (letters, digits, spaces, a few marks).
bool splitKey(QByteArrayView line, QByteArrayView *key, QByteArrayView *value)
{
    line = line.trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || colon > 64)
        return false;
    const QByteArrayView k = line.first(colon);
    for (char c : k) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '
            || c == '-' || c == '_' || c == '.' || c == '/' || c == '(' || c == ')';
        if (!ok)
            return false;
    }
    if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t')
        return false;
    *key = k;
    *value = line.sliced(colon + 1).trimmed();
    return true;
}

bool isEventsHeader(QByteArrayView line)
{
    line = line.trimmed();
    return line.startsWith("Type") && line.contains("Reason") && line.contains("Age") && line.contains("From")
        && line.contains("Message");
}

qint16 exitStatus(qint64 code)
{
    return qint16(std::clamp<qint64>(code, std::numeric_limits<qint16>::min(), std::numeric_limits<qint16>::max()));
}

struct Termination {
    bool present = false;
    qint64 offset = 0;
    qint64 exitCode = 0;
    bool haveFinished = false;
    Timestamp finished;
    QByteArray reason, message;
};

struct Container {
    QByteArray name;
    qint64 restarts = 0;
    QByteArray state;           // Running, Waiting, Terminated
    qint64 stateOffset = 0;
    bool haveStarted = false;
    Timestamp started;
    Termination now, last;
};

class DescribeReader
{
public:
    explicit DescribeReader(ParseContext &ctx) : m_options(ctx.options), m_out(ctx.out), m_clock(ctx.options) {}
    void line(QByteArrayView line, qint64 offset, qint64 number);
    void finish() { finishObject(); }

private:
    enum class Section { None, Skip, Containers, Conditions, Events };
    enum class Sub { None, State, LastState, Other };

    void topLevel(QByteArrayView key, QByteArrayView value, qint64 number);
    void containerLine(QByteArrayView line, int indent, qint64 offset, qint64 number);
    void conditionLine(QByteArrayView line, qint64 offset, qint64 number);
    void eventLine(QByteArrayView line, qint64 offset, qint64 number);
    void oldEventLine(QByteArrayView line, qint64 offset, qint64 number);
    void finishContainer();
    void finishObject();
    QByteArray objectName() const;
    Record base(EventKind kind, qint64 offset, qint64 restarts) const;

    const ParseOptions &m_options;
    SourceData &m_out;
    k8s::CaptureClock m_clock;
    Section m_section = Section::None;
    Sub m_sub = Sub::None;
    // The object being read.
    bool m_inObject = false;
    QByteArray m_name, m_ns, m_host, m_ip;
    QByteArray m_kindHint;      // from keys only one kind has
    bool m_haveStartTime = false;
    Timestamp m_startTime;
    qint64 m_objectOffset = 0;
    int m_containerRecords = 0;
    bool m_inContainer = false;
    Container m_container;
    // The Events block's column starts (Type, Reason, Age, From, Message), or empty.
    QList<qsizetype> m_eventColumns;
    bool m_oldEvents = false;
    QByteArray m_oldEventsHeader;
    bool m_lastWasOldEvent = false;
    int m_baseIndent = -1;
};

QByteArray DescribeReader::objectName() const
{
    if (m_name.isEmpty())
        return {};
    return m_kindHint.isEmpty() ? m_name : m_kindHint + '/' + m_name;
}

Record DescribeReader::base(EventKind kind, qint64 offset, qint64 restarts) const
{
    Record r;
    r.offset = LineOffset{offset};
    r.kind = kind;
    r.count = qint32(std::clamp<qint64>(restarts, 0, std::numeric_limits<qint32>::max()));
    return r;
}

void DescribeReader::line(QByteArrayView line, qint64 offset, qint64 number)
{
    if (line.trimmed().isEmpty())
        return;
    // A copy pasted with every line indented (docs, tickets): the first Name: line's indent is the
    // document's left edge.
    if (m_baseIndent < 0 && line.trimmed().startsWith("Name:"))
        m_baseIndent = std::min(indentOf(line), 4);
    for (int i = 0; i < m_baseIndent && line.startsWith(' '); ++i)
        line = line.sliced(1);
    if (line.size() > m_options.maxLineBytes) {
        m_out.reject(QStringLiteral("line longer than %1 KiB").arg(m_options.maxLineBytes / 1024), number);
        return;
    }
    const int indent = indentOf(line);
    if (indent == 0) {
        Timestamp stamp;
        if (k8s::isTimestampLine(line, &stamp)) {
            m_clock.sawTimestampLine(stamp, number);
            return;
        }
        QByteArrayView key, value;
        if (m_section == Section::Events && m_oldEvents && m_lastWasOldEvent && (line[0] < 'A' || line[0] > 'Z'))
            return; // kubectl 1.3 wrapped a long event message onto unindented lines of their own
        if (!splitKey(line, &key, &value) || key[0] < 'A' || key[0] > 'Z') {
            m_out.reject(QStringLiteral("not a kubectl describe line"), number);
            return;
        }
        if (key == "Name") {
            finishObject();
            m_inObject = true;
            m_name = value.first(std::min<qsizetype>(value.size(), 512)).toByteArray();
            m_objectOffset = offset;
            return;
        }
        if (!m_inObject && key != "Events") {
            m_out.reject(QStringLiteral("line before the first Name:"), number);
            return;
        }
        topLevel(key, value, number);
        return;
    }
    switch (m_section) {
    case Section::None: m_out.reject(QStringLiteral("indented line outside a block"), number); break;
    case Section::Skip: break; // Labels, Annotations, Volumes, Tolerations, Pod Template, ...: not needed
    case Section::Containers: containerLine(line, indent, offset, number); break;
    case Section::Conditions: conditionLine(line, offset, number); break;
    case Section::Events: eventLine(line, offset, number); break;
    }
}

void DescribeReader::topLevel(QByteArrayView key, QByteArrayView value, qint64 number)
{
    finishContainer();
    m_section = Section::Skip;
    if (key == "Namespace") {
        m_ns = value.first(std::min<qsizetype>(value.size(), 256)).toByteArray();
    } else if (key == "Node") {
        // "node-a/10.0.0.5" on a pod
        const qsizetype slash = value.indexOf('/');
        const QByteArrayView node = slash >= 0 ? value.first(slash) : value;
        m_host = node.first(std::min<qsizetype>(node.size(), 256)).toByteArray();
    } else if (key == "IP") {
        m_ip = value.first(std::min<qsizetype>(value.size(), 128)).toByteArray();
    } else if (key == "Start Time") {
        m_haveStartTime = parseDescribeTime(value, &m_startTime);
        if (!m_haveStartTime)
            m_out.reject(QStringLiteral("bad timestamp"), number);
        m_kindHint = "Pod";
    } else if (key == "Containers" || key == "Init Containers") {
        m_kindHint = "Pod";
        m_section = Section::Containers;
    } else if (key == "QoS Class") {
        m_kindHint = "Pod";
    } else if (key == "Conditions") {
        m_section = Section::Conditions;
    } else if (key == "Events") {
        m_section = Section::Events;
        m_eventColumns.clear();
        m_oldEvents = false;
    } else if (key == "Roles" || key == "Taints" || key == "Unschedulable" || key == "System Info"
               || key == "PodCIDR" || key == "PodCIDRs" || key == "ProviderID") {
        m_kindHint = "Node";
    } else if (key == "StrategyType" || key == "NewReplicaSet" || key == "OldReplicaSets"
               || key == "RollingUpdateStrategy") {
        m_kindHint = "Deployment";
    } else if (key == "Pods Status" && m_kindHint.isEmpty()) {
        m_kindHint = "ReplicaSet";
    } else if (key == "Update Strategy" && m_kindHint == "ReplicaSet") {
        m_kindHint = "StatefulSet";
    } else if (key == "Desired Number of Nodes Scheduled") {
        m_kindHint = "DaemonSet";
    }
}

void DescribeReader::containerLine(QByteArrayView line, int indent, qint64 offset, qint64 number)
{
    QByteArrayView key, value;
    const bool isKey = splitKey(line, &key, &value);
    if (indent <= 2) {
        // "  app:" starts a container
        if (!isKey || !value.isEmpty()) {
            m_out.reject(QStringLiteral("not a container name"), number);
            return;
        }
        finishContainer();
        m_inContainer = true;
        m_container.name = key.first(std::min<qsizetype>(key.size(), 256)).toByteArray();
        m_sub = Sub::None;
        return;
    }
    if (!m_inContainer) {
        m_out.reject(QStringLiteral("container detail before a container name"), number);
        return;
    }
    if (indent <= 4) {
        m_sub = Sub::Other;
        if (!isKey)
            return; // a wrapped value of a container field
        if (key == "State") {
            m_sub = Sub::State;
            m_container.state = value.first(std::min<qsizetype>(value.size(), 32)).toByteArray();
            m_container.stateOffset = offset;
            m_container.now.present = value == "Terminated";
            m_container.now.offset = offset;
        } else if (key == "Last State" || key == "Last Termination State") { // the latter: kubectl 1.0
            m_sub = Sub::LastState;
            m_container.last.present = value == "Terminated";
            m_container.last.offset = offset;
        } else if (key == "Restart Count") {
            if (value.size() > 9 || !parseUInt(value, &m_container.restarts))
                m_out.reject(QStringLiteral("bad restart count"), number);
        }
        return;
    }
    // Deeper: details of State / Last State, or of a skipped field (Limits, Mounts, Args, ...).
    if (m_sub != Sub::State && m_sub != Sub::LastState)
        return;
    if (!isKey)
        return;
    Termination &t = m_sub == Sub::State ? m_container.now : m_container.last;
    if (key == "Started" && m_sub == Sub::State && m_container.state == "Running") {
        m_container.haveStarted = parseDescribeTime(value, &m_container.started);
        if (!m_container.haveStarted)
            m_out.reject(QStringLiteral("bad timestamp"), number);
    } else if (!t.present) {
        return;
    } else if (key == "Reason") {
        t.reason = value.first(std::min<qsizetype>(value.size(), 128)).toByteArray();
    } else if (key == "Message") {
        t.message = k8s::truncatedText(value);
    } else if (key == "Exit Code") {
        const bool negative = value.startsWith('-');
        const QByteArrayView digits = negative ? value.sliced(1) : value;
        if (digits.size() > 9 || !parseUInt(digits, &t.exitCode))
            m_out.reject(QStringLiteral("bad exit code"), number);
        else if (negative)
            t.exitCode = -t.exitCode;
    } else if (key == "Finished") {
        t.haveFinished = parseDescribeTime(value, &t.finished);
        if (!t.haveFinished)
            m_out.reject(QStringLiteral("bad timestamp"), number);
    }
}

void DescribeReader::finishContainer()
{
    if (!m_inContainer)
        return;
    m_inContainer = false;
    const Container &c = m_container;
    const QByteArray object = m_name.isEmpty() ? QByteArray() : QByteArrayLiteral("Pod/") + m_name;
    auto fill = [&](Record &r) {
        r.object = object;
        r.ns = m_ns;
        r.upstream = m_ip;
        r.host = m_host;
    };
    auto termination = [&](const Termination &t) {
        if (!t.present || !t.haveFinished)
            return;
        Record r = base(EventKind::PodTermination, t.offset, c.restarts);
        r.time = t.finished;
        r.status = exitStatus(t.exitCode);
        if (t.exitCode != 0)
            r.flags |= FlagWarning;
        const QByteArray text = k8s::truncatedText(t.message.isEmpty() ? c.name : c.name + ": " + t.message);
        fill(r);
        r.reason = t.reason;
        r.text = text;
        m_out.append(r);
        ++m_containerRecords;
    };
    termination(c.last);
    // A container that is terminated now: only failures (init containers end with exit 0).
    if (c.now.exitCode != 0)
        termination(c.now);
    if (c.state == "Running" && c.haveStarted) {
        Record r = base(EventKind::PodStart, c.stateOffset, c.restarts);
        r.time = c.started;
        fill(r);
        r.reason = c.restarts > 0 ? QByteArrayView("Restarted") : QByteArrayView("Started");
        r.text = c.name;
        m_out.append(r);
        ++m_containerRecords;
    }
    m_container = Container();
}

// Splits a line into at most n cells at tabs and runs of two or more blanks; the last cell takes
// the rest. Returns the number of cells.
int splitCells(QByteArrayView line, QByteArrayView *cells, int n)
{
    auto gapAt = [&](qsizetype p) {
        return line[p] == '\t' || (line[p] == ' ' && p + 1 < line.size() && (line[p + 1] == ' ' || line[p + 1] == '\t'));
    };
    qsizetype p = 0;
    int count = 0;
    while (count < n) {
        while (p < line.size() && (line[p] == ' ' || line[p] == '\t'))
            ++p;
        if (p >= line.size())
            break;
        const qsizetype start = p;
        if (count < n - 1) {
            while (p < line.size() && !gapAt(p))
                ++p;
        } else {
            p = line.size();
        }
        cells[count++] = line.sliced(start, p - start).trimmed();
    }
    return count;
}

void DescribeReader::conditionLine(QByteArrayView line, qint64 offset, qint64 number)
{
    // "  Type   Status ..." header, "  ----" underline, then "  Ready   False ...". A node's rows
    // also have LastHeartbeatTime, LastTransitionTime, Reason and Message.
    QByteArrayView cells[6];
    const int n = splitCells(line, cells, 6);
    if (n < 2 || cells[0] == "Type" || cells[0].startsWith("----"))
        return;
    const QByteArrayView type = cells[0];
    const QByteArrayView status = cells[1].first(std::min<qsizetype>(cells[1].size(), 16));
    const bool ready = type == "Ready";
    if (ready && status != "True" && !m_name.isEmpty())
        m_out.notes << QStringLiteral("%1 was not Ready (%2) when described")
                           .arg(QString::fromUtf8(objectName()), QString::fromUtf8(status));
    if (m_kindHint != "Node" || n < 4)
        return;
    // A node's Ready condition (when it last changed), and any other condition that is not healthy
    // (MemoryPressure True, ...), at its LastTransitionTime.
    const bool unhealthy = ready ? status != "True" : status != "False";
    if (!ready && !unhealthy)
        return;
    Record r = base(EventKind::LogMessage, offset, 1);
    if (!parseDescribeTime(cells[3], &r.time)) {
        m_out.reject(QStringLiteral("bad timestamp"), number);
        return;
    }
    if (unhealthy)
        r.flags |= FlagWarning;
    const QByteArray object = objectName();
    const QByteArray text = k8s::truncatedText(type.toByteArray() + ' ' + status.toByteArray()
                                               + (n > 5 ? QByteArray(": ") + cells[5].toByteArray() : QByteArray()));
    r.object = object;
    r.host = m_name;
    r.reason = n > 4 ? cells[4].first(std::min<qsizetype>(cells[4].size(), 128)) : QByteArrayView();
    r.text = text;
    m_out.append(r);
}

void DescribeReader::eventLine(QByteArrayView line, qint64 offset, qint64 number)
{
    const QByteArrayView trimmed = line.trimmed();
    if (isEventsHeader(line)) {
        m_eventColumns.clear();
        for (const char *label : {"Type", "Reason", "Age", "From", "Message"})
            m_eventColumns.append(line.indexOf(label));
        m_oldEvents = false;
        return;
    }
    if (trimmed.startsWith("FirstSeen") && trimmed.contains("LastSeen")) {
        // kubectl 1.0-1.4: FirstSeen LastSeen Count From Sub(o|O)bjectPath [Type] Reason Message, dates
        m_oldEvents = true;
        m_oldEventsHeader = line.toByteArray();
        return;
    }
    if (trimmed.startsWith("----"))
        return;
    if (m_oldEvents) {
        oldEventLine(line, offset, number);
        return;
    }
    // Cells by the header's positions, else by runs of two or more blanks.
    QByteArrayView cells[5];
    bool ok = false;
    if (m_eventColumns.size() == 5 && std::is_sorted(m_eventColumns.begin(), m_eventColumns.end())
        && m_eventColumns.first() >= 0) {
        ok = m_eventColumns.last() <= line.size();
        for (int i = 0; ok && i < 5; ++i) {
            const qsizetype s = m_eventColumns[i];
            if (s > 0 && line[s - 1] != ' ')
                ok = false;
            else
                cells[i] = line.sliced(s, (i < 4 ? m_eventColumns[i + 1] : line.size()) - s).trimmed();
        }
    }
    k8s::AgeCell age;
    if (!ok || !k8s::parseAgeCell(cells[2], &age) || cells[1].isEmpty()) {
        std::fill(std::begin(cells), std::end(cells), QByteArrayView());
        ok = splitCells(line, cells, 5) >= 4;
        ok = ok && !cells[1].isEmpty() && k8s::parseAgeCell(cells[2], &age);
    }
    if (!ok) {
        m_out.reject(QStringLiteral("not an event row"), number);
        return;
    }
    if (age.seconds < 0) {
        m_out.reject(QStringLiteral("event has no time"), number);
        return;
    }
    Record r = base(EventKind::K8sEvent, offset, std::max<qint64>(age.repeat, 1));
    r.time = Timestamp{m_clock.nowUs(m_out) - age.seconds * 1000000};
    if (cells[0] == "Warning")
        r.flags |= FlagWarning;
    const QByteArray object = objectName();
    const QByteArray text = k8s::truncatedText(cells[4]);
    r.reason = cells[1].first(std::min<qsizetype>(cells[1].size(), 128));
    r.object = object;
    r.ns = m_ns;
    r.text = text;
    r.host = k8s::sourceHost(cells[3]);
    m_out.append(r);
}

void DescribeReader::oldEventLine(QByteArrayView line, qint64 offset, qint64 number)
{
    k8s::OldDescribeEventRow row;
    Timestamp last;
    k8s::AgeCell age;
    qint64 count = 0;
    // LastSeen is the row's time: a date (kubectl 1.0-1.2) or an age (1.3-1.4); Count its repeats.
    const bool split = k8s::splitOldDescribeEventRow(m_oldEventsHeader, line, &row);
    const bool dated = split && parseDescribeTime(row.lastSeen, &last);
    if (!split || (!dated && !(k8s::parseAgeCell(row.lastSeen, &age) && age.seconds >= 0)) || row.count.size() > 9
        || !parseUInt(row.count, &count)) {
        // kubectl 1.3 wrapped a long message onto lines of their own
        if (m_lastWasOldEvent && !line.trimmed().isEmpty() && line.front() != '\t' && (line[0] < 'A' || line[0] > 'Z'))
            return;
        m_lastWasOldEvent = false;
        m_out.reject(QStringLiteral("not an event row"), number);
        return;
    }
    m_lastWasOldEvent = true;
    Record r = base(EventKind::K8sEvent, offset, std::max<qint64>(count, 1));
    r.time = dated ? last : Timestamp{m_clock.nowUs(m_out) - age.seconds * 1000000};
    if (row.type == "Warning")
        r.flags |= FlagWarning;
    // kubectl 1.0 wrote reasons in lower case ("started", "killing"): today's spelling, so that the
    // event taxonomy knows them.
    QByteArray reason = row.reason.first(std::min<qsizetype>(row.reason.size(), 128)).toByteArray();
    reason[0] = QChar::toUpper(uchar(reason[0]));
    const QByteArray object = objectName();
    const QByteArray text = k8s::truncatedText(row.message);
    r.reason = reason;
    r.object = object;
    r.ns = m_ns;
    r.text = text;
    r.host = k8s::sourceHost(row.from); // "{kubelet NODE}"
    m_out.append(r);
}

void DescribeReader::finishObject()
{
    finishContainer();
    if (m_inObject && m_kindHint == "Pod" && m_containerRecords == 0 && m_haveStartTime) {
        // No usable container time: the pod's own start (when the kubelet took it on).
        Record r = base(EventKind::PodStart, m_objectOffset, 0);
        r.time = m_startTime;
        const QByteArray object = QByteArrayLiteral("Pod/") + m_name;
        r.object = object;
        r.ns = m_ns;
        r.upstream = m_ip;
        r.host = m_host;
        r.reason = "Started";
        r.text = "pod";
        m_out.append(r);
    }
    m_inObject = false;
    m_name.clear();
    m_ns.clear();
    m_host.clear();
    m_ip.clear();
    m_kindHint.clear();
    m_haveStartTime = false;
    m_containerRecords = 0;
    m_section = Section::None;
    m_sub = Sub::None;
    m_eventColumns.clear();
    m_oldEvents = false;
}

// Whether one of the first lines of head (after a capture-time line or a tool's preamble) starts
// with "Name:".
bool startsWithName(QByteArrayView head, int *indent)
{
    qsizetype p = 0;
    for (int n = 0; n < 8 && p < head.size(); ++n) {
        qsizetype eol = head.indexOf('\n', p);
        if (eol < 0)
            eol = head.size();
        QByteArrayView line = head.sliced(p, eol - p);
        if (n == 0 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.trimmed().startsWith("Name:") && indentOf(line) <= 4) { // a pasted copy may be indented
            *indent = indentOf(line);
            return true;
        }
        p = eol + 1;
    }
    return false;
}

} // namespace

int K8sDescribeParser::sniff(QByteArrayView head) const
{
    int nameIndent = 0;
    if (startsWithName(head, &nameIndent)) {
        int keys = 0;
        const QByteArray indent(nameIndent, ' ');
        for (const char *k : {"Namespace:", "Labels:", "Annotations:", "Events:", "Containers:", "Roles:",
                              "Selector:", "Replicas:", "CreationTimestamp:", "Status:", "Taints:"})
            keys += head.contains(QByteArray("\n") + k) || head.contains(QByteArray("\n") + indent + k) ? 1 : 0;
        if (keys >= 2)
            return 90;
    }
    // An Events block on its own: "Events:" then the Type/Reason/Age/From/Message header.
    const qsizetype events = head.startsWith("Events:") ? 0 : head.indexOf("\nEvents:");
    if (events >= 0) {
        const qsizetype next = head.indexOf('\n', events + 1);
        const qsizetype end = next < 0 ? -1 : head.indexOf('\n', next + 1);
        if (next >= 0 && isEventsHeader(head.sliced(next + 1, (end < 0 ? head.size() : end) - next - 1)))
            return 80;
    }
    return 0;
}

void K8sDescribeParser::parse(ByteStream &in, ParseContext &ctx)
{
    const QByteArray doc = readDocument(in, ctx);
    DescribeReader reader(ctx);
    qint64 lineNumber = 0;
    qsizetype pos = 0;
    while (pos < doc.size()) {
        if ((lineNumber & 0xfff) == 0 && ctx.cancelled()) {
            ctx.out.notes << QStringLiteral("cancelled");
            break;
        }
        qsizetype eol = doc.indexOf('\n', pos);
        if (eol < 0)
            eol = doc.size();
        const qsizetype lineStart = pos;
        QByteArrayView line = QByteArrayView(doc).sliced(pos, eol - pos);
        pos = eol + 1;
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.endsWith('\r'))
            line.chop(1);
        reader.line(line, lineStart, lineNumber);
    }
    reader.finish();
    ctx.out.linesSeen += lineNumber;
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

} // namespace gateline
