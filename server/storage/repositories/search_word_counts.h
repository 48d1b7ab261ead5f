// SearchWordCounts: how many search keys each word of a directory search had lately,
// shared by the requests of one process.
//
// A search of several words is driven by its rarest word, which costs a statement that
// counts every word's keys. The same words come back often: the next page of a search,
// the same name typed by another operator. This remembers the counts for a while so
// that those searches skip the statement. A count only chooses which word drives the
// search: a stale one can make a search slower, never give it another answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace warroom::storage {

class SearchWordCounts {
 public:
  static constexpr int64_t kDefaultTtlMs = 60'000;
  static constexpr std::size_t kDefaultCapacity = 4096;

  explicit SearchWordCounts(int64_t ttl_ms = kDefaultTtlMs, std::size_t capacity = kDefaultCapacity)
      : ttl_ms_(ttl_ms), capacity_(capacity) {}
  SearchWordCounts(const SearchWordCounts&) = delete;
  SearchWordCounts& operator=(const SearchWordCounts&) = delete;

  // The count stored for `key` less than the time to live before `now_ms`.
  std::optional<int64_t> Find(const std::string& key, int64_t now_ms) const;
  // Remembers `count` for `key`. When full, the expired entries go first, and all of
  // them when none has expired: memory stays bounded and the next searches count again.
  void Store(const std::string& key, int64_t count, int64_t now_ms);
  std::size_t Size() const;

 private:
  struct Entry {
    int64_t count = 0;
    int64_t stored_at_ms = 0;
  };

  const int64_t ttl_ms_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace warroom::storage
