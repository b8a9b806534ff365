#include "terminalprogress.h"

#include <cstdio>
#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

TerminalProgress::TerminalProgress()
{
#if defined(Q_OS_UNIX)
    m_enabled = isatty(fileno(stderr)) && !qEnvironmentVariableIsSet("GATELINE_NO_PROGRESS");
#endif
    m_clock.start();
}

TerminalProgress::~TerminalProgress()
{
    finish();
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
    // At most five redraws a second; the first one at once.
    if (m_shown && m_sinceDraw.elapsed() < 200)
        return;
    m_sinceDraw.start();
    m_shown = true;
    std::fprintf(stderr, "\r\033[Kreading: %d of %d files, %lld records (%lld rejected), %.1f s",
                 p.filesDone, p.filesTotal, static_cast<long long>(m_records), static_cast<long long>(m_rejected),
                 double(m_clock.elapsed()) / 1000.0);
    std::fflush(stderr);
}

void TerminalProgress::finish()
{
    const std::lock_guard lock(m_mutex);
    if (!m_shown)
        return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_shown = false;
}
