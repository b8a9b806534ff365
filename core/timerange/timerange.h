// The one shared time range every view follows: the data bounds, the visible range with its zoom
// history, the selected range, and the cursor ("go to this moment").
#pragma once

#include "timemapping.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>

namespace gateline {

class TimeRange : public QObject
{
    Q_OBJECT
public:
    enum HistoryMode {
        Record,   // a deliberate step (rubber band, zoom buttons): back returns here
        Coalesce, // part of a gesture (wheel, pan): one history entry per burst
        NoRecord,
    };
    static constexpr qint64 kMinSpanUs = 200000; // 200 ms
    static constexpr int kMaxHistory = 100;

    explicit TimeRange(QObject *parent = nullptr);

    TimeSpan bounds() const { return m_bounds; }
    // New data: the visible range becomes the bounds; history, selection and cursor are cleared.
    // With keepView, a visible range and selection that still fit the new bounds are kept.
    void setBounds(const TimeSpan &bounds, bool keepView = false);

    TimeSpan visible() const { return m_visible; }
    void setVisible(const TimeSpan &span, HistoryMode mode = Record);
    // factor < 1 zooms in, > 1 zooms out, around anchorUs (the centre if omitted).
    void zoom(double factor, qint64 anchorUs, HistoryMode mode = Record);
    void zoomIn();
    void zoomOut();
    // Moves the visible range by fraction of its length (negative: earlier).
    void pan(double fraction, HistoryMode mode = Coalesce);
    bool canGoBack() const { return !m_history.isEmpty(); }
    void back();
    void reset();

    bool hasSelection() const { return m_selection.isValid(); }
    TimeSpan selection() const { return m_selection; }
    void setSelection(const TimeSpan &span);
    void clearSelection();
    // Zooms to the selection (recorded in the history).
    void zoomToSelection();

    bool hasCursor() const { return m_hasCursor; }
    qint64 cursor() const { return m_cursor; }
    // Puts the cursor at us, and brings it into view (centred) if it is outside the visible range.
    void goTo(qint64 us);
    // Shows span (with a margin) and selects it: "jump to evidence".
    void showSpan(const TimeSpan &span, bool select = true);

Q_SIGNALS:
    void boundsChanged(gateline::TimeSpan bounds);
    void visibleChanged(gateline::TimeSpan visible);
    void selectionChanged(gateline::TimeSpan selection); // invalid span: cleared
    void cursorChanged(qint64 us);
    void historyChanged(bool canGoBack);

private:
    TimeSpan normalised(TimeSpan span) const;
    void pushHistory(HistoryMode mode);

    TimeSpan m_bounds;
    TimeSpan m_visible;
    TimeSpan m_selection;
    qint64 m_cursor = 0;
    bool m_hasCursor = false;
    QList<TimeSpan> m_history;
    QElapsedTimer m_lastCoalesce;
    bool m_coalescing = false;
};

} // namespace gateline
