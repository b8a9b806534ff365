#include "controllerlogparser.h"

#include "clfline.h"
#include "controllermessage.h"
#include "linekind.h"
#include "timeparse.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimeZone>
#include <QJsonObject>

#include <cmath>

namespace gateline {

namespace {
constexpr qsizetype kMaxTextBytes = 300;
constexpr int kMaxPendingLines = 400; // a stack trace longer than this is cut (still one record)

// "----------": twenty or more dashes and nothing else (ingress-nginx frames its banner and its
// reload errors with such lines).
bool isDashLine(QByteArrayView l)
{
    l = l.trimmed();
    if (l.size() < 20)
        return false;
    for (char c : l)
        if (c != '-')
            return false;
    return true;
}

bool severe(QByteArrayView level)
{
    const QByteArray l = level.toByteArray().toLower();
    return l.startsWith("err") || l.startsWith("fatal") || l.startsWith("panic") || l.startsWith("crit")
        || l == "ftl" || l == "pnc" || l == "e";
}

// The value of key=value or key="value" (logrus / go-kit logfmt); empty if absent.
QByteArrayView logfmtValue(QByteArrayView line, QByteArrayView key, QByteArray *unescaped)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype at = line.indexOf(key, from);
        if (at < 0)
            return {};
        const qsizetype eq = at + key.size();
        if ((at == 0 || line[at - 1] == ' ') && eq < line.size() && line[eq] == '=') {
            if (eq + 1 < line.size() && line[eq + 1] == '"') {
                unescaped->clear();
                for (qsizetype i = eq + 2; i < line.size(); ++i) {
                    if (line[i] == '\\' && i + 1 < line.size()) {
                        unescaped->append(line[++i]);
                        continue;
                    }
                    if (line[i] == '"')
                        return *unescaped;
                    unescaped->append(line[i]);
                }
                return *unescaped; // unterminated: what there is
            }
            const qsizetype end = line.indexOf(' ', eq + 1);
            return line.sliced(eq + 1, (end < 0 ? line.size() : end) - eq - 1);
        }
        from = at + 1;
    }
}

bool jsonTime(const QJsonValue &v, Timestamp *t)
{
    if (v.isDouble()) {
        const double s = v.toDouble();
        if (!std::isfinite(s) || s < 0 || s > 4e12)
            return false;
        // Seconds (zap's default "ts"), or milliseconds.
        t->us = s > 1e11 ? qint64(s * 1000.0) : qint64(s * 1e6);
        return true;
    }
    const QByteArray b = v.toString().toUtf8();
    return !b.isEmpty() && parseIso8601(b, t);
}
} // namespace

int ControllerLogParser::sniff(QByteArrayView head) const
{
    int lines = 0, ours = 0, other = 0;
    qsizetype pos = 0;
    while (pos < head.size() && lines < 100) {
        const qsizetype nl = head.indexOf('\n', pos);
        if (nl < 0 && head.size() >= 64 * 1024)
            break;
        const QByteArrayView line = head.sliced(pos, (nl < 0 ? head.size() : nl) - pos).trimmed();
        pos = nl < 0 ? head.size() : nl + 1;
        if (line.isEmpty())
            continue;
        ++lines;
        const LineKind k = classifyLine(line);
        if (k == LineKind::ControllerLog || k == LineKind::StackLine || k == LineKind::Klog)
            ++ours;
        else if (k != LineKind::Unknown)
            ++other;
    }
    if (ours == 0 || other > ours)
        return 0;
    return 20 + 60 * ours / lines;
}

void ControllerLogParser::begin(const ParseOptions &options)
{
    LineParser::begin(options);
    m_pending = Pending::None;
    m_pendingLines = 0;
    m_pendingLineNumbers.clear();
    m_lastTime = {};
    m_guessedTimes.clear();
    m_guessedRows.clear();
}

