// A one-line progress display on stderr for `gateline analyze` and `gateline export`: files,
// records, bytes and the time left (from the input bytes read so far), shown when stderr is a
// terminal or when forced (--progress), and cleared when reading is done. While it exists, Ctrl-C
// cancels the load (cancelFlag()); a second Ctrl-C ends the process at once.
#pragma once

#include "ingest/bundleloader.h"

#include <QElapsedTimer>
#include <mutex>

class TerminalProgress
{
public:
    TerminalProgress();
    ~TerminalProgress();
    // Shows progress even when stderr is not a terminal (--progress): one line per redraw then.
    void force() { m_enabled = true; m_lines = !m_tty; }
    // For BundleLoader::load; called from its worker threads.
    gateline::IngestProgressFn callback();
    // Set by Ctrl-C (SIGINT) while this display exists.
    const gateline::CancelFlag *cancelFlag() const;
    bool cancelled() const;
    // Clears the line, if one was shown.
    void finish();

private:
    void update(const gateline::IngestProgress &p);

    std::mutex m_mutex;
    QElapsedTimer m_clock, m_sinceDraw;
    bool m_tty = false;
    bool m_enabled = false;
    bool m_lines = false; // not a terminal: whole lines instead of redrawing one
    bool m_shown = false;
    qint64 m_records = 0;
    qint64 m_rejected = 0;
};
