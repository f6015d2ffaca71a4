// Our own random numbers: the same on every platform and standard library (STYLE.md §7).
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace chaintwin::util {

// SplitMix64: a fast, well-mixed 64-bit generator; used to seed and as the stream itself.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Standard normal by Box-Muller (one draw per call; deterministic).
  double Normal() {
    double u1 = Uniform();
    double u2 = Uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t state_;
};

// FNV-1a hash of a string: stable across runs and platforms.
constexpr uint64_t StableHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Seed of one independent stream: (run seed, run index, stream key). Adding a stream with
// another key does not change the draws of the others.
inline uint64_t StreamSeed(uint64_t seed, uint64_t run, std::string_view key) {
  Rng mix(seed ^ (run * 0xD1B54A32D192ED03ull) ^ StableHash(key));
  mix.Next();
  return mix.Next();
}

}  // namespace chaintwin::util
