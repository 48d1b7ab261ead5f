// Address tables for IPv4 and IPv6 indicators. A single address is a /32 (or /128)
// network; a CIDR indicator is stored under its prefix length, and a lookup masks the
// address once per prefix length present (there are rarely more than a handful), so
// every indicator containing the address is found, most specific first.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "tools/sweep/ioc/bit_filter.h"

namespace warroom::sweep {

using Ipv6Bytes = std::array<uint8_t, 16>;

class Ipv4Table {
 public:
  static constexpr uint32_t kNone = 0xffffffffu;

  // Stores network `addr`/`prefix` (host bits are cleared); returns `value`, or the id
  // already stored for the same network.
  uint32_t Insert(uint32_t addr, int prefix, uint32_t value);
  void Finalize();
  bool Empty() const { return count_ == 0; }
  size_t Size() const { return count_; }

  // Calls fn(id) for every stored network that contains `addr`.
  template <typename Fn>
  void ForEachMatch(uint32_t addr, Fn&& fn) const {
    for (const int prefix : prefixes_) {
      const uint32_t key = addr & Mask(prefix);
      const Map& map = by_prefix_[static_cast<size_t>(prefix)];
      if (!map.filter.MayContain(Map::FilterHash(key))) {
        continue;
      }
      const uint32_t id = map.Find(key);
      if (id != kNone) {
        fn(id);
      }
    }
  }

  static uint32_t Mask(int prefix) { return prefix == 0 ? 0u : (0xffffffffu << (32 - prefix)); }

 private:
  struct Map {
    struct Slot {
      uint32_t key = 0;
      uint32_t value = kNone;
    };
    std::vector<Slot> slots;
    size_t mask = 0;
    size_t count = 0;
    BitFilter filter;  // built by Finalize(); the table is too big for the cache

    static uint64_t FilterHash(uint32_t key) {
      uint64_t h = (uint64_t{key} + 1) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
      h *= 0xbf58476d1ce4e5b9ULL;
      return h ^ (h >> 32);
    }

    static size_t Hash(uint32_t key) {
      return static_cast<size_t>((uint64_t{key} * 0x9e3779b97f4a7c15ULL) >> 20);
    }
    uint32_t Find(uint32_t key) const {
      if (count == 0) {
        return kNone;
      }
      size_t i = Hash(key) & mask;
      while (slots[i].value != kNone) {
        if (slots[i].key == key) {
          return slots[i].value;
        }
        i = (i + 1) & mask;
      }
      return kNone;
    }
    uint32_t Insert(uint32_t key, uint32_t value);
  };

  std::array<Map, 33> by_prefix_{};
  std::vector<int> prefixes_;  // present prefix lengths, longest first
  size_t count_ = 0;
};

class Ipv6Table {
 public:
  static constexpr uint32_t kNone = 0xffffffffu;

  uint32_t Insert(const Ipv6Bytes& addr, int prefix, uint32_t value);
  void Finalize();
  bool Empty() const { return count_ == 0; }
  size_t Size() const { return count_; }

  template <typename Fn>
  void ForEachMatch(const Ipv6Bytes& addr, Fn&& fn) const {
    for (const int prefix : prefixes_) {
      const auto& map = by_prefix_[static_cast<size_t>(prefix)];
      const auto it = map.find(Masked(addr, prefix));
      if (it != map.end()) {
        fn(it->second);
      }
    }
  }

  static Ipv6Bytes Masked(const Ipv6Bytes& addr, int prefix);

 private:
  struct KeyHash {
    size_t operator()(const Ipv6Bytes& a) const;
  };
  std::array<std::unordered_map<Ipv6Bytes, uint32_t, KeyHash>, 129> by_prefix_;
  std::vector<int> prefixes_;
  size_t count_ = 0;
};

}  // namespace warroom::sweep
