#include "streamdemux.h"

#include "formats/linekind.h"
#include "formats/parserregistry.h"
#include "formats/timeparse.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QRegularExpression>

namespace gateline {

bool isStreamFormat(SourceFormat f)
{
    switch (f) {
    case SourceFormat::NginxAccess:
    case SourceFormat::NginxIngress:
    case SourceFormat::NginxError:
    case SourceFormat::TraefikClf:
    case SourceFormat::TraefikJson:
    case SourceFormat::Envoy:
    case SourceFormat::ControllerLog:
        return true;
    default:
        return false;
    }
}

bool looksLikeLokiExport(QByteArrayView head)
{
    const QByteArrayView h = head.trimmed();
    return h.startsWith('{') && h.first(std::min<qsizetype>(h.size(), 400)).contains("\"resultType\"")
        && h.contains("\"streams\"");
}

QByteArray lokiExportAsLines(const QByteArray &document, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("Loki JSON export is not valid JSON: %1 at byte %2").arg(pe.errorString()).arg(pe.offset);
        return {};
    }
    const QJsonArray streams = doc.object().value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    QByteArray out;
    for (const QJsonValue &sv : streams) {
        const QJsonObject stream = sv.toObject();
        const QJsonObject labels = stream.value(QLatin1String("stream")).toObject();
        // Oldest first (Loki answers newest first by default).
        std::vector<std::pair<qint64, QString>> values;
        for (const QJsonValue &v : stream.value(QLatin1String("values")).toArray()) {
            const QJsonArray pair = v.toArray();
            values.emplace_back(pair.at(0).toString().toLongLong(), pair.at(1).toString());
        }
        std::stable_sort(values.begin(), values.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[ns, line] : values) {
            QJsonObject o;
            o[QStringLiteral("labels")] = labels;
            o[QStringLiteral("line")] = line;
            o[QStringLiteral("timestamp")] = QDateTime::fromMSecsSinceEpoch(ns / 1000000, QTimeZone::UTC)
                                                 .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))
                + QStringLiteral("%1Z").arg(ns / 1000 % 1000, 3, 10, QLatin1Char('0'));
            out += QJsonDocument(o).toJson(QJsonDocument::Compact);
            out += '\n';
        }
    }
    return out;
}

bool shouldDemultiplex(QByteArrayView head, SourceFormat sniffed, Wrapper *wrapper)
{
    *wrapper = LineUnwrapper::detect(head, &isKnownLine);
    if (*wrapper != Wrapper::None)
        return true;
    if (isStreamFormat(sniffed))
        return true;
    if (sniffed != SourceFormat::Unknown || head.contains('\0'))
        return false;
    // Nothing sniffed as a whole: a stream of several kinds where none dominates?
    int lines = 0, known = 0;
    qsizetype pos = 0;
    while (pos < head.size() && lines < 200) {
        const qsizetype nl = head.indexOf('\n', pos);
        const QByteArrayView line = head.sliced(pos, (nl < 0 ? head.size() : nl) - pos).trimmed();
        pos = nl < 0 ? head.size() : nl + 1;
        if (line.isEmpty())
            continue;
        ++lines;
        known += isKnownLine(line) ? 1 : 0;
    }
    // Several known kinds among foreign lines (a log dump with section markers, env dumps, notes).
    return known >= 2 && known * 5 >= lines;
}

struct StreamDemux::Sub {
    std::unique_ptr<SourceData> data;
    std::unique_ptr<LineParser> parser;
    qsizetype collected = 0;                       // records already looked at for re-timing
    std::deque<std::pair<qint64, qint64>> stamps;  // (line offset, wrapper time) of fed lines
    qint64 noTimezone = 0, retimed = 0;
    qint64 zoneUs = 0;                             // wrapper UTC minus the line's local time (15-min steps)
};

struct StreamDemux::Pod {
    QByteArray name;
    QByteArray container;
    Sub *subs[16] = {};        // by SourceFormat
    Sub *last = nullptr;       // the sub-source of the pod's last line
    SourceFormat access = SourceFormat::Unknown; // the access-line parser that worked last
    qint64 lastTime = 0;       // of the pod's last record, for lines without a time
    qint64 firstTime = 0;
};

