// Follows the open bundle's plain-text sources that grow while open (`kubectl logs -f > file`).
// core/ingest/filefollower.h reads each one's new complete lines into a staging source of its own
// on the GUI thread, bounded: a poll every pollMs (and on QFileSystemWatcher's word), at most 2 MiB
// a turn and 5M records in all. Whenever no background job reads the open store, the new rows are
// moved into it and the session redraws the panes, the timeline and the analysis in the background
// (InvestigationSession::refreshGrown). A truncated or rotated file is read again from its start,
// with a message; following stops at a bound, or when the user unticks the source in the status
// bar's "Following" menu (the indicator: how many files are followed, each with its toggle).
#pragma once

#include "ingest/filefollower.h"
#include "types.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QToolButton>

#include <memory>
#include <vector>

class QMenu;

namespace gateline {

class InvestigationSession;

class SourceFollow : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxFollowed = 32; // plain files of one bundle followed at most

    explicit SourceFollow(InvestigationSession *session, QObject *parent = nullptr);
    ~SourceFollow() override;

    void setOptions(const FileFollower::Options &options) { m_options = options; } // next bundle on
    // The status bar's indicator: "Following N files" and a menu with a toggle per file.
    QToolButton *indicator() const { return m_button; }
    QStringList followedPaths() const; // being followed now
    bool isFollowing(const QString &path) const;
    // Stops following one file (its rows so far stay).
    void stop(const QString &path);
    // Reads every followed file now (the timer and the watcher do it too); returns the new records.
    qint64 pollNow();

Q_SIGNALS:
    void message(const QString &text); // truncated, rotated, stopped: for the status bar
    void grown(qint64 records);        // rows moved into the open store

private:
    struct Followed;
    void startFollowing();
    void clear();
    void moveRows(); // when no job reads the store; else retried
    void updateIndicator();
    bool storeInUse() const;

    InvestigationSession *m_session;
    FileFollower::Options m_options;
    std::vector<std::unique_ptr<Followed>> m_followed;
    QPointer<QToolButton> m_button; // the status bar owns it once it is there
    QMenu *m_menu;
    QTimer m_retry;
    bool m_pending = false;
};

} // namespace gateline
