#include "linewrapper.h"

#include "linekind.h"
#include "timeparse.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <deque>

namespace gateline {

QString wrapperName(Wrapper w)
{
    switch (w) {
    case Wrapper::None: return {};
    case Wrapper::KubectlTimestamps: return QStringLiteral("kubectl logs --timestamps");
    case Wrapper::KubectlPrefix: return QStringLiteral("kubectl logs --prefix");
    case Wrapper::Stern: return QStringLiteral("stern");
    case Wrapper::SternNamespaced: return QStringLiteral("stern --all-namespaces");
    case Wrapper::Cri: return QStringLiteral("CRI log file");
    case Wrapper::DockerJson: return QStringLiteral("Docker json-file");
    case Wrapper::LokiLogcli: return QStringLiteral("Loki logcli");
    case Wrapper::LokiJsonl: return QStringLiteral("Loki logcli jsonl");
    case Wrapper::DockerCompose: return QStringLiteral("docker compose logs");
    case Wrapper::DockerService: return QStringLiteral("docker service logs");
    }
    return {};
}

bool stripAnsi(QByteArrayView line, QByteArray *out)
{
    if (!line.contains('\x1b'))
        return false;
    out->clear();
    out->reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
            qsizetype j = i + 2;
            while (j < line.size() && ((line[j] >= '0' && line[j] <= '9') || line[j] == ';' || line[j] == '?'))
                ++j;
            if (j < line.size() && ((line[j] >= 'A' && line[j] <= 'Z') || (line[j] >= 'a' && line[j] <= 'z'))) {
                i = j;
                continue;
            }
        }
        out->append(line[i]);
    }
    return true;
}

bool splitLeadingTimestamp(QByteArrayView line, Timestamp *t, QByteArrayView *rest)
{
    // "2024-06-02T10:06:23.132189012Z " at least "2024-06-02T10:06:23Z "
    if (line.size() < 21 || line[4] != '-' || line[10] != 'T')
        return false;
    const qsizetype sp = line.indexOf(' ');
    if (sp < 20 || sp > 40)
        return false;
    if (!parseIso8601(line.first(sp), t))
        return false;
    *rest = line.sliced(sp + 1);
    return true;
}

namespace {
bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// A Kubernetes object name (DNS subdomain, lower case) of at least 2 characters.
bool isK8sName(QByteArrayView s)
{
    if (s.size() < 2 || s.size() > 253 || !isNameChar(s.front()) || s.front() == '-' || s.back() == '-')
        return false;
    for (char c : s)
        if (!isNameChar(c))
            return false;
    return true;
}

// Takes the next space-separated token off *s.
QByteArrayView token(QByteArrayView *s)
{
    const qsizetype sp = s->indexOf(' ');
    if (sp < 0) {
        const QByteArrayView t = *s;
        *s = {};
        return t;
    }
    const QByteArrayView t = s->first(sp);
    *s = s->sliced(sp + 1);
    return t;
}


// An optional timestamp after a name prefix (kubectl --prefix --timestamps, stern --timestamps).
void optionalTimestamp(UnwrappedLine *out)
{
    Timestamp t;
    QByteArrayView rest;
    if (splitLeadingTimestamp(out->content, &t, &rest) && !startsWithZerologLevel(rest)) {
        out->time = t;
        out->content = rest;
    }
}

// stern --timestamps=short writes "01-02 15:04:05 " (month-day, local time, no year or zone):
// stripped, since no instant can be taken from it.
void optionalShortSternTimestamp(UnwrappedLine *out)
{
    const QByteArrayView c = out->content;
    if (out->time.us || c.size() < 15 || c[2] != '-' || c[5] != ' ' || c[8] != ':' || c[11] != ':' || c[14] != ' ')
        return;
    for (int i : {0, 1, 3, 4, 6, 7, 9, 10, 12, 13})
        if (c[i] < '0' || c[i] > '9')
            return;
    out->content = c.sliced(15);
}

// Loki stream labels "{app="x", pod="y"}": the value of one label.
QByteArrayView labelValue(QByteArrayView labels, QByteArrayView name)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = labels.indexOf(name, from);
        if (at < 0)
            return {};
        const qsizetype eq = at + name.size();
        const bool startOk = at > 0 && (labels[at - 1] == '{' || labels[at - 1] == ' ' || labels[at - 1] == ',');
        if (startOk && eq + 1 < labels.size() && labels[eq] == '=' && labels[eq + 1] == '"') {
            const qsizetype end = labels.indexOf('"', eq + 2);
            return end < 0 ? QByteArrayView() : labels.sliced(eq + 2, end - eq - 2);
        }
        from = at + 1;
    }
}

