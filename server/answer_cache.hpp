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
  int64_t hits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
  }

 private:
  struct Entry {
    int64_t version = 0;
    std::shared_ptr<const std::string> text;
  };
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  int64_t hits_ = 0;
};

}  // namespace chaintwin::server
