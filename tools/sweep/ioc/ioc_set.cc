#include "tools/sweep/ioc/ioc_set.h"

#include "tools/sweep/match/char_class.h"

namespace warroom::sweep {

uint64_t IocSet::ForwardHash(std::string_view lower) {
  uint64_t h = kHashSeed;
  for (const char c : lower) {
    h = HashStep(h, static_cast<unsigned char>(c));
  }
  return HashFinish(h);
}

uint64_t IocSet::ReverseHash(std::string_view lower) {
  uint64_t h = kHashSeed;
  for (size_t i = lower.size(); i > 0; --i) {
    h = HashStep(h, static_cast<unsigned char>(lower[i - 1]));
  }
  return HashFinish(h);
}

bool IocSet::Add(const ParsedIndicator& parsed, std::string_view given) {
  const auto id = static_cast<uint32_t>(indicators_.size());
  uint32_t stored = id;
  switch (parsed.type) {
    case IocType::kIpv4:
      stored = ipv4_.Insert(parsed.ipv4, parsed.prefix, id);
      break;
    case IocType::kIpv6:
      stored = ipv6_.Insert(parsed.ipv6, parsed.prefix, id);
      break;
    case IocType::kDomain: {
      stored = domains_.Insert(ReverseHash(parsed.key), parsed.key, id);
      if (stored == id) {
        const size_t dot = parsed.key.rfind('.');
        const std::string_view tld = std::string_view(parsed.key).substr(dot + 1);
        tlds_.Insert(ReverseHash(tld), tld, 0);
      }
      break;
    }
    case IocType::kUrl: {
      stored = urls_.Insert(ForwardHash(parsed.key), parsed.key, id);
      const size_t sep = parsed.key.find("://");
      const size_t prefix = sep + 3 + kUrlPrefixAfterScheme;
      if (sep == std::string::npos || parsed.key.size() < prefix) {
        url_prefix_usable_ = false;
      } else if (stored == id) {
        url_prefix_hashes_.push_back(ForwardHash(std::string_view(parsed.key).substr(0, prefix)));
      }
      break;
    }
    case IocType::kMd5:
    case IocType::kSha1:
    case IocType::kSha256:
      stored = hashes_.Insert(ForwardHash(parsed.key), parsed.key, id);
      break;
    case IocType::kEmail:
      stored = emails_.Insert(ForwardHash(parsed.key), parsed.key, id);
      break;
    case IocType::kFileName: {
      stored = file_names_.Insert(ReverseHash(parsed.key), parsed.key, id);
      if (stored == id) {
        const std::string_view tail = FileNameFilterKey(parsed.key);
        file_name_tails_.Insert(ReverseHash(tail), tail, 0);
        // The tail follows a '.' exactly when the name's last run has a dot.
        const char* tail_start = tail.data();
        if (tail_start == parsed.key.data() || *(tail_start - 1) != '.') {
          file_name_without_dot_ = true;
        }
      }
      break;
    }
  }
  if (stored != id) {
    ++duplicates_;
    return false;
  }
  Indicator ind;
  ind.type = parsed.type;
  ind.prefix = parsed.prefix;
  ind.value = std::string(given);
  indicators_.push_back(std::move(ind));
  ++counts_[static_cast<size_t>(parsed.type)];
  if ((parsed.type == IocType::kIpv4 && parsed.prefix < 32) ||
      (parsed.type == IocType::kIpv6 && parsed.prefix < 128)) {
    ++cidrs_;
  }
  return true;
}

void IocSet::Finalize() {
  ipv4_.Finalize();
  ipv6_.Finalize();
  for (StringTable* t :
       {&domains_, &tlds_, &urls_, &hashes_, &emails_, &file_names_, &file_name_tails_}) {
    t->Finalize();
  }
  url_prefixes_.Reset(url_prefix_hashes_.size());
  for (const uint64_t h : url_prefix_hashes_) {
    url_prefixes_.Add(h);
  }
  url_prefix_hashes_ = {};
}

}  // namespace warroom::sweep