void ControllerLogParser::flush(SourceData &out, Timestamp at)
{
    if (m_pending == Pending::None)
        return;
    Record r;
    if (m_pending == Pending::Line) {
        r = m_held;
        r.reason = m_heldReason;
        r.text = truncateUtf8(m_pendingText, kMaxTextBytes);
        if (m_pendingLines > 1)
            r.flags |= FlagContinued;
        if (m_guessedTimes.contains(r.time.us))
            m_guessedRows.append(out.size());
        out.append(r);
        m_lastTime = r.time;
        m_pending = Pending::None;
        m_pendingLines = 0;
        return;
    }
    r.time = m_pendingTime.us ? m_pendingTime : at;
    if (m_pending == Pending::Banner && !m_pendingText.contains("Ingress controller")) {
        // Dashes or "Release:" lines that do not frame the ingress-nginx start banner.
        for (const qint64 n : std::as_const(m_pendingLineNumbers))
            out.reject(QStringLiteral("decorative line, not part of a controller start banner"), n);
        m_pending = Pending::None;
        m_pendingLines = 0;
        return;
    }
    if (r.time.us == 0) {
        out.reject(QStringLiteral("%1 with no time anywhere near it")
                       .arg(m_pending == Pending::Panic ? QStringLiteral("Go panic") : QStringLiteral("start banner")),
                   m_pendingLineNumbers.value(0));
        m_pending = Pending::None;
        return;
    }
    r.offset = m_pendingOffset;
    r.kind = EventKind::LogMessage;
    const bool panic = m_pending == Pending::Panic;
    r.reason = panic ? QByteArrayView(ControllerCategory::Panic) : QByteArrayView(ControllerCategory::Start);
    r.flags = (panic ? FlagWarning : FlagNone) | (m_pendingLines > 1 ? FlagContinued : FlagNone);
    r.text = truncateUtf8(m_pendingText, kMaxTextBytes);
    if (m_guessedTimes.contains(r.time.us))
        m_guessedRows.append(out.size());
    out.append(r);
    m_lastTime = r.time;
    m_pending = Pending::None;
    m_pendingLines = 0;
}

bool ControllerLogParser::parseKlog(QByteArrayView line, Record *r, QString *reason)
{
    KlogHeader h;
    if (!klogHeader(line, &h)) {
        *reason = QStringLiteral("bad klog header");
        return false;
    }
    // klog has no year: that of the wrapper's time or of the last record (the nearer year across a
    // new year's eve), else of the capture time, which the line cannot be later than (a later month
    // than the capture's is last year's).
    const Timestamp near = m_contextTime.us ? m_contextTime : m_lastTime;
    const QDate ref = near.us ? QDateTime::fromMSecsSinceEpoch(near.us / 1000, QTimeZone::UTC).date()
                              : (m_options && m_options->captureTime.isValid() ? m_options->captureTime.toUTC().date()
                                 : m_options && m_options->fileTime.isValid()  ? m_options->fileTime.toUTC().date()
                                                                               : QDate::currentDate());
    int year = ref.year();
    if (near.us) {
        if (h.month > ref.month() + 6)
            --year;
        else if (h.month < ref.month() - 6)
            ++year;
    } else if (h.month > ref.month() || (h.month == ref.month() && h.day > ref.day())) {
        --year;
    }
    r->time.us = civilToMicros(year, h.month, h.day, h.hour, h.minute, h.second, h.micros);
    // A year from the capture time, or from a time that itself had one, is a guess to redo at the end.
    if (!near.us || m_guessedTimes.contains(near.us))
        m_guessedTimes.insert(r->time.us);
    r->kind = EventKind::LogMessage;
    // klog writes the container's local time, UTC in practice; a wrapper's time replaces it.
    r->flags = FlagNoTimezone | (h.severity == 'E' || h.severity == 'F' ? FlagWarning : FlagNone);
    const QByteArrayView message = line.sliced(h.message);
    r->reason = QByteArrayView(classifyControllerMessage(message));
    r->text = truncateUtf8(message, kMaxTextBytes);
    return true;
}

