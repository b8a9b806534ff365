// Deterministic random numbers for the bundle generator: xoshiro256** seeded with splitmix64, and
// stateless hashes for per-request values. The same seed gives the same bytes on every platform
// (no std:: distributions, whose output is implementation-defined).
#pragma once

#include <QtGlobal>
#include <cmath>
#include <iterator>

namespace gateline::gen {

constexpr quint64 splitmix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// A stateless 64-bit hash of a few values (per-request ids, trace ids, ports).
constexpr quint64 mix(quint64 a, quint64 b, quint64 c = 0)
{
    return splitmix64(splitmix64(splitmix64(a) ^ b) ^ c);
}

class Rng
{
public:
    explicit Rng(quint64 seed = 1, quint64 stream = 0)
    {
        quint64 x = splitmix64(seed) ^ splitmix64(stream * 0xD1B54A32D192ED03ull + 7);
        for (quint64 &s : m_s) {
            x = splitmix64(x);
            s = x;
        }
    }
    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // [0, 1)
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // [0, n)
    quint32 below(quint32 n) { return n ? quint32((next() >> 32) * n >> 32) : 0; }
    // [lo, hi]
    int range(int lo, int hi) { return lo + int(below(quint32(hi - lo + 1))); }
    bool chance(double p) { return uniform() < p; }
    double normal()
    {
        // Box-Muller with one value kept for the next call.
        if (m_haveSpare) {
            m_haveSpare = false;
            return m_spare;
        }
        double u = uniform();
        if (u < 1e-300)
            u = 1e-300;
        const double v = uniform();
        const double r = std::sqrt(-2.0 * std::log(u));
        m_spare = r * std::sin(6.283185307179586 * v);
        m_haveSpare = true;
        return r * std::cos(6.283185307179586 * v);
    }
    // Log-normal with the given median and sigma (of the underlying normal).
    double logNormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
    double exponential(double mean)
    {
        double u = uniform();
        if (u < 1e-300)
            u = 1e-300;
        return -mean * std::log(u);
    }
    // Poisson count with mean lambda (Knuth below 30, a rounded normal above).
    int poisson(double lambda)
    {
        if (lambda <= 0)
            return 0;
        if (lambda < 30) {
            const double l = std::exp(-lambda);
            int k = 0;
            double p = 1;
            do {
                ++k;
                p *= uniform();
            } while (p > l);
            return k - 1;
        }
        const double v = lambda + std::sqrt(lambda) * normal();
        return v < 0 ? 0 : int(v + 0.5);
    }
    template<typename Container>
    const auto &pick(const Container &c)
    {
        return c[below(quint32(std::size(c)))];
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
    double m_spare = 0;
    bool m_haveSpare = false;
};

// FNV-1a over bytes: a stable hash of names (qHash may differ between Qt builds).
inline quint64 hashBytes(const char *data, qsizetype size)
{
    quint64 h = 0xcbf29ce484222325ull;
    for (qsizetype i = 0; i < size; ++i) {
        h ^= quint8(data[i]);
        h *= 0x100000001b3ull;
    }
    return h;
}
template<typename Bytes>
inline quint64 hashBytes(const Bytes &b)
{
    return hashBytes(b.constData(), b.size());
}

// Uniform double in [0, 1) from a hash value.
inline double unitFromHash(quint64 h)
{
    return double(h >> 11) * (1.0 / 9007199254740992.0);
}

} // namespace gateline::gen
