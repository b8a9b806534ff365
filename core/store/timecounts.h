// Event counts per time cell, for a timeline of millions of events without one time per event:
// cells of 100 ms (the chart's finest bin), so bins of any multiple of 100 ms are exact; a day is
// 864,000 cells (3.4 MB). A span wider than kMaxCells cells doubles the cell width until it fits
// (a stray line from 1970 makes the cells coarse, never the memory large).
#pragma once

#include <QtGlobal>

#include <limits>
#include <vector>

namespace gateline {

class TimeCounts
{
public:
    static constexpr qint64 kFinestUs = 100000;
    static constexpr qint64 kMaxCells = qint64(4) << 20;

    void add(qint64 us, quint32 n = 1);
    void merge(const TimeCounts &other);
    void clear() { *this = TimeCounts(); }

    bool isEmpty() const { return m_total == 0; }
    quint64 total() const { return m_total; }
    qint64 minUs() const { return m_min; } // the exact first and last time added
    qint64 maxUs() const { return m_max; }
    qint64 stepUs() const { return m_step; }
    qint64 firstUs() const { return m_first; } // start of cells()[0]
    const std::vector<quint32> &cells() const { return m_cells; }

    // Counts per bin of binUs from firstBinUs, n bins: a cell counts in the bin holding its start.
    std::vector<double> binned(qint64 firstBinUs, qint64 binUs, int n) const;

private:
    static qint64 floorTo(qint64 us, qint64 step) { return (us >= 0 ? us / step : (us - step + 1) / step) * step; }
    void coarsen();

    qint64 m_step = kFinestUs;
    qint64 m_first = 0;
    std::vector<quint32> m_cells;
    quint64 m_total = 0;
    qint64 m_min = std::numeric_limits<qint64>::max();
    qint64 m_max = std::numeric_limits<qint64>::min();
};

} // namespace gateline
