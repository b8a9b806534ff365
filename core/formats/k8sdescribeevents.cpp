// The Conditions and Events blocks of a `kubectl describe` document: today's Type/Reason/Age/
// From/Message table, and kubectl 1.0-1.4's FirstSeen/LastSeen rows.
#include "k8sdescribereader.h"

#include "k8sobject.h"
#include "k8stextcells.h"
#include "timeparse.h"

namespace gateline::describe {

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
    const qint64 timeUs = m_clock.eventTimeUs(age, m_out);
    if (timeUs < 0) {
        m_out.reject(QStringLiteral("event has no time"), number);
        return;
    }
    Record r = base(EventKind::K8sEvent, offset, std::max<qint64>(age.repeat, 1));
    r.time = Timestamp{timeUs};
    // "10m (x5 over 34m)": the last of 5 was 10 minutes ago, the first 34 (kubectl prints the first
    // timestamp's age after "over"): the 24 minutes go in durationMs (k8seventsparser.cpp).
    if (const qint64 span = age.spanSeconds())
        r.durationMs = float(span * 1000);
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

} // namespace gateline::describe
