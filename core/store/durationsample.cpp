#include "durationsample.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace gateline {

DurationSample::DurationSample(const DurationSample &o)
    : m_size(o.m_size), m_values(o.m_values), m_floats(o.m_floats)
{
    if (o.m_counts) {
        m_counts.reset(new quint32[kMillis]);
        std::copy(o.m_counts.get(), o.m_counts.get() + kMillis, m_counts.get());
    }
}

DurationSample &DurationSample::operator=(const DurationSample &o)
{
    if (this != &o)
        *this = DurationSample(o);
    return *this;
}

void DurationSample::densify()
{
    m_counts.reset(new quint32[kMillis]());
    for (const quint16 v : m_values)
        ++m_counts[v];
    std::vector<quint16>().swap(m_values);
}

// Every value so far into m_floats: in the order they came, or (once dense, where the order is
// gone) ascending, which nth_element cannot tell apart (whole milliseconds are distinct floats
// when their values differ; only -0 and 0 compare equal, and -0 is never a whole one).
void DurationSample::toFloats()
{
    std::vector<float> all;
    all.reserve(m_size + 1);
    if (m_counts) {
        for (size_t ms = 0; ms < kMillis; ++ms)
            all.insert(all.end(), m_counts[ms], float(ms));
    } else {
        all.assign(m_values.begin(), m_values.end());
    }
    m_floats = std::move(all);
    std::vector<quint16>().swap(m_values);
    m_counts.reset();
}

void DurationSample::addFloat(float d)
{
    if (m_floats.empty())
        toFloats();
    m_floats.push_back(d);
    ++m_size;
}

void DurationSample::merge(DurationSample &&other)
{
    if (other.empty())
        return;
    if (empty()) {
        *this = std::move(other);
        other = DurationSample();
        return;
    }
    if (!allWhole() || !other.allWhole()) {
        if (allWhole())
            toFloats();
        if (!other.allWhole())
            m_floats.insert(m_floats.end(), other.m_floats.begin(), other.m_floats.end());
        else if (other.m_counts)
            for (size_t ms = 0; ms < kMillis; ++ms)
                m_floats.insert(m_floats.end(), other.m_counts[ms], float(ms));
        else
            m_floats.insert(m_floats.end(), other.m_values.begin(), other.m_values.end());
    } else if (m_counts || other.m_counts || m_values.size() + other.m_values.size() > kDenseAt) {
        if (!m_counts)
            densify();
        if (other.m_counts)
            for (size_t ms = 0; ms < kMillis; ++ms)
                m_counts[ms] += other.m_counts[ms];
        else
            for (const quint16 v : other.m_values)
                ++m_counts[v];
    } else {
        m_values.insert(m_values.end(), other.m_values.begin(), other.m_values.end());
    }
    m_size += other.m_size;
    other = DurationSample();
}

void DurationSample::addCountsTo(size_t *counts) const
{
    if (m_counts)
        for (size_t ms = 0; ms < kMillis; ++ms)
            counts[ms] += m_counts[ms];
    else
        for (const quint16 v : m_values)
            ++counts[v];
}

double DurationSample::countedAt(const size_t *counts, size_t k)
{
    size_t below = 0;
    size_t ms = 0;
    while (ms + 1 < kMillis && below + counts[ms] <= k)
        below += counts[ms++];
    return double(ms);
}

double DurationSample::median()
{
    if (m_size == 0)
        return -1;
    const size_t k = m_size / 2;
    if (!m_floats.empty()) {
        std::nth_element(m_floats.begin(), m_floats.begin() + qsizetype(k), m_floats.end());
        return double(m_floats[k]);
    }
    if (m_counts) {
        size_t below = 0;
        size_t ms = 0;
        while (ms + 1 < kMillis && below + m_counts[ms] <= k)
            below += m_counts[ms++];
        return double(ms);
    }
    // The k-th smallest of the 16-bit values, which is what nth_element would put at k: its high
    // byte from a count of the high bytes, then its low byte from a count of the low bytes of the
    // values with that high byte (two linear passes; nth_element's partitioning was the larger part
    // of the endpoints' medians at 1M requests).
    size_t counts[256] = {};
    for (const quint16 v : m_values)
        ++counts[v >> 8];
    size_t rest = k;
    unsigned hi = 0;
    while (rest >= counts[hi])
        rest -= counts[hi++];
    std::fill(std::begin(counts), std::end(counts), 0);
    for (const quint16 v : m_values)
        counts[v & 0xff] += (v >> 8) == hi;
    unsigned lo = 0;
    while (rest >= counts[lo])
        rest -= counts[lo++];
    return double((hi << 8) | lo);
}

size_t DurationSample::bytes() const
{
    return m_values.capacity() * sizeof(quint16) + (m_counts ? kMillis * sizeof(quint32) : 0)
        + m_floats.capacity() * sizeof(float);
}

} // namespace gateline
