#include "tools/sweep/ioc/string_table.h"

namespace warroom::sweep {

uint32_t StringTable::Insert(uint64_t hash, std::string_view key, uint32_t value) {
  // Keep the load factor at or below 1/2 so that probe chains stay short.
  if ((entries_.size() + 1) * 2 > slots_.size()) {
    Grow();
  }
  size_t i = hash & slot_mask_;
  while (slots_[i].entry != kNone) {
    const Slot& s = slots_[i];
    if (s.hash == hash) {
      const Entry& e = entries_[s.entry];
      if (std::string_view(arena_.data() + e.offset, e.length) == key) {
        return e.value;
      }
    }
    i = (i + 1) & slot_mask_;
  }
  slots_[i].hash = hash;
  slots_[i].entry = static_cast<uint32_t>(entries_.size());
  entries_.push_back(
      Entry{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), value});
  arena_.append(key);
  const size_t words = key.size() / 64 + 1;
  if (length_bits_.size() < words) {
    length_bits_.resize(words, 0);
  }
  length_bits_[key.size() >> 6] |= uint64_t{1} << (key.size() & 63);
  if (key.size() > max_length_) {
    max_length_ = key.size();
  }
  return value;
}

void StringTable::Grow() {
  const size_t capacity = slots_.empty() ? 16 : slots_.size() * 2;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  slot_mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.entry == kNone) {
      continue;
    }
    size_t i = s.hash & slot_mask_;
    while (slots_[i].entry != kNone) {
      i = (i + 1) & slot_mask_;
    }
    slots_[i] = s;
  }
}

void StringTable::Finalize() {
  filter_.Reset(entries_.size());
  for (const Slot& s : slots_) {
    if (s.entry != kNone) {
      filter_.Add(s.hash);
    }
  }
}

}  // namespace warroom::sweep
