// KeyIndex: key -> dense index for keys held in a std::vector<std::string> elsewhere (site and
// lane keys of a compiled network). Open addressing with linear probing over (hash, index)
// pairs: no node per key and no copy of the key, so building it for 200,000 lanes is a couple
// of allocations rather than 200,000, and a lookup touches one or two cache lines. It stores
// indices only, so it stays valid when its owner is copied or moved with the key vector.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace chaintwin::util {

class KeyIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // Room for `n` keys without growing.
  void Reserve(size_t n) {
    if (n * 2 > slots_.size()) Rehash(n);
  }

  // Maps keys[index] to index unless that key is present already; returns the index the key
  // maps to afterwards. Requires: keys[index] exists and keys is the vector of every Find.
  uint32_t Insert(uint32_t index, const std::vector<std::string>& keys) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash(std::max<size_t>(16, size_ * 2));
    const std::string& key = keys[index];
    uint32_t h = Hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.index == kAbsent) {
        s = Slot{h, index};
        ++size_;
        return index;
      }
      if (s.hash == h && keys[s.index] == key) return s.index;
    }
  }

  // Insert(i, keys) for every index i of keys, in order, with the slots fetched a few keys
  // ahead: several times faster than that loop once the slots outgrow the caches.
  void InsertAll(const std::vector<std::string>& keys) {
    Reserve(size_ + keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      if (i + kPrefetchAhead < keys.size()) Prefetch(keys[i + kPrefetchAhead]);
      Insert(static_cast<uint32_t>(i), keys);
    }
  }

  // The index of `key`, or kAbsent.
  uint32_t Find(std::string_view key, const std::vector<std::string>& keys) const {
    if (size_ == 0) return kAbsent;
    uint32_t h = Hash(key);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kAbsent) return kAbsent;
      if (s.hash == h && keys[s.index] == key) return s.index;
    }
  }

  // Find(), trying keys[near] and keys[near + 1] before hashing, then setting `near` to the
  // index found (left as is when absent; kAbsent to start). Rows grouped by key in the keys'
  // order, as CSV tables listing each site's lanes or processes usually are, then mostly look up
  // nothing. Requires: keys[i] was inserted at i for every i (so no key appears twice).
  uint32_t FindNear(std::string_view key, const std::vector<std::string>& keys,
                    uint32_t& near) const {
    if (near != kAbsent) {
      if (near < keys.size() && keys[near] == key) return near;
      if (near + size_t{1} < keys.size() && keys[near + 1] == key) return ++near;
    }
    uint32_t index = Find(key, keys);
    if (index != kAbsent) near = index;
    return index;
  }

  // Starts fetching the slot where `key` would be looked up, so that a Find or Insert of it
  // a little later need not wait for memory. Changes nothing.
  void Prefetch(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Hash(key) & mask_]);
  }

  size_t size() const { return size_; }
  void Clear() {
    slots_.assign(slots_.size(), Slot{});
    size_ = 0;
  }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t index = kAbsent;
  };

  static constexpr size_t kPrefetchAhead = 8;

  static uint32_t Hash(std::string_view key) {
    return static_cast<uint32_t>(std::hash<std::string_view>{}(key));
  }

  // Grows to at least 2 x n slots (a power of two), re-placing the present keys by their
  // stored hashes.
  void Rehash(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (const Slot& s : old) {
      if (s.index == kAbsent) continue;
      size_t i = s.hash & mask_;
      while (slots_[i].index != kAbsent) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace chaintwin::util
