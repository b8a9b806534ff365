// The Open and drop flows' time-range field: when the files being opened are AWS ALB logs over
// hours (a day folder), ask which range to read. Only the files that can hold records of it are
// then read (core/ingest/timeprune.h): ALB files by the window in their name, never decompressed
// otherwise; other files by their first and last lines.
#pragma once

#include "ingest/timeprune.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDateTimeEdit;
class QLabel;

namespace gateline {

class OpenRangeDialog : public QDialog
{
    Q_OBJECT
public:
    // What the names of the files being opened say: how many are AWS ALB files and the time they cover.
    struct AlbSpan {
        int files = 0;          // all files (folders expanded)
        QList<qint64> starts;   // each ALB-named file's window start (µs UTC), sorted
        qint64 firstUs = 0;     // earliest window start
        qint64 lastUs = 0;      // latest window end
        int albFiles() const { return int(starts.size()); }
        qint64 spanUs() const { return lastUs - firstUs; }
    };
    static AlbSpan scan(const QStringList &paths);
    // A day folder, not an incident's few files: at least 24 ALB files over more than two hours.
    static bool worthAsking(const AlbSpan &span);
    // Asks when worth it. False when the user cancelled; *range is unset for "everything".
    static bool ask(QWidget *parent, const QStringList &paths, IngestRange *range);

    OpenRangeDialog(const AlbSpan &span, QWidget *parent = nullptr);
    // The range to read (unset ends are open); unset when "Open Everything" was chosen.
    IngestRange range() const;
    // How many of the ALB files the range keeps (by name; the same rule as the loader).
    int albFilesInRange() const;
    QDateTimeEdit *fromEdit() const { return m_from; }
    QDateTimeEdit *untilEdit() const { return m_until; }
    QLabel *countLabel() const { return m_count; }

private:
    void updateCount();

    AlbSpan m_span;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_until;
    QLabel *m_count;
    bool m_everything = false;
};

} // namespace gateline
