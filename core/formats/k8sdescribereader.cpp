#include "k8sdescribereader.h"

#include "k8sobject.h"
#include "k8stextcells.h"
#include "timeparse.h"

namespace gateline::describe {

namespace {

qint16 exitStatus(qint64 code)
{
    return qint16(std::clamp<qint64>(code, std::numeric_limits<qint16>::min(), std::numeric_limits<qint16>::max()));
}

} // namespace

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
        // An excerpt pasted without its head (issue threads: "Conditions:" and "Events:" only) is
        // still describe output: its blocks are read, whatever came before them.
        if (!m_inObject && key != "Events" && key != "Conditions") {
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
        const QByteArrayView nodeIp = slash >= 0 ? value.sliced(slash + 1) : QByteArrayView();
        m_nodeIp = nodeIp.first(std::min<qsizetype>(nodeIp.size(), 128)).toByteArray();
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

void DescribeReader::fillPod(Record &r, const QByteArray &object) const
{
    r.object = object;
    r.ns = m_ns;
    r.upstream = m_ip;
    r.host = m_host;
    if (!m_ip.isEmpty() && m_ip == m_nodeIp)
        r.flags |= FlagNodeAddress;
}

void DescribeReader::finishContainer()
{
    if (!m_inContainer)
        return;
    m_inContainer = false;
    const Container &c = m_container;
    const QByteArray object = m_name.isEmpty() ? QByteArray() : QByteArrayLiteral("Pod/") + m_name;
    auto termination = [&](const Termination &t) {
        if (!t.present || !t.haveFinished)
            return;
        Record r = base(EventKind::PodTermination, t.offset, c.restarts);
        r.time = t.finished;
        r.status = exitStatus(t.exitCode);
        if (t.exitCode != 0)
            r.flags |= FlagWarning;
        const QByteArray text = k8s::truncatedText(t.message.isEmpty() ? c.name : c.name + ": " + t.message);
        fillPod(r, object);
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
        fillPod(r, object);
        r.reason = c.restarts > 0 ? QByteArrayView("Restarted") : QByteArrayView("Started");
        r.text = c.name;
        m_out.append(r);
        ++m_containerRecords;
    }
    m_container = Container();
}

void DescribeReader::finish()
{
    finishObject();
    m_clock.finish(m_out);
}

void DescribeReader::finishObject()
{
    finishContainer();
    if (m_inObject && m_kindHint == "Pod" && m_containerRecords == 0 && m_haveStartTime) {
        // No usable container time: the pod's own start (when the kubelet took it on).
        Record r = base(EventKind::PodStart, m_objectOffset, 0);
        r.time = m_startTime;
        const QByteArray object = QByteArrayLiteral("Pod/") + m_name;
        fillPod(r, object);
        r.reason = "Started";
        r.text = "pod";
        m_out.append(r);
    }
    m_inObject = false;
    m_name.clear();
    m_ns.clear();
    m_host.clear();
    m_ip.clear();
    m_nodeIp.clear();
    m_kindHint.clear();
    m_haveStartTime = false;
    m_containerRecords = 0;
    m_section = Section::None;
    m_sub = Sub::None;
    m_eventColumns.clear();
    m_oldEvents = false;
}

} // namespace gateline::describe
