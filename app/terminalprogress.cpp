#include "terminalprogress.h"

#include <cmath>
#include <csignal>
#include <cstdio>
#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace {

gateline::CancelFlag g_interrupted {false};

extern "C" void onInterrupt(int)
{
    if (g_interrupted.load()) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT); // a second Ctrl-C: stop now
        return;
    }
    g_interrupted.store(true);
}

QString duration(double seconds)
{
    const qint64 s = qint64(std::ceil(seconds));
    return s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1 s").arg(s);
}

} // namespace

TerminalProgress::TerminalProgress()
{
#if defined(Q_OS_UNIX)
    m_tty = isatty(fileno(stderr));
    m_enabled = m_tty && !qEnvironmentVariableIsSet("GATELINE_NO_PROGRESS");
#endif
    g_interrupted.store(false);
    std::signal(SIGINT, onInterrupt);
    m_clock.start();
}

TerminalProgress::~TerminalProgress()
{
    finish();
    std::signal(SIGINT, SIG_DFL);
}

const gateline::CancelFlag *TerminalProgress::cancelFlag() const
{
    return &g_interrupted;
}

bool TerminalProgress::cancelled() const
{
    return g_interrupted.load();
}

gateline::IngestProgressFn TerminalProgress::callback()
{
    if (!m_enabled)
        return {};
    return [this](const gateline::IngestProgress &p) { update(p); };
}

void TerminalProgress::update(const gateline::IngestProgress &p)
{
    const std::lock_guard lock(m_mutex);
    if (p.stage == gateline::IngestProgress::SourceFinished) {
        m_records += p.records;
        m_rejected += p.rejected;
    }
    // At most five redraws a second on a terminal, one line a second otherwise; the first at once.
    if (m_shown && m_sinceDraw.elapsed() < (m_lines ? 1000 : 200))
        return;
    m_sinceDraw.start();
    m_shown = true;
    const double elapsed = double(m_clock.elapsed()) / 1000.0;
    QString left;
    // The time left from the input bytes read so far, once there is a rate worth extrapolating.
    if (p.bytesTotal > 0 && p.bytesDone > 0 && elapsed >= 1.0) {
        const double rest = elapsed * double(p.bytesTotal - p.bytesDone) / double(p.bytesDone);
        left = QStringLiteral(", %1%, about %2 left").arg(100 * p.bytesDone / p.bytesTotal).arg(duration(rest));
    }
    std::fprintf(stderr, "%sreading: %d of %d files, %lld records (%lld rejected), %s%s%s", m_lines ? "" : "\r\033[K",
                 p.filesDone, p.filesTotal, static_cast<long long>(m_records), static_cast<long long>(m_rejected),
                 qPrintable(duration(elapsed)), qPrintable(left), m_lines ? "\n" : "");
    std::fflush(stderr);
}

void TerminalProgress::finish()
{
    const std::lock_guard lock(m_mutex);
    if (!m_shown)
        return;
    if (!m_lines)
        std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_shown = false;
}
