#include "timecounts.h"

#include <algorithm>

namespace gateline {

void TimeCounts::add(qint64 us, quint32 n)
{
    if (n == 0)
        return;
    if (m_cells.empty()) {
        m_first = floorTo(us, m_step);
        m_cells.assign(1, 0);
    }
    m_min = std::min(m_min, us);
    m_max = std::max(m_max, us);
    m_total += n;
    for (;;) {
        const qint64 cell = floorTo(us, m_step);
        if (cell < m_first) {
            // Grow at the front by at least half again, so that times arriving backwards cost
            // amortised O(1) each.
            const qint64 need = (m_first - cell) / m_step;
            const qint64 grow = std::max<qint64>(need, qint64(m_cells.size()) / 2);
            if (qint64(m_cells.size()) + grow > kMaxCells) {
                coarsen();
                continue;
            }
            m_cells.insert(m_cells.begin(), size_t(grow), 0);
            m_first -= grow * m_step;
        }
        const qint64 index = (cell - m_first) / m_step;
        if (index >= qint64(m_cells.size())) {
            if (index + 1 > kMaxCells) {
                coarsen();
                continue;
            }
            m_cells.resize(size_t(index + 1), 0);
        }
        m_cells[size_t(index)] += n;
        return;
    }
}

void TimeCounts::coarsen()
{
    const qint64 step = m_step * 2;
    const qint64 first = floorTo(m_first, step);
    std::vector<quint32> cells(size_t((m_first - first + qint64(m_cells.size()) * m_step + step - 1) / step), 0);
    for (size_t i = 0; i < m_cells.size(); ++i)
        cells[size_t((m_first + qint64(i) * m_step - first) / step)] += m_cells[i];
    m_cells = std::move(cells);
    m_first = first;
    m_step = step;
}

void TimeCounts::merge(const TimeCounts &other)
{
    if (other.isEmpty())
        return;
    if (isEmpty() && other.m_step >= m_step) {
        *this = other;
        return;
    }
    while (m_step < other.m_step)
        coarsen();
    const qint64 lo = m_min, hi = m_max;
    for (size_t i = 0; i < other.m_cells.size(); ++i) {
        if (other.m_cells[i])
            add(other.m_first + qint64(i) * other.m_step, other.m_cells[i]);
    }
    // add() moved the bounds to cell starts: the exact ones are the two sides'.
    m_min = std::min(lo, other.m_min);
    m_max = std::max(hi, other.m_max);
}

std::vector<double> TimeCounts::binned(qint64 firstBinUs, qint64 binUs, int n) const
{
    std::vector<double> out(size_t(std::max(0, n)), 0.0);
    if (m_cells.empty() || n <= 0 || binUs <= 0)
        return out;
    const qint64 endUs = firstBinUs + qint64(n) * binUs;
    const qint64 from = std::max<qint64>(0, (firstBinUs - m_first) / m_step - 1);
    const qint64 to = std::min<qint64>(qint64(m_cells.size()), (endUs - m_first) / m_step + 1);
    for (qint64 c = from; c < to; ++c) {
        const quint32 count = m_cells[size_t(c)];
        const qint64 t = m_first + c * m_step;
        if (count == 0 || t < firstBinUs || t >= endUs)
            continue;
        out[size_t((t - firstBinUs) / binUs)] += double(count);
    }
    return out;
}

} // namespace gateline
