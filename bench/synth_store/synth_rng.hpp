#pragma once
// The random source of the synthetic store. Fully specified (xoshiro256**, seeded through
// splitmix64) so a seed gives the same flows with every compiler and standard library:
// std::uniform_int_distribution and friends are implementation-defined, so none is used.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace flowscope::bench {

class SynthRng {
public:
    explicit SynthRng(std::uint64_t seed) {
        for (std::uint64_t& word : m_state) {
            seed += 0x9E3779B97F4A7C15ull; // splitmix64
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // [0, bound) by multiply-shift (Lemire); the bias is below 2^-32, irrelevant here.
    std::uint32_t below(std::uint32_t bound) { return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32); }
    // [lo, hi], inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    // [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double probability) { return unit() < probability; }

    // Log-normal around `median` (sigma in natural-log units): latencies and sizes have
    // long right tails. Box-Muller, one value per call.
    double logNormal(double median, double sigma) {
        const double u1 = 1.0 - unit(); // (0, 1]
        const double u2 = unit();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        return median * std::exp(sigma * normal);
    }
    // Exponential with the given mean (gaps between independent arrivals).
    double exponential(double mean) { return -mean * std::log(1.0 - unit()); }

    template <typename T> const T& pick(std::span<const T> items) {
        return items[below(static_cast<std::uint32_t>(items.size()))];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4] = {};
};

// A value from a weighted table: {value, weight} rows, weights summing to anything > 0.
template <typename T> struct Weighted {
    T value;
    std::uint32_t weight;
};

template <typename T> const T& pickWeighted(SynthRng& rng, std::span<const Weighted<T>> table) {
    std::uint32_t total = 0;
    for (const auto& row : table) {
        total += row.weight;
    }
    std::uint32_t roll = rng.below(total);
    for (const auto& row : table) {
        if (roll < row.weight) {
            return row.value;
        }
        roll -= row.weight;
    }
    return table.back().value;
}

} // namespace flowscope::bench
