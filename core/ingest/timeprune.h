// Time-range pruning of a bundle's files: with --from/--until (or the Open dialog's range) only the
// files that can hold records of that range are read. AWS ALB files are judged by the 5-minute
// window their name ends with (…_20220602T1005Z_… holds 10:00..10:05), without opening them;
// other files by the times of their first and last lines (plain files: head and tail; gzip: the
// head only, since the end of a gzip stream cannot be reached without inflating it all).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QtGlobal>

#include <limits>

namespace gateline {

struct IngestOptions;

// A time range to load, [fromUs, untilUs). Unset ends are open.
struct IngestRange {
    static constexpr qint64 kOpenStart = std::numeric_limits<qint64>::min() / 4;
    static constexpr qint64 kOpenEnd = std::numeric_limits<qint64>::max() / 4;
    // Lines inside a file are only roughly time-ordered, and an ALB file may hold a request that
    // finished a little after its window: a file is kept if it comes this close to the range.
    static constexpr qint64 kSlackUs = 30'000'000;

    qint64 fromUs = kOpenStart;
    qint64 untilUs = kOpenEnd;
    bool isSet() const { return fromUs != kOpenStart || untilUs != kOpenEnd; }
    // Whether [firstUs, lastUs] (a file's records) comes within the slack of the range.
    bool overlaps(qint64 firstUs, qint64 lastUs) const
    {
        return lastUs + kSlackUs >= fromUs && firstUs - kSlackUs < untilUs;
    }
};

struct PruneDecision {
    enum Basis { None, FileName, FirstAndLastLine, FirstLine } basis = None;
    bool skip = false;
};

class TimePruner
{
public:
    explicit TimePruner(const IngestRange &range) : m_range(range) {}
    bool active() const { return m_range.isSet(); }
    const IngestRange &range() const { return m_range; }

    // By the name alone (AWS ALB names, formats/albfilename.h); basis None if the name says nothing.
    PruneDecision byName(QStringView path) const;
    // By the times of a file's first and last lines (plain) or first lines (gzip). basis None when
    // the file is not a line-oriented log whose lines carry times (Kubernetes JSON/YAML is never
    // skipped: the matching step needs its events).
    PruneDecision byContent(const QString &path, const IngestOptions &options) const;
    // Name first, then content.
    PruneDecision decide(const QString &path, const IngestOptions &options) const;

    // The earliest and latest record time of a run of whole lines (a head or tail of a log), by
    // sniffing and parsing them as readSource does. False if no record with a time was found or the
    // text is not a line-oriented log.
    static bool timesOfLines(const QByteArray &lines, const QString &path, const IngestOptions &options,
                             qint64 *firstUs, qint64 *lastUs);

private:
    IngestRange m_range;
};

} // namespace gateline
