#include "server/storage/repositories/search_word_counts.h"

namespace warroom::storage {

std::optional<int64_t> SearchWordCounts::Find(const std::string& key, int64_t now_ms) const {
  const std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const int64_t age = now_ms - it->second.stored_at_ms;
  if (age < 0 || age >= ttl_ms_) return std::nullopt;
  return it->second.count;
}

void SearchWordCounts::Store(const std::string& key, int64_t count, int64_t now_ms) {
  const std::lock_guard lock(mu_);
  if (entries_.size() >= capacity_ && !entries_.contains(key)) {
    std::erase_if(entries_, [&](const auto& e) {
      const int64_t age = now_ms - e.second.stored_at_ms;
      return age < 0 || age >= ttl_ms_;
    });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_[key] = Entry{count, now_ms};
}

std::size_t SearchWordCounts::Size() const {
  const std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace warroom::storage
