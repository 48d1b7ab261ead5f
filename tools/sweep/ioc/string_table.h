// StringTable: an open-addressing hash table from normalised indicator text to an
// indicator id, built for the scanner's hot loop. Callers compute the hash (see
// char_class.h) so that the scanner can hash a token while it walks it; lookups first
// consult a bit filter small enough to stay in cache, so most tokens of a log line cost
// one cache-resident bit test and never touch the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sweep/ioc/bit_filter.h"

namespace warroom::sweep {

class StringTable {
 public:
  static constexpr uint32_t kNone = 0xffffffffu;

  // Inserts `key` (already normalised) with `hash`; returns the id stored for the key,
  // which is `value` when the key is new and the earlier id when it is a duplicate.
  uint32_t Insert(uint64_t hash, std::string_view key, uint32_t value);

  // Rebuilds the filter; call after the last Insert and before lookups.
  void Finalize();

  size_t Size() const { return entries_.size(); }
  bool Empty() const { return entries_.empty(); }
  size_t MaxLength() const { return max_length_; }

  // True when some key has exactly `len` bytes.
  bool HasLength(size_t len) const {
    return len < length_bits_.size() * 64 && ((length_bits_[len >> 6] >> (len & 63)) & 1u) != 0;
  }

  // Cheap negative test: false means no key has this hash.
  bool MayContain(uint64_t hash) const { return filter_.MayContain(hash); }

  // Returns the id whose key has `hash` and for which `equal(key)` holds, or kNone.
  template <typename Equal>
  uint32_t Find(uint64_t hash, Equal&& equal) const {
    if (slots_.empty()) {
      return kNone;
    }
    size_t i = hash & slot_mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.entry == kNone) {
        return kNone;
      }
      if (s.hash == hash) {
        const Entry& e = entries_[s.entry];
        if (equal(std::string_view(arena_.data() + e.offset, e.length))) {
          return e.value;
        }
      }
      i = (i + 1) & slot_mask_;
    }
  }

  // Plain exact lookup, for keys that are already normalised.
  uint32_t FindExact(uint64_t hash, std::string_view key) const {
    return Find(hash, [key](std::string_view k) { return k == key; });
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t entry = kNone;
  };
  struct Entry {
    uint32_t offset;
    uint32_t length;
    uint32_t value;
  };

  void Grow();

  std::vector<Slot> slots_;
  size_t slot_mask_ = 0;
  std::vector<Entry> entries_;
  std::string arena_;
  BitFilter filter_;
  std::vector<uint64_t> length_bits_;
  size_t max_length_ = 0;
};

}  // namespace warroom::sweep
