// The durations of many requests, kept for their median at about 2 bytes a request instead of a
// float each (issue 15: the per-endpoint copies of every duration were the largest allocation of
// the analysis at 10M requests, 4 bytes a request plus up to as much again of vector slack).
// - Whole milliseconds in [0, 65536) (every ALB duration, most others) as 16-bit values, in the
//   order they came; past kDenseAt of them (256 KiB), a count per millisecond instead (256 KiB
//   however many more come).
// - Once any other value comes (a fraction of a millisecond, -0, 65536 ms or more, infinity), the
//   sample keeps floats, the earlier values first, in the order they came, as a vector<float> would.
// median() is the value std::nth_element puts at index size / 2 of all of them, as before.
#pragma once

#include <QtGlobal>

#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

namespace gateline {

class DurationSample
{
public:
    static constexpr size_t kDenseAt = size_t(1) << 17; // 16-bit values: as large as the counts
    static constexpr size_t kMillis = 65536;

    DurationSample() = default;
    DurationSample(DurationSample &&) noexcept = default;
    DurationSample &operator=(DurationSample &&) noexcept = default;
    // A copy (QHash's values must be copyable; nothing here copies one).
    DurationSample(const DurationSample &o);
    DurationSample &operator=(const DurationSample &o);

    // A whole number of milliseconds in [0, 65536), not -0. Inline: add() asks it per request.
    static bool isWhole(float d) { return d >= 0 && d < float(kMillis) && !std::signbit(d) && float(int(d)) == d; }

    void add(float d)
    {
        if (!m_floats.empty() || !isWhole(d)) {
            addFloat(d);
            return;
        }
        ++m_size;
        if (!m_counts && m_values.size() == kDenseAt)
            densify();
        if (m_counts)
            ++m_counts[size_t(d)];
        else
            m_values.push_back(quint16(d));
    }
    // Adds other's values after this one's (other is left empty).
    void merge(DurationSample &&other);

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Every value a whole millisecond (the counts of addCountsTo() are all of them).
    bool allWhole() const { return m_floats.empty(); }
    bool isDense() const { return bool(m_counts); }
    // Adds one to counts[ms] per value (counts has kMillis entries); only when allWhole().
    void addCountsTo(size_t *counts) const;
    // The value at index size() / 2 once sorted (std::nth_element's), -1 if empty. May reorder the
    // values.
    double median();
    // The value at index k of counts' values once sorted (k < their number).
    static double countedAt(const size_t *counts, size_t k);
    size_t bytes() const;

private:
    void densify();
    void addFloat(float d);
    void toFloats();

    size_t m_size = 0;
    std::vector<quint16> m_values;
    std::unique_ptr<quint32[]> m_counts; // per millisecond, once dense (a sample holds < 2^32 values)
    std::vector<float> m_floats;         // every value, once one is not a whole millisecond
};

} // namespace gateline
