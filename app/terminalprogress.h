// A one-line progress display on stderr for `gateline analyze` and `gateline export`, shown only
// when stderr is a terminal (scripts and pipes see nothing) and cleared when reading is done.
#pragma once

#include "ingest/bundleloader.h"

#include <QElapsedTimer>
#include <mutex>

class TerminalProgress
{
public:
    TerminalProgress();
    ~TerminalProgress();
    // For BundleLoader::load; called from its worker threads.
    gateline::IngestProgressFn callback();
    // Clears the line, if one was shown.
    void finish();

private:
    void update(const gateline::IngestProgress &p);

    std::mutex m_mutex;
    QElapsedTimer m_clock, m_sinceDraw;
    bool m_enabled = false;
    bool m_shown = false;
    qint64 m_records = 0;
    qint64 m_rejected = 0;
};
