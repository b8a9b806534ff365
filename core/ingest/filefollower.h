// Follows a plain-text source that grows while it is open (`kubectl logs -f > file`): the lines
// appended since the load (or the last read) are parsed as the source's format and appended to its
// SourceData, their offsets into the file kept, so that raw lines still come back by offset.
//
// - Woken by QFileSystemWatcher, and by a poll timer as well (watchers miss changes on some file
//   systems and lose a file that is replaced); only complete lines are read, so a line being
//   written is read once its newline is there.
// - Bounded: at most maxBytesPerRead a turn (the rest on the next turn of the event loop, so the
//   thread it lives on is never held long) and at most maxRecords appended in all; then it stops
//   and says so.
// - A file cut shorter than what was read (truncated), or another file now at the path (rotated:
//   another inode), is followed again from its start; the records read before stay, a note on the
//   source says when the file was replaced (their raw lines are those of the old file).
// The SourceData is written on the follower's thread: whoever reads it (an analysis, a model) must
// be told through appended() and read it on that thread.
#pragma once

#include "store/sourcedata.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace gateline {

class FileFollower : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int pollMs = 1000;
        qint64 maxBytesPerRead = 2 << 20;
        qint64 maxRecords = 5'000'000;
    };
    // Follows target's file (target->locator.filePath; a plain file, not gzip or an archive
    // member) from byte from (where its load ended: bytesRead).
    FileFollower(SourceData *target, qint64 from, const Options &options, QObject *parent = nullptr);
    FileFollower(SourceData *target, qint64 from, QObject *parent = nullptr)
        : FileFollower(target, from, Options{}, parent)
    {
    }

    // Reads what is there now (the watcher and the timer call it too). Returns the records appended.
    qint64 poll();
    qint64 position() const { return m_pos; }
    qint64 appendedRecords() const { return m_appended; }
    bool isStopped() const { return m_stopped; }

Q_SIGNALS:
    void appended(qint64 records);
    // The file was truncated or replaced: following it again from its start.
    void restarted(const QString &why);
    // Following ended (the bound reached, or the file cannot be read any more).
    void stopped(const QString &why);

private:
    void stop(const QString &why);
    void watch();

    SourceData *m_target;
    Options m_options;
    QString m_path;
    qint64 m_pos = 0;
    quint64 m_inode = 0;
    qint64 m_appended = 0;
    bool m_stopped = false;
    QFileSystemWatcher m_watcher;
    QTimer m_timer;
};

} // namespace gateline
