#include "recorddump.h"

#include <QDateTime>
#include <QTimeZone>

namespace gateline {

namespace {
const char *kindName(EventKind k)
{
    switch (k) {
    case EventKind::Request: return "request";
    case EventKind::UpstreamError: return "upstream-error";
    case EventKind::LogMessage: return "log";
    case EventKind::K8sEvent: return "k8s-event";
    case EventKind::PodTermination: return "pod-termination";
    case EventKind::PodStart: return "pod-start";
    }
    return "?";
}
} // namespace

QString dumpRecords(const SourceData &s)
{
    QString out;
    out += QStringLiteral("format: %1\nrecords: %2\nrejected: %3\n")
               .arg(formatId(s.format))
               .arg(s.size())
               .arg(s.rejected.total);
    static const char *const names[] = {"client", "method", "path", "host", "upstream",
                                        "reason", "object", "ns",   "text"};
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(s.time(i).us / 1000, QTimeZone::UTC);
        out += QStringLiteral("@%1 %2.%3Z %4")
                   .arg(s.offset(i).value)
                   .arg(t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")))
                   .arg(s.time(i).us % 1000000, 6, 10, QLatin1Char('0'))
                   .arg(QLatin1StringView(kindName(s.kind(i))));
        if (s.status(i))
            out += QStringLiteral(" status=%1").arg(s.status(i));
        if (s.upstreamStatus(i) == kUpstreamDash)
            out += QStringLiteral(" upstream_status=-");
        else if (s.upstreamStatus(i))
            out += QStringLiteral(" upstream_status=%1").arg(s.upstreamStatus(i));
        if (s.durationMs(i) >= 0)
            out += QStringLiteral(" ms=%1").arg(double(s.durationMs(i)), 0, 'f', 3);
        if (s.count(i) != 1)
            out += QStringLiteral(" count=%1").arg(s.count(i));
        if (s.flags(i))
            out += QStringLiteral(" flags=%1").arg(s.flags(i));
        for (int c = 0; c < SourceData::StringColumnCount; ++c) {
            const QByteArrayView v = s.bytes(SourceData::StringColumn(c), i);
            if (!v.isEmpty())
                out += QStringLiteral(" %1=%2").arg(QLatin1StringView(names[c]), QString::fromUtf8(v).replace(
                                                        QLatin1Char('\n'), QLatin1String("\\n")));
        }
        out += QLatin1Char('\n');
    }
    for (auto it = s.rejected.byReason.cbegin(); it != s.rejected.byReason.cend(); ++it)
        out += QStringLiteral("reject %1: %2\n").arg(it.key()).arg(it.value());
    for (const QString &n : s.notes)
        out += QStringLiteral("note: %1\n").arg(n);
    return out;
}

} // namespace gateline