QByteArrayView skipSpaces(QByteArrayView s)
{
    while (!s.isEmpty() && s.front() == ' ')
        s = s.sliced(1);
    return s;
}

// The pod a collector's labels name. Promtail and the Loki Helm chart write `pod`; Fluent Bit's Loki
// output `pod_name` or `kubernetes_pod_name`; the OpenTelemetry collector `k8s_pod_name`; Grafana
// Agent/Alloy and older Promtail configs `instance`, as "NAMESPACE/POD:CONTAINER" or the bare pod.
template <typename Get>
QByteArrayView podFromLabels(Get get)
{
    for (const char *name : {"pod", "pod_name", "k8s_pod_name", "kubernetes_pod_name"}) {
        const QByteArrayView v = get(name);
        if (!v.isEmpty())
            return v;
    }
    QByteArrayView instance = get("instance");
    if (const qsizetype slash = instance.lastIndexOf('/'); slash >= 0)
        instance = instance.sliced(slash + 1);
    if (const qsizetype colon = instance.indexOf(':'); colon >= 0)
        instance = instance.first(colon);
    return isK8sName(instance) && instance.contains('-') ? instance : QByteArrayView();
}

template <typename Get>
QByteArrayView containerFromLabels(Get get)
{
    for (const char *name : {"container", "container_name", "k8s_container_name", "kubernetes_container_name"}) {
        const QByteArrayView v = get(name);
        if (!v.isEmpty())
            return v;
    }
    const QByteArrayView instance = get("instance");
    const qsizetype colon = instance.lastIndexOf(':');
    // "ns/pod:container", never "host:9100"
    return colon > 0 && instance.contains('/') && colon + 1 < instance.size() ? instance.sliced(colon + 1)
                                                                            : QByteArrayView();
}
} // namespace

bool parseLogcliCommonLabels(QByteArrayView line, QByteArray *pod, QByteArray *container)
{
    // logcli's log package may put "2006/01/02 15:04:05 " first.
    if (line.size() > 20 && line[4] == '/' && line[7] == '/' && line[10] == ' ' && line[13] == ':')
        line = line.sliced(20);
    static constexpr QByteArrayView kCommon("Common labels: {");
    if (!line.startsWith(kCommon) || !line.endsWith('}'))
        return false;
    const QByteArrayView labels = line.sliced(kCommon.size() - 1);
    auto get = [&](const char *name) { return labelValue(labels, QByteArrayView(name)); };
    *pod = podFromLabels(get).toByteArray();
    *container = containerFromLabels(get).toByteArray();
    return true;
}