StreamDemux::StreamDemux(const SourceLocator &locator, Wrapper wrapper, SourceFormat sniffed)
    : m_locator(locator)
    , m_unwrapper(wrapper)
    , m_sniffed(sniffed)
{
    // The node's file layout names the pod: /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log and
    // /var/log/containers/<pod>_<ns>_<container>-<id>.log.
    const QString path = locator.memberPath.isEmpty() ? locator.filePath : locator.memberPath;
    static const QRegularExpression pods(QStringLiteral("(?:^|/)pods/[^/_]+_([^/_]+)_[^/]+/([^/]+)/[^/]+$"));
    static const QRegularExpression containers(QStringLiteral("(?:^|/)containers/([^/_]+)_[^/_]+_([^/]+)-[0-9a-f]{64}\\.log"));
    QRegularExpressionMatch m = pods.match(path);
    if (!m.hasMatch())
        m = containers.match(path);
    if (m.hasMatch())
        m_pathPod = m.captured(1);
}

StreamDemux::~StreamDemux() = default;

StreamDemux::Pod &StreamDemux::podFor(QByteArrayView name, QByteArrayView container)
{
    // Most lines are of the same pod as the line before: no lookup, no allocation.
    if (m_lastPod && m_lastPod->name == name)
        return *m_lastPod;
    const QByteArray key = name.toByteArray();
    if (Pod *p = m_podByName.value(key))
        return *(m_lastPod = p);
    auto pod = std::make_unique<Pod>();
    pod->name = key;
    pod->container = container.toByteArray();
    Pod *raw = pod.get();
    m_pods.push_back(std::move(pod));
    m_podByName.insert(key, raw);
    m_lastPod = raw;
    return *raw;
}

StreamDemux::Sub *StreamDemux::subFor(Pod &pod, SourceFormat f)
{
    const int index = int(f);
    if (index <= 0 || index >= 16)
        return nullptr;
    if (pod.subs[index])
        return pod.subs[index];
    std::unique_ptr<LogParser> base = ParserRegistry::create(f);
    auto *line = dynamic_cast<LineParser *>(base.get());
    if (!line)
        return nullptr;
    auto sub = std::make_unique<Sub>();
    sub->parser.reset(line);
    base.release();
    sub->data = std::make_unique<SourceData>();
    SourceData &d = *sub->data;
    d.locator = m_locator;
    d.locator.replica = QString::fromUtf8(pod.name);
    d.format = f;
    d.wrapper = wrapperName(m_unwrapper.wrapper());
    d.pod = pod.name.isEmpty() ? m_pathPod : QString::fromUtf8(pod.name);
    d.container = QString::fromUtf8(pod.container);
    sub->parser->begin(*m_options);
    Sub *raw = sub.get();
    pod.subs[index] = raw;
    m_order.push_back(std::move(sub));
    return raw;
}

void StreamDemux::collect(Pod &pod, Sub &sub)
{
    SourceData &d = *sub.data;
    for (qsizetype i = sub.collected; i < d.size(); ++i) {
        const qint64 off = d.offset(i).value;
        while (!sub.stamps.empty() && sub.stamps.front().first < off)
            sub.stamps.pop_front();
        if (d.flags(i) & FlagNoTimezone) {
            ++sub.noTimezone;
            // A local-time line (NGINX error log, klog) gets the wrapper's UTC time of its line.
            if (!sub.stamps.empty() && sub.stamps.front().first == off) {
                constexpr qint64 k15min = 15 * 60 * 1000000LL;
                const qint64 delta = sub.stamps.front().second - d.time(i).us;
                sub.zoneUs = (delta >= 0 ? delta + k15min / 2 : delta - k15min / 2) / k15min * k15min;
                d.retime(i, Timestamp{sub.stamps.front().second}, FlagNoTimezone);
                ++sub.retimed;
            }
        }
        const qint64 t = d.time(i).us;
        pod.lastTime = t;
        m_lastTime = t;
        if (pod.firstTime == 0 || t < pod.firstTime)
            pod.firstTime = t;
    }
    sub.collected = d.size();
}

bool StreamDemux::feed(Pod &pod, Sub &sub, QByteArrayView content, Timestamp wrapperTime, LineOffset offset,
                       qint64 lineNumber, QString *reason)
{
    if (wrapperTime.us)
        sub.stamps.emplace_back(offset.value, wrapperTime.us);
    sub.parser->setContextTime(wrapperTime.us ? wrapperTime : Timestamp{pod.lastTime});
    const bool ok = sub.parser->feedLine(content, offset, lineNumber, *sub.data, reason);
    if (!ok && reason->isEmpty())
        *reason = QStringLiteral("unrecognised line");
    collect(pod, sub);
    if (ok)
        pod.last = &sub; // the parser later lines of no kind of their own may continue
    return ok;
}