bool ControllerLogParser::parseOne(QByteArrayView line, Record *r, QString *reason)
{
    r->kind = EventKind::LogMessage;
    QByteArrayView message;
    QByteArrayView level;
    bool haveTime = false;
    if (line.startsWith('{')) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray());
        if (!doc.isObject()) {
            *reason = QStringLiteral("broken JSON log line");
            return false;
        }
        const QJsonObject o = doc.object();
        for (const char *k : {"time", "ts", "timestamp", "@timestamp", "T"})
            if (!haveTime && o.contains(QLatin1String(k)))
                haveTime = jsonTime(o.value(QLatin1String(k)), &r->time);
        QString lvl, msg;
        for (const char *k : {"level", "severity", "lvl", "L"})
            if (lvl.isEmpty())
                lvl = o.value(QLatin1String(k)).toString();
        for (const char *k : {"msg", "message", "M"})
            if (msg.isEmpty())
                msg = o.value(QLatin1String(k)).toString();
        const QString err = o.value(QLatin1String("error")).toString();
        if (!err.isEmpty())
            msg += QStringLiteral(": ") + err;
        m_scratch = msg.toUtf8() + '\x01' + lvl.toUtf8();
        const qsizetype cut = m_scratch.lastIndexOf('\x01');
        message = QByteArrayView(m_scratch).first(cut);
        level = QByteArrayView(m_scratch).sliced(cut + 1);
    } else if (line.startsWith("time=\"") || line.startsWith("level=")) {
        QByteArrayView t = logfmtValue(line, "time", &m_timeBuf);
        if (t.isEmpty())
            t = logfmtValue(line, "ts", &m_timeBuf);
        haveTime = !t.isEmpty() && parseIso8601(t, &r->time);
        if (!t.isEmpty() && !haveTime) {
            *reason = QStringLiteral("bad time in a logfmt line");
            return false;
        }
        level = logfmtValue(line, "level", &m_levelBuf); // quoted values live in m_levelBuf
        message = logfmtValue(line, "msg", &m_scratch);
        if (message.isEmpty())
            message = line;
    } else if (line.startsWith('[')) {
        // Envoy: "[2024-01-02 10:00:00.123][14][warning][config] [path:12] message" (the proxy's
        // local time, which is UTC in containers)
        const qsizetype close = line.indexOf(']');
        if (close < 20 || !parseIso8601(line.sliced(1, close - 1), &r->time)) {
            *reason = QStringLiteral("bad time in an Envoy log line");
            return false;
        }
        haveTime = true;
        const qsizetype l1 = line.indexOf('[', close + 1);     // thread
        const qsizetype l2 = l1 < 0 ? -1 : line.indexOf('[', line.indexOf(']', l1) + 1);
        const qsizetype l2e = l2 < 0 ? -1 : line.indexOf(']', l2);
        if (l2e > l2)
            level = line.sliced(l2 + 1, l2e - l2 - 1);
        const qsizetype msgAt = line.lastIndexOf("] ");
        message = msgAt < 0 ? line : line.sliced(msgAt + 2);
    } else {
        // "2024-01-02T10:00:00Z ERR message" (zerolog) or "2024-...Z\twarn\tscope\tmessage" (Istio)
        const qsizetype tab = line.indexOf('\t');
        const qsizetype sp = line.indexOf(' ');
        const qsizetype cut = tab > 0 && (sp < 0 || tab < sp) ? tab : sp;
        if (cut < 19 || !parseIso8601(line.first(cut), &r->time)) {
            *reason = QStringLiteral("not a controller log line");
            return false;
        }
        haveTime = true;
        QByteArrayView rest = line.sliced(cut + 1);
        // Istio's "TIME\tlevel\tscope\tmessage" pasted from a terminal has runs of spaces for its tabs.
        const auto skipSpaces = [](QByteArrayView v) {
            while (!v.isEmpty() && v.front() == ' ')
                v = v.sliced(1);
            return v;
        };
        if (cut == sp)
            rest = skipSpaces(rest);
        m_zapLine = cut == tab;
        const qsizetype lcut = rest.indexOf(cut == tab ? '\t' : ' ');
        level = lcut < 0 ? rest : rest.first(lcut);
        message = lcut < 0 ? QByteArrayView() : rest.sliced(lcut + 1);
        if (cut == sp)
            message = skipSpaces(message);
    }
    if (!haveTime) {
        if (m_contextTime.us == 0 && m_lastTime.us == 0) {
            *reason = QStringLiteral("controller log line without a time");
            return false;
        }
        r->time = m_contextTime.us ? m_contextTime : m_lastTime;
    }
    if (severe(level))
        r->flags |= FlagWarning;
    // Classify on the whole line: Traefik puts the cause in msg, zerolog in error="...".
    r->reason = QByteArrayView(classifyControllerMessage(line));
    if (r->reason == QByteArrayView(ControllerCategory::Other) && message.data() != line.data())
        r->reason = QByteArrayView(classifyControllerMessage(message));
    r->text = truncateUtf8(message, kMaxTextBytes);
    return true;
}

