#include "tools/sweep/ioc/ip_table.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace warroom::sweep {

uint32_t Ipv4Table::Map::Insert(uint32_t key, uint32_t value) {
  if ((count + 1) * 2 > slots.size()) {
    std::vector<Slot> old = std::move(slots);
    const size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots.assign(capacity, Slot{});
    mask = capacity - 1;
    for (const Slot& s : old) {
      if (s.value == kNone) {
        continue;
      }
      size_t i = Hash(s.key) & mask;
      while (slots[i].value != kNone) {
        i = (i + 1) & mask;
      }
      slots[i] = s;
    }
  }
  size_t i = Hash(key) & mask;
  while (slots[i].value != kNone) {
    if (slots[i].key == key) {
      return slots[i].value;
    }
    i = (i + 1) & mask;
  }
  slots[i] = Slot{key, value};
  ++count;
  return value;
}

uint32_t Ipv4Table::Insert(uint32_t addr, int prefix, uint32_t value) {
  prefix = std::clamp(prefix, 0, 32);
  Map& map = by_prefix_[static_cast<size_t>(prefix)];
  const size_t before = map.count;
  const uint32_t id = map.Insert(addr & Mask(prefix), value);
  if (map.count != before) {
    ++count_;
  }
  return id;
}

void Ipv4Table::Finalize() {
  prefixes_.clear();
  for (int p = 32; p >= 0; --p) {
    Map& map = by_prefix_[static_cast<size_t>(p)];
    if (map.count == 0) {
      continue;
    }
    map.filter.Reset(map.count);
    for (const Map::Slot& s : map.slots) {
      if (s.value != kNone) {
        map.filter.Add(Map::FilterHash(s.key));
      }
    }
    prefixes_.push_back(p);
  }
}

Ipv6Bytes Ipv6Table::Masked(const Ipv6Bytes& addr, int prefix) {
  Ipv6Bytes out{};
  for (int i = 0; i < 16; ++i) {
    const int bits = std::clamp(prefix - i * 8, 0, 8);
    const auto mask = static_cast<uint8_t>(bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff);
    out[static_cast<size_t>(i)] = static_cast<uint8_t>(addr[static_cast<size_t>(i)] & mask);
  }
  return out;
}

size_t Ipv6Table::KeyHash::operator()(const Ipv6Bytes& a) const {
  uint64_t hi = 0;
  uint64_t lo = 0;
  std::memcpy(&hi, a.data(), 8);
  std::memcpy(&lo, a.data() + 8, 8);
  return static_cast<size_t>((hi * 0x9e3779b97f4a7c15ULL) ^ (lo + 0x632be59bd9b4e019ULL));
}

uint32_t Ipv6Table::Insert(const Ipv6Bytes& addr, int prefix, uint32_t value) {
  prefix = std::clamp(prefix, 0, 128);
  auto [it, inserted] =
      by_prefix_[static_cast<size_t>(prefix)].emplace(Masked(addr, prefix), value);
  if (inserted) {
    ++count_;
  }
  return it->second;
}

void Ipv6Table::Finalize() {
  prefixes_.clear();
  for (int p = 128; p >= 0; --p) {
    if (!by_prefix_[static_cast<size_t>(p)].empty()) {
      prefixes_.push_back(p);
    }
  }
}

}  // namespace warroom::sweep