bool LineUnwrapper::unwrapOne(Wrapper w, QByteArrayView line, UnwrappedLine *out, QByteArray *scratch)
{
    *out = UnwrappedLine{};
    switch (w) {
    case Wrapper::None:
        out->content = line;
        return true;
    case Wrapper::KubectlTimestamps: {
        QByteArrayView rest;
        if (!splitLeadingTimestamp(line, &out->time, &rest))
            return false;
        out->content = rest;
        return true;
    }
    case Wrapper::KubectlPrefix: {
        // [pod/NAME/CONTAINER] (kubectl also writes [deployment/NAME/...] style kinds)
        if (!line.startsWith('['))
            return false;
        const qsizetype close = line.indexOf("] ");
        if (close < 5)
            return false;
        const QByteArrayView inside = line.sliced(1, close - 1);
        const qsizetype s1 = inside.indexOf('/');
        const qsizetype s2 = inside.lastIndexOf('/');
        if (s1 <= 0 || s2 <= s1 || !isK8sName(inside.sliced(s1 + 1, s2 - s1 - 1)))
            return false;
        out->pod = inside.sliced(s1 + 1, s2 - s1 - 1);
        out->container = inside.sliced(s2 + 1);
        out->content = line.sliced(close + 2);
        optionalTimestamp(out);
        return true;
    }
    case Wrapper::Stern:
    case Wrapper::SternNamespaced: {
        QByteArrayView rest = line;
        if (w == Wrapper::SternNamespaced && !isK8sName(token(&rest)))
            return false;
        const QByteArrayView pod = token(&rest);
        const QByteArrayView container = token(&rest);
        // A container name is a DNS label: no dots, at least one letter (never an IP address).
        bool letter = false;
        for (char c : container)
            letter |= c >= 'a' && c <= 'z';
        if (!isK8sName(pod) || !isK8sName(container) || !pod.contains('-') || container.contains('.') || !letter)
            return false;
        out->pod = pod;
        out->container = container;
        out->content = rest;
        optionalTimestamp(out);
        optionalShortSternTimestamp(out);
        return true;
    }
    case Wrapper::DockerCompose:
    case Wrapper::DockerService: {
        // "NAME<padding> | line": the name of the service's container (compose v2 "web-1", v1
        // "web_1"), padded with spaces to the longest name, then " | " (or " |" before an empty line).
        // docker service logs names the Swarm task and its node instead: "STACK_SERVICE.SLOT.TASK@NODE"
        // (--no-task-ids: "STACK_SERVICE.SLOT@NODE"); the task is the replica, its node the clock.
        const qsizetype bar = line.indexOf(" |");
        if (bar <= 0 || bar > (w == Wrapper::DockerService ? 160 : 80) || (bar + 2 < line.size() && line[bar + 2] != ' '))
            return false;
        QByteArrayView name = line.first(bar);
        while (!name.isEmpty() && name.back() == ' ')
            name.chop(1);
        if (name.isEmpty() || name.contains(' '))
            return false;
        const qsizetype at = name.indexOf('@');
        if ((w == Wrapper::DockerService) != (at >= 0) || (at >= 0 && (at != name.lastIndexOf('@') || at + 1 == name.size())))
            return false;
        for (char c : name)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '@'))
                return false;
        if (w == Wrapper::DockerService) {
            // SERVICE.SLOT: a dot and a slot number (replicated) or a node id (global) after it
            const QByteArrayView task = name.first(at);
            const qsizetype dot = task.indexOf('.');
            if (dot <= 0 || dot + 1 == task.size())
                return false;
            name = task;
        }
        out->pod = name;
        out->content = bar + 3 <= line.size() ? line.sliced(bar + 3) : QByteArrayView();
        optionalTimestamp(out);
        return true;
    }
    case Wrapper::Cri: {
        QByteArrayView rest;
        if (!splitLeadingTimestamp(line, &out->time, &rest))
            return false;
        const QByteArrayView stream = token(&rest);
        if (stream != "stdout" && stream != "stderr")
            return false;
        const QByteArrayView tag = token(&rest);
        // The tag is "F" or "P", possibly with more ':'-separated tags after it.
        if (tag.isEmpty() || (tag[0] != 'F' && tag[0] != 'P') || (tag.size() > 1 && tag[1] != ':'))
            return false;
        out->stderrStream = stream == "stderr";
        out->partial = tag[0] == 'P';
        out->content = rest;
        return true;
    }
    case Wrapper::DockerJson:
    case Wrapper::LokiJsonl: {
        if (!line.startsWith('{'))
            return false;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray());
        if (!doc.isObject())
            return false;
        const QJsonObject o = doc.object();
        const bool docker = w == Wrapper::DockerJson;
        const QJsonValue text = o.value(docker ? QLatin1String("log") : QLatin1String("line"));
        if (!text.isString())
            return false;
        const QString ts = o.value(docker ? QLatin1String("time") : QLatin1String("timestamp")).toString();
        QByteArray stamps = ts.toUtf8();
        Timestamp t;
        if (!stamps.isEmpty() && parseIso8601(stamps, &t))
            out->time = t;
        // pod/container into the scratch buffer's tail: content first, then the labels.
        QByteArray content = text.toString().toUtf8();
        if (docker) {
            // Docker splits lines over 16 KiB into entries whose "log" has no newline: pieces.
            if (content.endsWith('\n'))
                content.chop(1);
            else
                out->partial = true;
            out->stderrStream = o.value(QLatin1String("stream")).toString() == QLatin1String("stderr");
            *scratch = content;
            out->content = *scratch;
        } else {
            const QJsonObject labels = o.value(QLatin1String("labels")).toObject();
            std::deque<QByteArray> held; // the values the views below point into (a deque keeps them in place)
            auto get = [&](const char *name) {
                held.push_back(labels.value(QLatin1String(name)).toString().toUtf8());
                return QByteArrayView(held.back());
            };
            const QByteArray pod = podFromLabels(get).toByteArray();
            const QByteArray container = containerFromLabels(get).toByteArray();
            *scratch = content + pod + container;
            out->content = QByteArrayView(*scratch).first(content.size());
            out->pod = QByteArrayView(*scratch).sliced(content.size(), pod.size());
            out->container = QByteArrayView(*scratch).sliced(content.size() + pod.size());
        }
        return true;
    }
    case Wrapper::LokiLogcli: {
        QByteArrayView rest;
        // Labels are name="value" pairs: {app="x", pod="y"} (not a JSON object, which has quoted names),
        // padded with spaces to the longest label set; "{}" when every label is a common label.
        if (!splitLeadingTimestamp(line, &out->time, &rest) || rest.size() < 2 || !rest.startsWith('{'))
            return false;
        if (rest.startsWith("{}") && (rest.size() == 2 || rest[2] == ' ')) {
            out->content = skipSpaces(rest.sliced(2));
            return true;
        }
        if (rest.size() < 5 || !((rest[1] >= 'a' && rest[1] <= 'z') || (rest[1] >= 'A' && rest[1] <= 'Z') || rest[1] == '_'))
            return false;
        const qsizetype close = rest.indexOf("\"} ");
        const qsizetype eq = rest.indexOf("=\"");
        if (eq < 0 || (close >= 0 && eq > close))
            return false;
        if (close < 0) {
            if (!rest.endsWith("\"}"))
                return false;
            out->content = {};
        } else {
            out->content = skipSpaces(rest.sliced(close + 3)); // spaces pad label sets to the longest
        }
        const QByteArrayView labels = rest.first(close < 0 ? rest.size() : close + 2);
        auto get = [&](const char *name) { return labelValue(labels, QByteArrayView(name)); };
        out->pod = podFromLabels(get);
        out->container = containerFromLabels(get);
        return true;
    }
    }
    return false;
}

