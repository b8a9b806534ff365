// Timeline ▸ Set Capture Time…: the "now" that kubectl's relative ages ("5m", "2m (x5 over 34m)")
// were counted back from, as the sources' notes tell it, and a new one (UTC, to the second) for the
// user to set; OK reloads the bundle with it (undoable with Edit ▸ Undo).
#pragma once

#include <QDateTime>
#include <QDialog>
#include <QList>

class QDateTimeEdit;
class QLabel;

namespace gateline {

class EventStore;
class InvestigationSession;

class CaptureTimeDialog : public QDialog
{
    Q_OBJECT
public:
    // One source's note "ages counted back from … UTC (origin)".
    struct ClockNote {
        QString source;  // display path
        QDateTime time;  // UTC
        QString origin;  // as the parser wrote it ("file modification time; use --captured-at to correct", ...)
    };
    // The sources whose ages were counted back from a capture time, with the time and its origin.
    static QList<ClockNote> clockNotes(const EventStore &store);
    static QList<ClockNote> clockNotes(const EventStore &store, int sourceId);
    // The origin in words for the dialog ("the file's modification time", "the time you set", ...).
    static QString describeOrigin(const QString &origin);
    // Asks for a capture time and reloads the session's bundle with it. False if cancelled or there
    // is nothing to set.
    static bool ask(InvestigationSession *session, QWidget *parent);

    CaptureTimeDialog(const QList<ClockNote> &notes, bool userSet, QWidget *parent = nullptr);
    // What to reload with: the time set (UTC), or invalid after "Reset to File Time".
    QDateTime captureTime() const;
    QDateTimeEdit *editor() const { return m_edit; }

private:
    QDateTimeEdit *m_edit;
    QLabel *m_current;
    bool m_reset = false;
};

} // namespace gateline
