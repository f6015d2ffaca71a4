// Cargo in transit, by arrival day: a ring of day buckets (arrival day modulo the ring's size,
// the longest voyage plus delays, + 1). Shipping appends to a bucket; arriving walks today's
// bucket in the order its cargo was added (arrivals add to stock in that order, and floating-
// point sums depend on it) and empties it.
//
// Why chunks: every day each flowing lane adds one cargo, so a bucket fills up to one cargo per
// lane before its day comes. With one vector per bucket, all buckets grow to that size (about
// 80 x 3 MB at 100,000 sites) and each day's shipments are written to memory last touched a
// whole ring ago, out of every cache. Here buckets are lists of fixed-size chunks taken from
// one pool and returned to a last-in-first-out free list when their day has arrived, so the day's
// shipments are written into the chunks emptied by that morning's arrivals (still in cache),
// and the pool holds only what is at sea (the sum of the lanes' transit days, about 35 MB).
//
// Allocates only when more cargo is at sea than ever before in the life of the object (the
// pool grows by whole chunks); Reset() keeps the pool for the next run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "chaintwin/util/check.hpp"

namespace chaintwin::sim {

struct Cargo {
  uint32_t lane = 0;
  uint32_t to = 0;  // the buyer slot, kept here to save a lookup on arrival
  double qty = 0.0;
};

class CargoCalendar {
 public:
  // Empties every bucket and makes the ring `days` long (arrival days are taken modulo it).
  void Reset(size_t days) {
    buckets_.assign(days, Bucket{});
    free_.clear();
    for (uint32_t c = static_cast<uint32_t>(next_.size()); c-- > 0;) free_.push_back(c);
  }

  size_t size() const { return buckets_.size(); }

  // Requires: bucket < size().
  void Add(size_t bucket, const Cargo& cargo) {
    Bucket& b = buckets_[bucket];
    if (b.tail_count == kChunk) Grow(b);
    pool_[static_cast<size_t>(b.tail) * kChunk + b.tail_count++] = cargo;
  }

  // Calls fn(const Cargo&) for the cargo of `bucket` in the order it was added.
  template <typename Fn>
  void ForEach(size_t bucket, Fn&& fn) const {
    const Bucket& b = buckets_[bucket];
    for (uint32_t c = b.head; c != kNone; c = next_[c]) {
      const Cargo* chunk = &pool_[static_cast<size_t>(c) * kChunk];
      uint32_t n = c == b.tail ? b.tail_count : kChunk;
      for (uint32_t i = 0; i < n; ++i) fn(chunk[i]);
    }
  }

  // Empties `bucket`; its chunks are reused first, most recently read first.
  void Clear(size_t bucket) {
    Bucket& b = buckets_[bucket];
    for (uint32_t c = b.head; c != kNone; c = next_[c]) free_.push_back(c);
    b = Bucket{};
  }

 private:
  static constexpr uint32_t kChunk = 512;  // cargo per chunk: 8 KiB
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Bucket {
    uint32_t head = kNone;
    uint32_t tail = kNone;
    uint32_t tail_count = kChunk;  // full: the first Add takes a chunk
  };

  // Out of line: once per 512 cargo.
  [[gnu::noinline]] void Grow(Bucket& b) {
    uint32_t c;
    if (!free_.empty()) {
      c = free_.back();
      free_.pop_back();
    } else {
      c = static_cast<uint32_t>(next_.size());
      CT_CHECK(c != kNone, "cargo calendar full");
      next_.push_back(kNone);
      pool_.resize(pool_.size() + kChunk);
    }
    next_[c] = kNone;
    if (b.tail == kNone) {
      b.head = c;
    } else {
      next_[b.tail] = c;
    }
    b.tail = c;
    b.tail_count = 0;
  }

  std::vector<Cargo> pool_;      // chunk c is pool_[c * kChunk, (c + 1) * kChunk)
  std::vector<uint32_t> next_;   // by chunk: the next chunk of its bucket, or kNone
  std::vector<uint32_t> free_;   // chunks in no bucket; the last is taken first
  std::vector<Bucket> buckets_;
};

}  // namespace chaintwin::sim