bool isSternMarker(QByteArrayView line)
{
    QByteArray plain;
    if (stripAnsi(line, &plain))
        line = plain;
    // "+ POD › CONTAINER" when stern starts following a container, "- POD › CONTAINER" when it stops
    // (with --all-namespaces "+ NAMESPACE POD › CONTAINER").
    static constexpr QByteArrayView kArrow(" \xe2\x80\xba ");
    if (line.size() < 8 || (line[0] != '+' && line[0] != '-') || line[1] != ' ')
        return false;
    const qsizetype arrow = line.indexOf(kArrow);
    if (arrow < 3)
        return false;
    QByteArrayView pod = line.sliced(2, arrow - 2);
    if (const qsizetype sp = pod.lastIndexOf(' '); sp >= 0) {
        if (!isK8sName(pod.first(sp)))
            return false;
        pod = pod.sliced(sp + 1);
    }
    const QByteArrayView container = line.sliced(arrow + kArrow.size());
    return isK8sName(pod) && isK8sName(container);
}

bool isLogcliQueryUrl(QByteArrayView line)
{
    return (line.startsWith("http://") || line.startsWith("https://"))
        && (line.contains("/loki/api/v1/query") || line.contains("/api/prom/query")) && !line.contains(' ');
}

bool LineUnwrapper::unwrap(QByteArrayView line, UnwrappedLine *out, QString *reason)
{
    QByteArrayView in = line;
    if (m_wrapper == Wrapper::Stern || m_wrapper == Wrapper::SternNamespaced) {
        if (stripAnsi(line, &m_ansi))
            in = m_ansi;
    }
    if (unwrapOne(m_wrapper, in, out, &m_scratch))
        return true;
    if (reason)
        *reason = QStringLiteral("line without the %1 prefix the rest of the stream has").arg(wrapperName(m_wrapper));
    return false;
}