bool ControllerLogParser::continuePending(QByteArrayView line, QString *reason)
{
    if (m_pendingLines >= kMaxPendingLines) {
        *reason = QStringLiteral("continuation beyond %1 lines of one message").arg(kMaxPendingLines);
        return false;
    }
    if (m_pendingText.size() + line.size() < 4096) {
        m_pendingText.append('\n');
        m_pendingText.append(line.data(), line.size());
    }
    ++m_pendingLines;
    return true;
}

bool ControllerLogParser::parseLine(QByteArrayView line, LineOffset offset, qint64 lineNumber, SourceData &out,
                                    QString *reason)
{
    const LineKind kind = classifyLine(line);
    const Timestamp context = m_contextTime;
    if (kind == LineKind::StackLine || kind == LineKind::Unknown) {
        // A line of the pending event: a panic's stack trace, an indented continuation, or the dump
        // a message announced with a trailing ':' ("Istio iptables environment:").
        const bool indented = line.startsWith(' ') || line.startsWith('\t');
        const bool continues = m_pending == Pending::Panic
            || (m_pending == Pending::Line && (kind == LineKind::StackLine || indented || m_dump));
        if (!continues) {
            *reason = kind == LineKind::StackLine
                ? QStringLiteral("stack-trace line without its panic line")
                : QStringLiteral("line of no known kind (and no continuation of the controller message before it)");
            return false;
        }
        return continuePending(line, reason);
    }
    if (kind != LineKind::ControllerLog && kind != LineKind::Klog) {
        flush(out, context.us ? context : m_lastTime);
        *reason = QStringLiteral("not a controller log line");
        return false;
    }
    const bool panicStart = line.startsWith("panic: ") || line.startsWith("fatal error: ");
    const bool banner = kind != LineKind::Klog && !panicStart && !line.startsWith("time=") && !line.startsWith("level=") && !line.startsWith('{')
        && !line.startsWith('[') && !(line.size() > 0 && line[0] >= '0' && line[0] <= '9');
    // ingress-nginx writes a failed reload's error on the lines after its klog line ("unexpected
    // failure reloading the backend:", "requeuing NS/NAME, err"), framed by lines of dashes:
    // "-----\nError: exit status 1\n<nginx -t's output>\n-----". A line of dashes right after a
    // held warning or error klog record (or a message that announced a dump) is that frame, not
    // the start banner's: it continues the record, and the unindented lines after it too.
    if (banner && m_pending == Pending::Line && (m_dump || m_heldKlogProblem) && isDashLine(line)) {
        if (!continuePending(line, reason))
            return false;
        m_dump = true;
        return true;
    }
    if (banner && m_pending == Pending::Banner) {
        m_pendingText.append(' ');
        m_pendingText.append(line.trimmed().data(), line.trimmed().size());
        ++m_pendingLines;
        m_pendingLineNumbers.append(lineNumber);
        if (!m_pendingTime.us)
            m_pendingTime = context;
        return true;
    }
    if (panicStart || banner) {
        flush(out, context.us ? context : m_lastTime);
        m_pending = panicStart ? Pending::Panic : Pending::Banner;
        m_pendingText = line.trimmed().toByteArray();
        m_pendingOffset = offset;
        m_pendingLineNumbers = {lineNumber};
        // A panic has no time of its own: that of the line before it (ours may be later than the
        // stream's, which has not seen our held record yet).
        m_pendingTime = panicStart && m_lastTime > context ? m_lastTime : context;
        m_pendingLines = 1;
        return true;
    }
    Record r;
    r.offset = offset;
    m_zapLine = false;
    if (!(kind == LineKind::Klog ? parseKlog(line, &r, reason) : parseOne(line, &r, reason))) {
        flush(out, context.us ? context : m_lastTime);
        return false;
    }
    flush(out, r.time);
    // Hold it: the next lines may continue it. Its views are copied into our own buffers.
    m_pending = Pending::Line;
    m_heldReason = r.reason.toByteArray();
    m_pendingText = r.text.toByteArray();
    r.client = r.method = r.path = r.host = r.upstream = r.object = r.ns = r.reason = r.text = {};
    m_held = r;
    m_pendingLines = 1;
    // A message that announces a dump on the lines after it ("Istio iptables environment:"), or one
    // of Istio's zap logger, which writes a message's own newlines as they are ("Effective config:
    // binaryPath: ..." and the YAML after it; istio-iptables' rules file): unindented lines continue it.
    m_dump = m_pendingText.trimmed().endsWith(':') || m_zapLine;
    // (W/E/F only: a dashes line after an I line frames no error; an orphan banner line, rejected.)
    m_heldKlogProblem = kind == LineKind::Klog && line[klogPrefixLength(line)] != 'I';
    m_lastTime = r.time;
    return true;
}