void StreamDemux::account(Sub &sub, QByteArrayView content, bool ok, const QString &reason, qint64 lineNumber)
{
    ++sub.data->linesSeen;
    sub.data->bytesRead += content.size() + 1;
    if (!ok)
        sub.data->reject(reason, lineNumber);
}

namespace {
// Traefik CLF ends with "<n>ms"; combined ends with the quoted user agent (or a quoted extra
// field); ingress-nginx upstreaminfo ends with $req_id.
SourceFormat shapedAccessFormat(QByteArrayView line)
{
    if (line.endsWith("ms") && line.size() > 3 && line[line.size() - 3] >= '0' && line[line.size() - 3] <= '9')
        return SourceFormat::TraefikClf;
    if (line.endsWith('"'))
        return SourceFormat::NginxAccess;
    return SourceFormat::NginxIngress;
}

// Why a line of no known kind is rejected, where it is a well-known stranger in collected logs:
// the start-up script of the nginx image family, or the shell command a user pasted with its
// output. Empty for any other line.
QString strangerReason(QByteArrayView line)
{
    static const QRegularExpression entrypoint(QStringLiteral("^(/docker-entrypoint\\.sh|[0-9]{2}-[A-Za-z0-9-]+\\.(sh|envsh)): "));
    static const QRegularExpression command(QStringLiteral("^(\\S*\\s?[$#%>]\\s)?(kubectl|stern|logcli|docker|k9s)\\s\\S"));
    const QString text = QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 200)));
    if (entrypoint.match(text).hasMatch())
        return QStringLiteral("output of the container image's start-up script (docker-entrypoint.sh), no log record");
    if (command.match(text).hasMatch())
        return QStringLiteral("a shell command pasted with the log, no log record");
    return {};
}

QString unknownLineReason(QByteArrayView line)
{
    const QString named = strangerReason(line);
    return named.isEmpty() ? QStringLiteral("not a log line of any known kind") : named;
}
} // namespace

SourceFormat StreamDemux::accessFormatFor(Pod &pod, QByteArrayView line) const
{
    if (pod.access != SourceFormat::Unknown)
        return pod.access;
    if (m_sniffed == SourceFormat::NginxAccess || m_sniffed == SourceFormat::NginxIngress
        || m_sniffed == SourceFormat::TraefikClf)
        return m_sniffed;
    return shapedAccessFormat(line);
}

bool StreamDemux::parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                            QString *reason)
{
    // Bug-report dumps ("==== START logs for container C of pod NS/NAME ====") name the pod of the
    // lines that follow.
    if (line.startsWith("==== START logs for container ") || line.startsWith("==== END logs for container ")) {
        static const QRegularExpression marker(
            QStringLiteral("^==== (START|END) logs for container (\\S+) of pod (?:([^/\\s]+)/)?(\\S+) ====$"));
        const QRegularExpressionMatch m = marker.match(QString::fromUtf8(line));
        if (m.hasMatch()) {
            m_sawSections = true;
            const bool start = m.captured(1) == QLatin1String("START");
            m_sectionPod = start ? m.captured(4).toUtf8() : QByteArray();
            m_sectionContainer = start ? m.captured(2).toUtf8() : QByteArray();
            *reason = QStringLiteral("section marker of a log dump (names the pod of the lines that follow)");
            return false;
        }
    }
    // logcli writes the labels every line shares once, before the lines (whose label sets leave
    // them out), and the query's URL before that.
    if (m_unwrapper.wrapper() == Wrapper::LokiLogcli) {
        if (parseLogcliCommonLabels(line, &m_commonPod, &m_commonContainer)) {
            *reason = QStringLiteral("logcli's common labels (name the pod of the lines that follow)");
            return false;
        }
        if (isLogcliQueryUrl(line)) {
            *reason = QStringLiteral("logcli's query URL");
            return false;
        }
    }
    if ((m_unwrapper.wrapper() == Wrapper::Stern || m_unwrapper.wrapper() == Wrapper::SternNamespaced)
        && isSternMarker(line)) {
        *reason = QStringLiteral("stern's marker of a container it starts (+) or stops (-) following");
        return false;
    }
    UnwrappedLine u;
    if (!m_unwrapper.unwrap(line, &u, reason)) {
        // A line without the stream's wrapper: read it as it is if it is of a known kind.
        if (!isKnownLine(line)) {
            if (const QString named = strangerReason(line); !named.isEmpty())
                *reason = named;
            return false;
        }
        u = UnwrappedLine{};
        u.content = line;
    }
    // CRI splits lines longer than 16 KiB into "P" pieces ended by an "F" piece of the same stream.
    Partial &partial = m_partial[u.stderrStream ? 1 : 0];
    if (u.partial) {
        if (!partial.active) {
            partial.offset = offset;
            partial.lineNumber = lineNumber;
            partial.time = u.time;
            partial.text.clear();
        }
        partial.active = true;
        if (partial.text.size() + u.content.size() <= m_options->maxLineBytes)
            partial.text.append(u.content.data(), u.content.size());
        return true; // counted with the line it ends in (or in the stream's count, if it never ends)
    }
    if (partial.active) {
        partial.active = false;
        partial.text.append(u.content.data(), u.content.size());
        const QByteArray whole = partial.text;
        return route(u, whole, partial.offset, lineNumber, reason);
    }
    return route(u, u.content, offset, lineNumber, reason);
}

