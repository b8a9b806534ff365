#include "k8spodsparser.h"

#include "k8sobject.h"

#include <QJsonArray>

namespace gateline {

namespace {

constexpr qsizetype kMaxText = 500;

QJsonObject member(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key)).toObject();
}

QJsonValue field(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1StringView(key));
}

bool isPodLike(const QJsonObject &o)
{
    const QJsonObject status = member(o, "status");
    return field(status, "containerStatuses").isArray() || field(status, "initContainerStatuses").isArray()
        || field(member(o, "spec"), "containers").isArray();
}

// The pod in o: o itself (kind Pod, or no kind but pod-shaped), or a watch event's "object".
QJsonObject unwrapPod(const QJsonObject &o)
{
    const QString kind = field(o, "kind").toString();
    if (kind == QLatin1StringView("Pod") || (kind.isEmpty() && isPodLike(o)))
        return o;
    if (kind.isEmpty()) {
        const QJsonObject inner = member(o, "object");
        const QString innerKind = field(inner, "kind").toString();
        if (innerKind == QLatin1StringView("Pod") || (innerKind.isEmpty() && isPodLike(inner)))
            return inner;
    }
    return {};
}

qint16 exitStatus(qint64 code)
{
    return qint16(std::clamp<qint64>(code, std::numeric_limits<qint16>::min(), std::numeric_limits<qint16>::max()));
}

} // namespace

int K8sPodsParser::sniff(QByteArrayView head) const
{
    const k8s::SniffInfo info = k8s::sniff(head);
    if (info.eventTable || info.firstPod < 0)
        return 0;
    // A stream of mixed objects is pods only if a Pod comes before any Event.
    return (info.firstEvent < 0 || info.firstPod < info.firstEvent) ? 90 : 40;
}

void K8sPodsParser::parse(ByteStream &in, ParseContext &ctx)
{
    const QByteArray doc = readDocument(in, ctx);
    const k8s::LineIndex lines(doc);
    ctx.out.linesSeen += lines.lineCount();
    const QList<k8s::Item> items = k8s::looksLikeJson(doc) ? k8s::readJsonObjects(doc, lines, ctx)
                                                            : k8s::readYamlObjects(doc, lines, ctx);
    k8s::SkippedKinds skipped;
    qint64 noTimes = 0;
    for (const k8s::Item &item : items) {
        if (ctx.cancelled()) {
            ctx.out.notes << QStringLiteral("cancelled");
            break;
        }
        const QJsonObject pod = unwrapPod(item.object);
        if (pod.isEmpty()) {
            const QString kind = field(item.object, "kind").toString();
            if (!kind.isEmpty())
                skipped.add(kind);
            else
                ctx.out.reject(QStringLiteral("not a Kubernetes pod"), lines.lineOf(item.offset));
            continue;
        }
        if (!parsePod(pod, item.offset, lines.lineOf(item.offset), ctx.out))
            ++noTimes;
    }
    skipped.addNote(ctx.out, QStringLiteral("Pods"));
    if (noTimes > 0)
        ctx.out.notes << QStringLiteral("%1 pods had no container times").arg(noTimes);
    if (ctx.progress)
        ctx.progress(in.inputPosition(), in.inputSize());
}

bool K8sPodsParser::parsePod(const QJsonObject &pod, qint64 offset, qint64 line, SourceData &out)
{
    const QJsonObject metadata = member(pod, "metadata");
    const QJsonObject status = member(pod, "status");
    const QByteArray name = k8s::utf8(field(metadata, "name"), 512);
    const QByteArray object = name.isEmpty() ? QByteArray() : QByteArrayLiteral("Pod/") + name;
    const QByteArray ns = k8s::utf8(field(metadata, "namespace"), 256);
    const QByteArray podIp = k8s::utf8(field(status, "podIP"), 128);
    const QByteArray node = k8s::utf8(field(member(pod, "spec"), "nodeName"), 256);
    // A hostNetwork pod has its node's address, which every such pod on the node shares.
    const bool nodeAddress = !podIp.isEmpty()
            && (field(member(pod, "spec"), "hostNetwork").toBool() || podIp == k8s::utf8(field(status, "hostIP"), 128));
    int produced = 0;

    auto base = [&](EventKind kind, qint64 restarts) {
        Record r;
        r.offset = LineOffset{offset};
        r.kind = kind;
        r.count = qint32(std::clamp<qint64>(restarts, 0, std::numeric_limits<qint32>::max()));
        r.object = object;
        r.ns = ns;
        r.upstream = podIp;
        r.host = node;
        if (nodeAddress)
            r.flags |= FlagNodeAddress;
        return r;
    };
    auto badTime = [&](const QJsonValue &v) {
        if (k8s::hasString(v))
            out.reject(QStringLiteral("bad timestamp"), line);
    };
    auto termination = [&](const QJsonObject &t, const QByteArray &container, qint64 restarts) {
        Record r = base(EventKind::PodTermination, restarts);
        const QJsonValue finished = field(t, "finishedAt");
        if (!k8s::parseTime(finished, &r.time)) {
            badTime(finished);
            return;
        }
        const qint64 exitCode = k8s::intValue(field(t, "exitCode"), 0);
        r.status = exitStatus(exitCode);
        if (exitCode != 0)
            r.flags |= FlagWarning;
        const QByteArray reason = k8s::utf8(field(t, "reason"), 128);
        const QByteArray message = k8s::utf8(field(t, "message"), kMaxText).trimmed();
        const QByteArray text = k8s::utf8(QJsonValue(QString::fromUtf8(
                                              message.isEmpty() ? container : container + ": " + message)),
                                          kMaxText);
        r.reason = reason;
        r.text = text;
        out.append(r);
        ++produced;
    };

    for (const char *key : {"initContainerStatuses", "containerStatuses"}) {
        const QJsonArray statuses = field(status, key).toArray();
        for (const QJsonValue &v : statuses) {
            const QJsonObject cs = v.toObject();
            const QByteArray container = k8s::utf8(field(cs, "name"), 256);
            const qint64 restarts = k8s::intValue(field(cs, "restartCount"), 0);
            const QJsonObject state = member(cs, "state");
            const QJsonObject last = member(member(cs, "lastState"), "terminated");
            if (!last.isEmpty())
                termination(last, container, restarts);
            // A container that is terminated now: only failures (init containers end with exit 0).
            const QJsonObject now = member(state, "terminated");
            if (!now.isEmpty() && k8s::intValue(field(now, "exitCode"), 0) != 0)
                termination(now, container, restarts);
            const QJsonValue started = field(member(state, "running"), "startedAt");
            Record r = base(EventKind::PodStart, restarts);
            if (k8s::parseTime(started, &r.time)) {
                r.reason = restarts > 0 ? QByteArrayView("Restarted") : QByteArrayView("Started");
                r.text = container;
                out.append(r);
                ++produced;
            } else {
                badTime(started);
            }
        }
    }
    if (produced > 0)
        return true;
    // No usable container time: the pod's own start (when the kubelet took it on).
    Record r = base(EventKind::PodStart, 0);
    const QJsonValue startTime = field(status, "startTime");
    if (!k8s::parseTime(startTime, &r.time)) {
        badTime(startTime);
        return false;
    }
    r.reason = "Started";
    r.text = "pod";
    out.append(r);
    return true;
}

} // namespace gateline