void ControllerLogParser::finish(SourceData &out)
{
    flush(out, m_contextTime.us ? m_contextTime : m_lastTime);
    fixGuessedYears(out);
}

void ControllerLogParser::fixGuessedYears(SourceData &out)
{
    // The stream demultiplexer gives, at the end, the first time of the pod's lines of every kind:
    // when that is not one of our guesses, it is a dated line (e.g. an ingress-nginx access line)
    // of the same stream, and the guessed klog lines take the year nearest to it.
    const Timestamp ref = m_contextTime;
    if (m_guessedRows.isEmpty() || !ref.us || m_guessedTimes.contains(ref.us))
        return;
    const QDateTime refTime = QDateTime::fromMSecsSinceEpoch(ref.us / 1000, QTimeZone::UTC);
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(out.time(m_guessedRows.first()).us / 1000, QTimeZone::UTC);
    int year = refTime.date().year();
    const int month = first.date().month(), refMonth = refTime.date().month();
    if (month > refMonth + 6)
        --year;
    else if (month < refMonth - 6)
        ++year;
    const int shift = year - first.date().year();
    if (shift == 0)
        return;
    for (const qsizetype row : std::as_const(m_guessedRows)) {
        const qint64 us = out.time(row).us;
        const qint64 subMs = ((us % 1000) + 1000) % 1000;
        const QDateTime t = QDateTime::fromMSecsSinceEpoch((us - subMs) / 1000, QTimeZone::UTC).addYears(shift);
        out.retime(row, Timestamp{t.toMSecsSinceEpoch() * 1000 + subMs}, 0);
    }
    m_guessedRows.clear();
}

} // namespace gateline