bool StreamDemux::route(const UnwrappedLine &u, QByteArrayView content, LineOffset offset, qint64 lineNumber,
                        QString *reason)
{
    SourceData &out = *m_unassigned;
    // An empty line inside a wrapper (a blank line the container wrote) is no record and no
    // reject, as blank lines of a plain file.
    if (content.trimmed().isEmpty())
        return true;
    Pod &pod = !u.pod.isEmpty()             ? podFor(u.pod, u.container)
               : !m_sectionPod.isEmpty() ? podFor(m_sectionPod, m_sectionContainer)
               : !m_commonPod.isEmpty()  ? podFor(m_commonPod, u.container.isEmpty() ? QByteArrayView(m_commonContainer) : u.container)
                                         : podFor(u.pod, u.container);
    --out.linesSeen; // counted by the sub-source that takes the line
    const LineKind kind = classifyLine(content);
    SourceFormat f = SourceFormat::Unknown;
    switch (kind) {
    case LineKind::ClfAccess: f = accessFormatFor(pod, content); break;
    case LineKind::NginxError: f = SourceFormat::NginxError; break;
    case LineKind::Klog: f = SourceFormat::ControllerLog; break;
    case LineKind::TraefikJson: f = SourceFormat::TraefikJson; break;
    case LineKind::EnvoyAccess:
    case LineKind::EnvoyJson: f = SourceFormat::Envoy; break;
    case LineKind::ControllerLog: f = SourceFormat::ControllerLog; break;
    case LineKind::StackLine:
        f = pod.last && pod.last->parser->acceptsContinuations() ? pod.last->data->format : SourceFormat::ControllerLog;
        break;
    case LineKind::Unknown:
        // A continuation (NGINX FastCGI lines, a wrapped message) or a foreign line: the pod's
        // last parser decides, else the parser of the format the whole stream sniffed as (if it
        // cannot read it either: "not a log line of any known kind").
        f = pod.last ? pod.last->data->format : m_sniffed;
        break;
    }
    // The NGINX error parser holds each event until the next line: take its time now, so that the
    // pod's next klog line (no year) gets the year of the error line before it.
    if (kind == LineKind::NginxError && !u.time.us) {
        Timestamp t;
        if (parseNginxErrorTime(content.first(19), &t))
            pod.lastTime = t.us;
    }
    // klog has no year either: a pod's first klog line takes it from the stream's last record
    // (another pod's), not from the file's time.
    if (kind == LineKind::Klog && !u.time.us && pod.lastTime == 0)
        pod.lastTime = m_lastTime;

    Sub *sub = subFor(pod, f);
    if (!sub) {
        ++out.linesSeen;
        if (reason->isEmpty())
            *reason = kind == LineKind::Unknown ? unknownLineReason(content)
                                                : QStringLiteral("line of a kind this build cannot read");
        return false;
    }
    QString why;
    const bool firstOfPod = pod.last == nullptr;
    bool ok = feed(pod, *sub, content, u.time, offset, lineNumber, &why);
    if (!ok && kind == LineKind::Unknown) {
        // Not the continuation the pod's last parser looked for: a named stranger says so.
        const QString named = strangerReason(content);
        if (!named.isEmpty())
            why = named;
        else if (firstOfPod)
            why = QStringLiteral("not a log line of any known kind");
    }
    if (!ok && kind == LineKind::ClfAccess) {
        // A line of another access format by its shape (a combined line among upstreaminfo lines,
        // a Traefik line): read it as that, without changing the pod's access format.
        const SourceFormat alt = shapedAccessFormat(content);
        if (alt != f) {
            std::unique_ptr<LogParser> probe = ParserRegistry::create(alt);
            auto *lp = static_cast<LineParser *>(probe.get());
            lp->begin(*m_options);
            SourceData scratch;
            QString ignored;
            if (lp->feedLine(content, offset, lineNumber, scratch, &ignored) && scratch.size() > 0) {
                Sub *other = subFor(pod, alt);
                QString otherWhy;
                if (other && feed(pod, *other, content, u.time, offset, lineNumber, &otherWhy)) {
                    account(*other, content, true, {}, lineNumber);
                    return true;
                }
            }
        }
    } else if (ok && kind == LineKind::ClfAccess && pod.access == SourceFormat::Unknown) {
        pod.access = f;
    }
    account(*sub, content, ok, why, lineNumber);
    return true;
}