Wrapper LineUnwrapper::detect(QByteArrayView head, bool (*isKnownLine)(QByteArrayView))
{
    constexpr Wrapper kCandidates[] = {Wrapper::Cri,       Wrapper::DockerJson,      Wrapper::LokiJsonl,
                                       Wrapper::LokiLogcli, Wrapper::KubectlPrefix,   Wrapper::KubectlTimestamps,
                                       Wrapper::Stern,      Wrapper::DockerCompose,   Wrapper::DockerService,
                                       Wrapper::SternNamespaced}; // SternNamespaced last (see below)
    constexpr int kCount = int(sizeof(kCandidates) / sizeof(kCandidates[0]));
    int hits[kCount] = {};
    int lines = 0;
    QByteArray scratch, ansi;
    qsizetype pos = 0;
    while (pos < head.size() && lines < 200) {
        qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0)
            break; // the last line may be cut: ignore it
        QByteArrayView line = head.sliced(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        ++lines;
        for (int c = 0; c < kCount; ++c) {
            const Wrapper w = kCandidates[c];
            QByteArrayView in = line;
            if ((w == Wrapper::Stern || w == Wrapper::SternNamespaced) && stripAnsi(line, &ansi))
                in = ansi;
            UnwrappedLine u;
            if (!unwrapOne(w, in, &u, &scratch)) {
                // logcli's own lines before the log lines (the query URL, the common labels)
                QByteArray pod, container;
                if (w == Wrapper::LokiLogcli && (isLogcliQueryUrl(line) || parseLogcliCommonLabels(line, &pod, &container)))
                    ++hits[c];
                // stern's own "+ POD › CONTAINER" / "- POD › CONTAINER" lines
                if ((w == Wrapper::Stern || w == Wrapper::SternNamespaced) && isSternMarker(line))
                    ++hits[c];
                continue;
            }
            if (w == Wrapper::KubectlTimestamps && startsWithZerologLevel(u.content))
                continue; // Traefik v3's own line, not a wrapper
            // Stern's two name columns look like any two words: the rest must be a known line. A
            // compose prefix ("word | ") may be a text table's row: it needs -t's time or a known line.
            if ((w == Wrapper::Stern || w == Wrapper::SternNamespaced) && !(isKnownLine && isKnownLine(u.content)))
                continue;
            if ((w == Wrapper::DockerCompose || w == Wrapper::DockerService) && !u.time.us
                && !(isKnownLine && isKnownLine(u.content)))
                continue;
            ++hits[c];
        }
    }
    if (lines == 0)
        return Wrapper::None;
    int best = -1;
    for (int c = 0; c < kCount; ++c)
        if (hits[c] * 10 >= lines * 6 && (best < 0 || hits[c] > hits[best]))
            best = c;
    if (best < 0)
        return Wrapper::None;
    // Namespaced stern lines also parse as plain stern lines with the namespace as the pod: prefer
    // the namespaced reading when it explains as many lines.
    if (kCandidates[best] == Wrapper::Stern && hits[kCount - 1] >= hits[best])
        return Wrapper::SternNamespaced;
    // Every logcli line ("TIME {labels} LINE") is also a `kubectl logs --timestamps` line, and a
    // --no-labels entry is only the latter: prefer the logcli reading when it explains enough lines.
    if (kCandidates[best] == Wrapper::KubectlTimestamps) {
        constexpr int kLogcli = 3;
        static_assert(kCandidates[kLogcli] == Wrapper::LokiLogcli);
        if (hits[kLogcli] * 10 >= lines * 6)
            return Wrapper::LokiLogcli;
    }
    return kCandidates[best];
}

} // namespace gateline
