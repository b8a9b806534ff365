#include "k8stextcells.h"

#include "timeparse.h"

#include <QList>

namespace gateline::k8s {

namespace {
constexpr qsizetype kMaxText = 500;
} // namespace

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

QString futureAgesNote(qint64 n)
{
    // kubectl prints "<invalid>" for an event newer than its own clock: the cluster's clock is
    // ahead of the machine kubectl ran on, and the event is about as old as the capture.
    return QStringLiteral("%1 event(s) aged <invalid> (newer than the clock of the machine kubectl ran on): "
                          "placed at the capture time").arg(n);
}

bool parseAgeCell(QByteArrayView cell, AgeCell *out)
{
    cell = cell.trimmed();
    const qsizetype sp = cell.isEmpty() ? -1 : cell.indexOf(' ');
    const QByteArrayView age = sp < 0 ? cell : cell.first(sp);
    AgeCell a;
    if (age != "<unknown>" && age != "<invalid>" && !parseAge(age, &a.seconds))
        return false;
    a.future = age == "<invalid>";
    if (sp >= 0) {
        // "(x5 over 34m)"
        const QByteArrayView rest = cell.sliced(sp).trimmed();
        if (!rest.startsWith("(x") || !rest.endsWith(')'))
            return false;
        qsizetype e = 2;
        while (e < rest.size() && rest[e] >= '0' && rest[e] <= '9')
            ++e;
        if (e == 2 || e - 2 > 9 || !parseUInt(rest.sliced(2, e - 2), &a.repeat))
            return false;
        const QByteArrayView over = rest.sliced(e).trimmed();
        qint64 span = 0;
        if (!over.startsWith("over ") || !parseAge(over.sliced(5, over.size() - 6).trimmed(), &span))
            return false;
        a.overSeconds = span;
    }
    *out = a;
    return true;
}

QByteArray canonicalKind(QByteArrayView kind)
{
    static const char *const kinds[] = {
        "Pod", "Node", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Service",
        "Endpoints", "EndpointSlice", "Ingress", "HorizontalPodAutoscaler", "PersistentVolumeClaim",
        "PersistentVolume", "ConfigMap", "Secret", "Namespace", "ServiceAccount", "PodDisruptionBudget",
        "Lease", "Certificate", "ReplicationController"};
    for (const char *k : kinds) {
        if (QByteArrayView(k).compare(kind, Qt::CaseInsensitive) == 0)
            return QByteArray(k);
    }
    QByteArray k = kind.toByteArray();
    if (!k.isEmpty() && k[0] >= 'a' && k[0] <= 'z')
        k[0] = char(k[0] - 'a' + 'A');
    return k;
}

QByteArray canonicalObject(QByteArrayView object)
{
    const qsizetype slash = object.isEmpty() ? -1 : object.indexOf('/');
    return slash > 0 ? canonicalKind(object.first(slash)) + object.sliced(slash).toByteArray() : object.toByteArray();
}

QByteArray truncatedText(QByteArrayView s)
{
    if (s.size() <= kMaxText)
        return s.toByteArray();
    qsizetype n = kMaxText;
    while (n > 0 && (uchar(s[n]) & 0xC0) == 0x80)
        --n;
    return s.first(n).toByteArray();
}

QByteArrayView sourceHost(QByteArrayView source)
{
    if (source.startsWith('{') && source.endsWith('}')) {
        // "{kubelet node-a}" (kubectl before 1.5)
        const QByteArrayView inner = source.sliced(1, source.size() - 2).trimmed();
        const qsizetype sp = inner.isEmpty() ? -1 : inner.indexOf(' ');
        return sp >= 0 ? inner.sliced(sp + 1).trimmed() : QByteArrayView();
    }
    const qsizetype comma = source.isEmpty() ? -1 : source.indexOf(',');
    return comma >= 0 ? source.sliced(comma + 1).trimmed() : QByteArrayView();
}

namespace {

// Tabs as a terminal shows them (stops every 8 columns): kubectl's tabwriter aligned for that.
QByteArray expandTabs(QByteArrayView line)
{
    QByteArray out;
    out.reserve(line.size() + 32);
    for (char c : line) {
        if (c == '\t')
            out.append(8 - out.size() % 8, ' ');
        else
            out.append(c);
    }
    return out;
}

bool splitOldRow(QByteArrayView header, QByteArrayView line, OldDescribeEventRow *out);

} // namespace

bool splitOldDescribeEventRow(QByteArrayView header, QByteArrayView line, OldDescribeEventRow *out)
{
    if (!header.contains('\t'))
        return splitOldRow(header, line, out);
    // kubectl's tabwriter aligned the cells for 8-column tab stops: by the positions as shown, else
    // (one tab between cells, not aligned) cell by cell.
    out->storage = expandTabs(line);
    Timestamp t;
    AgeCell age;
    if (splitOldRow(expandTabs(header), out->storage, out)
        && (parseDescribeTime(out->lastSeen, &t) || parseAgeCell(out->lastSeen, &age)))
        return true;
    return splitOldRow(header, line, out);
}

namespace {
bool splitOldRow(QByteArrayView header, QByteArrayView line, OldDescribeEventRow *out)
{
    static constexpr QByteArrayView kLabels[] = {"LastSeen", "Count", "From", "SubobjectPath", "Type", "Reason", "Message"};
    constexpr int kN = 7;
    QByteArrayView *cells[kN] = {&out->lastSeen, &out->count, &out->from, nullptr, &out->type, &out->reason, &out->message};
    for (QByteArrayView *c : cells)
        if (c)
            *c = {};
    if (header.contains('\t')) {
        auto splitTabs = [](QByteArrayView v) {
            QList<QByteArrayView> parts;
            for (qsizetype from = 0;;) {
                const qsizetype tab = v.indexOf('\t', from);
                parts.append(v.sliced(from, (tab < 0 ? v.size() : tab) - from));
                if (tab < 0)
                    return parts;
                from = tab + 1;
            }
        };
        const QList<QByteArrayView> names = splitTabs(header.trimmed());
        const QList<QByteArrayView> row = splitTabs(line.trimmed());
        for (int k = 0; k < kN; ++k) {
            for (qsizetype i = 0; i < names.size() && cells[k]; ++i) {
                if (names[i].trimmed().compare(kLabels[k], Qt::CaseInsensitive) != 0 || i >= row.size())
                    continue;
                // the message is the rest of the row (it may hold tabs of its own)
                *cells[k] = k == kN - 1 ? line.trimmed().sliced(row[i].data() - line.trimmed().data()) : row[i].trimmed();
            }
        }
    } else {
        qsizetype at[kN];
        for (int k = 0; k < kN; ++k) {
            at[k] = header.indexOf(kLabels[k]);
            if (k == 3 && at[k] < 0)
                at[k] = header.indexOf("SubObjectPath");
        }
        for (int k = 0; k < kN; ++k) {
            if (!cells[k] || at[k] < 0 || at[k] >= line.size() || (at[k] > 0 && line[at[k] - 1] != ' '))
                continue;
            qsizetype end = line.size();
            for (int j = 0; j < kN; ++j)
                if (at[j] > at[k] && at[j] < end)
                    end = at[j];
            *cells[k] = line.sliced(at[k], std::min(end, line.size()) - at[k]).trimmed();
        }
    }
    return !out->lastSeen.isEmpty() && !out->count.isEmpty() && !out->reason.isEmpty();
}

} // namespace

} // namespace gateline::k8s