void StreamDemux::finish(SourceData &out)
{
    Q_UNUSED(out);
    // A "P" piece never ended by its "F" (the file was cut): keep what there is.
    for (Partial &partial : m_partial) {
        if (!partial.active)
            continue;
        partial.active = false;
        UnwrappedLine u;
        u.time = partial.time;
        const QByteArray whole = partial.text;
        QString why;
        --m_unassigned->linesSeen; // its line was counted by the stream already
        if (!route(u, whole, partial.offset, partial.lineNumber, &why))
            m_unassigned->reject(why, partial.lineNumber);
        ++m_unassigned->linesSeen;
    }
    for (auto &pod : m_pods) {
        for (Sub *sub : pod->subs) {
            if (!sub)
                continue;
            // A pending untimed event (a start banner before any timed line) takes the pod's
            // first time.
            sub->parser->setContextTime(Timestamp{pod->firstTime ? pod->firstTime : pod->lastTime});
            sub->parser->end(*sub->data);
            collect(*pod, *sub);
            // Local-time lines that came without the wrapper (a stray unwrapped line) get the zone
            // the wrapped ones showed, so that the whole sub-source is in UTC.
            if (sub->retimed > 0 && sub->retimed < sub->noTimezone) {
                SourceData &d = *sub->data;
                for (qsizetype i = 0; i < d.size(); ++i)
                    if (d.flags(i) & FlagNoTimezone)
                        d.retime(i, Timestamp{d.time(i).us + sub->zoneUs}, FlagNoTimezone);
                sub->retimed = sub->noTimezone;
            }
            sub->data->recomputeRange();
            sub->data->wrapperTimes = sub->noTimezone > 0 && sub->retimed == sub->noTimezone;

        }
    }
}

void StreamDemux::parse(ByteStream &in, ParseContext &ctx)
{
    m_unassigned = &ctx.out;
    LineParser::parse(in, ctx);
}

namespace {
// Bytes of the stream the sub-sources took (the rest: wrappers, blank and unrouted lines).
template <typename Subs>
qint64 sumOfRouted(const Subs &subs)
{
    qint64 n = 0;
    for (const auto &sub : subs)
        n += sub->data->bytesRead;
    return n;
}
} // namespace

std::vector<std::unique_ptr<SourceData>> StreamDemux::takeSources(SourceData &unassigned)
{
    std::vector<std::unique_ptr<SourceData>> result;
    SourceData *largest = nullptr;
    for (auto &sub : m_order) {
        if (!largest || sub->data->size() > largest->size())
            largest = sub->data.get();
    }
    // A stream with one pod named by no wrapper needs no "#pod" in its name.
    for (auto &sub : m_order) {
        if (m_pods.size() == 1 && m_unwrapper.wrapper() == Wrapper::None && !m_sawSections)
            sub->data->locator.replica.clear();
    }
    if (largest) {
        largest->rejected.merge(unassigned.rejected);
        largest->linesSeen += unassigned.linesSeen;
        largest->bytesRead += unassigned.bytesRead - sumOfRouted(m_order);
        largest->notes << unassigned.notes;
    }
    for (auto &sub : m_order) {
        // Sub-sources that only took rejected lines (a stray line of another kind) hand them to
        // the largest sub-source instead of standing alone.
        if (sub->data->size() == 0 && largest && sub->data.get() != largest && largest->size() > 0) {
            largest->rejected.merge(sub->data->rejected);
            if (!sub->data->pod.isEmpty() && sub->data->pod != largest->pod)
                largest->notes << QStringLiteral("%1 line(s) of pod %2 were rejected and are counted here")
                                      .arg(sub->data->rejected.total)
                                      .arg(sub->data->pod);
            largest->linesSeen += sub->data->linesSeen;
            largest->bytesRead += sub->data->bytesRead;
            continue;
        }
        result.push_back(std::move(sub->data));
    }
    m_order.clear();
    for (auto &pod : m_pods)
        std::fill(std::begin(pod->subs), std::end(pod->subs), nullptr);
    return result;
}

} // namespace gateline
