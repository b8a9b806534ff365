#include "jsonreport.h"

#include "ingest/timeprune.h"
#include "playbook/playbookreport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace gateline {

QString rfc3339(Timestamp t)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t.us / 1000, QTimeZone::UTC);
    const qint64 micros = ((t.us % 1000000) + 1000000) % 1000000;
    if (micros == 0)
        return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
    return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.")) + QStringLiteral("%1Z").arg(micros, 6, 10, QLatin1Char('0'));
}

namespace {

// --from/--until: the range and how many files it left out (unread: outside it).
QJsonObject rangePruningJson(const RangePruning &r)
{
    QJsonObject o;
    o[QStringLiteral("from")] = r.fromUs == IngestRange::kOpenStart ? QJsonValue() : QJsonValue(rfc3339({r.fromUs}));
    o[QStringLiteral("until")] = r.untilUs == IngestRange::kOpenEnd ? QJsonValue() : QJsonValue(rfc3339({r.untilUs}));
    o[QStringLiteral("filesRead")] = r.filesRead;
    o[QStringLiteral("filesSkipped")] = r.filesSkipped;
    o[QStringLiteral("skippedByFileName")] = r.byFileName;
    o[QStringLiteral("skippedByContent")] = r.byContent;
    return o;
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

QJsonArray sourcesJson(const Analysis &a)
{
    QJsonArray arr;
    const EventStore &store = a.store();
    for (qsizetype id = 0; id < store.sourceCount(); ++id) {
        const SourceId sid{int(id)};
        const SourceData &s = store.source(sid);
        const SourceAlignment &al = a.timeline().alignment(sid);
        QJsonObject o;
        o[QStringLiteral("path")] = s.locator.displayPath();
        o[QStringLiteral("format")] = formatId(s.format);
        o[QStringLiteral("records")] = s.size();
        o[QStringLiteral("rejected")] = s.rejected.total;
        // As logged, in UTC: a local-time log's zone is taken off (its clock offset is not applied).
        const qint64 zoneUs = qint64(al.localUtcOffsetSeconds) * 1000000;
        o[QStringLiteral("first")] = s.size() ? QJsonValue(rfc3339(Timestamp{s.firstTime().us - zoneUs})) : QJsonValue();
        o[QStringLiteral("last")] = s.size() ? QJsonValue(rfc3339(Timestamp{s.lastTime().us - zoneUs})) : QJsonValue();
        o[QStringLiteral("clockOffsetSeconds")] = round3(al.offsetSeconds);
        o[QStringLiteral("clockOffsetMethod")] = methodId(al.method);
        o[QStringLiteral("clockOffsetConfidence")] = round3(al.confidence);
        if (al.localUtcOffsetSeconds || s.format == SourceFormat::NginxError)
            o[QStringLiteral("localUtcOffsetSeconds")] = al.localUtcOffsetSeconds;
        if (!al.note.isEmpty())
            o[QStringLiteral("alignmentNote")] = al.note;
        if (isIngressAccessSource(s) && al.method == SourceAlignment::Estimated) {
            o[QStringLiteral("alignmentKeys")] = al.traceIdPairs ? QStringLiteral("trace-id") : joinKeyId(al.joinKey);
            if (al.traceIdPairs)
                o[QStringLiteral("traceIdPairs")] = al.traceIdPairs;
        }
        if (!s.pod.isEmpty())
            o[QStringLiteral("pod")] = s.pod;
        if (!s.wrapper.isEmpty())
            o[QStringLiteral("wrapper")] = s.wrapper;
        if (s.rejected.total) {
            QJsonObject reasons;
            for (auto it = s.rejected.byReason.cbegin(); it != s.rejected.byReason.cend(); ++it)
                reasons[it.key()] = it.value();
            o[QStringLiteral("rejectedReasons")] = reasons;
        }
        if (!s.notes.isEmpty())
            o[QStringLiteral("notes")] = QJsonArray::fromStringList(s.notes);
        arr.append(o);
    }
    return arr;
}

QJsonObject matchingJson(const MatchingResult &m)
{
    QJsonObject o;
    o[QStringLiteral("windowSeconds")] = m.windowSeconds;
    o[QStringLiteral("from")] = rfc3339(m.from);
    o[QStringLiteral("to")] = rfc3339(m.to);
    o[QStringLiteral("missingUpstream502")] = m.missingUpstream502;
    o[QStringLiteral("matched")] = m.matched;
    o[QStringLiteral("matchRate")] = round3(m.matchRate);
    o[QStringLiteral("chanceRate")] = round3(m.chanceRate);
    o[QStringLiteral("coverage")] = round3(m.coverage);
    o[QStringLiteral("pValue")] = round3(m.pValue);
    o[QStringLiteral("events")] = m.eventCount;
    // The statistical core's whole answer (analysis/coincidence.h), as the evidence and the views show it.
    o[QStringLiteral("errors")] = matchErrorsId(m.errors);
    o[QStringLiteral("errorsLabel")] = m.errorsLabel();
    // "verdict": not chosen, so it follows the hop verdict (defaultMatchErrors); "chosen": --match.
    o[QStringLiteral("errorsFrom")] = m.errorsFromVerdict ? QStringLiteral("verdict") : QStringLiteral("chosen");
    o[QStringLiteral("verdict")] = m.stats.verdictId();
    o[QStringLiteral("effect")] = round3(m.stats.effect);
    o[QStringLiteral("effectLow")] = round3(m.stats.effectLow);
    o[QStringLiteral("effectHigh")] = round3(m.stats.effectHigh);
    if (m.stats.chanceBelow > 0) // chance below the shifts' resolution: effect and effectLow are lower bounds
        o[QStringLiteral("chanceBelow")] = round3(m.stats.chanceBelow);
    o[QStringLiteral("bursts")] = m.stats.bursts;
    o[QStringLiteral("samePod")] = m.samePod;
    o[QStringLiteral("summary")] = m.stats.summary();
    QJsonObject byKind;
    for (const QString &group : matchingGroups()) // published keys: restart, oomKill, killing, rollout
        byKind[group] = m.byGroup(group);
    o[QStringLiteral("byKind")] = byKind;
    return o;
}

} // namespace

QJsonObject analysisToJson(const Analysis &a)
{
    QJsonObject root;
    root[QStringLiteral("schema")] = QStringLiteral("gateline.analysis/1");
    root[QStringLiteral("sources")] = sourcesJson(a);

    const RequestCounts &c = a.counts();
    const OriginResult &origin = a.origin();
    QJsonObject counts;
    counts[QStringLiteral("requests")] = c.requests;
    counts[QStringLiteral("status502")] = c.status502;
    counts[QStringLiteral("missingUpstream502")] = c.missingUpstream502;
    QJsonObject byOrigin;
    byOrigin[QStringLiteral("alb")] = origin.alb;
    byOrigin[QStringLiteral("ingress")] = origin.ingress;
    byOrigin[QStringLiteral("app")] = origin.app;
    byOrigin[QStringLiteral("undetermined")] = origin.undetermined;
    byOrigin[QStringLiteral("sidecar")] = origin.sidecar;
    byOrigin[QStringLiteral("cdn")] = origin.cdn;
    counts[QStringLiteral("byOrigin")] = byOrigin;
    root[QStringLiteral("counts")] = counts;
    root[QStringLiteral("origin")] = origin.verdict;
    if (!origin.notes.isEmpty())
        root[QStringLiteral("originNotes")] = QJsonArray::fromStringList(origin.notes);
    root[QStringLiteral("matching")] = matchingJson(a.matching());
    const QList<CauseScore> causes = rankCauses(a);
    root[QStringLiteral("causes")] = causesToJson(causes);
    root[QStringLiteral("diagnosis")] = diagnosisToJson(causes);

    const EventStore &store = a.store();
    if (!store.unrecognised.isEmpty()) {
        QJsonArray un;
        for (const UnrecognisedSource &u : store.unrecognised)
            un.append(QJsonObject{{QStringLiteral("path"), u.path}, {QStringLiteral("reason"), u.reason}});
        root[QStringLiteral("unrecognised")] = un;
    }
    if (store.pruning.active)
        root[QStringLiteral("range")] = rangePruningJson(store.pruning);
    QStringList messages = store.messages;
    for (const QString &o : a.unmatchedOverrides())
        messages << QStringLiteral("--offset %1: no loaded source has that name").arg(o);
    if (!messages.isEmpty())
        root[QStringLiteral("messages")] = QJsonArray::fromStringList(messages);
    return root;
}

} // namespace gateline
