// Answers computed from the twin store, kept per store version (TwinStore::Version): the
// whole-network days of supply and the state are polled by every dashboard and partner system
// and cost milliseconds to fold and render, while the store changes far less often. An entry
// is served only while the store's version equals the one it was computed at, so an ingest
// (through this server or any other writer of the file) is never answered from before it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace chaintwin::server {

class AnswerCache {
 public:
  // 64 answers of the whole-network days of supply (about 330 KB each on the bundled
  // network) are about 21 MB.
  explicit AnswerCache(size_t capacity = 64) : capacity_(capacity) {}

  // The answer stored under `key` at `version`, or null.
  std::shared_ptr<const std::string> Get(const std::string& key, int64_t version) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.version != version) return nullptr;
    ++hits_;
    return it->second.text;
  }
  void Put(const std::string& key, int64_t version, std::shared_ptr<const std::string> text) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Entries of other versions are dead weight: drop them all when full (bounded memory).
    if (entries_.size() >= capacity_ && entries_.count(key) == 0) entries_.clear();
    entries_[key] = Entry{version, std::move(text)};
  }
  // Answers "as of now" (the current whole second): when the newest one under `key` was
  // computed at `version` for an earlier second, at most `max_age_ms` before `as_of`, one caller
  // is told to recompute (`claim` set) while every other caller gets that newest answer (its
  // own `as_of` field says which second it is of). So polling "now" costs one computation a
  // second without making every request of that second wait for it. Null when there is no such
  // answer (another version, too old, or none yet): compute it.
  std::shared_ptr<const std::string> GetRecent(const std::string& key, int64_t version, int64_t as_of,
                                               int64_t max_age_ms, bool& claim) {
    claim = false;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = recent_.find(key);
    if (it == recent_.end() || it->second.version != version) return nullptr;
    Recent& r = it->second;
    if (r.as_of == as_of) return r.text;
    if (r.as_of > as_of || as_of - r.as_of > max_age_ms) return nullptr;
    if (!r.refreshing) {
      r.refreshing = true;
      claim = true;
      return nullptr;
    }
    ++stale_served_;
    return r.text;
  }
  void PutRecent(const std::string& key, int64_t version, int64_t as_of,
                 std::shared_ptr<const std::string> text) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (recent_.size() >= capacity_ && recent_.count(key) == 0) recent_.clear();
    Recent& r = recent_[key];
    if (r.version == version && r.as_of > as_of) return;  // a newer second is already there
    r = Recent{version, as_of, std::move(text), false};
  }
  int64_t stale_served() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stale_served_;
  }
  int64_t hits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
  }

 private:
  struct Entry {
    int64_t version = 0;
    std::shared_ptr<const std::string> text;
  };
  struct Recent {
    int64_t version = 0;
    int64_t as_of = 0;
    std::shared_ptr<const std::string> text;
    bool refreshing = false;
  };
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<std::string, Recent> recent_;
  int64_t hits_ = 0;
  int64_t stale_served_ = 0;
};

}  // namespace chaintwin::server
