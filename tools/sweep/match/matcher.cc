#include "tools/sweep/match/matcher.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "tools/sweep/match/char_class.h"

namespace warroom::sweep {

struct Matcher::Ctx {
  const char* data;
  size_t n;
  size_t own_begin;
  size_t own_end;
  bool at_end;
  uint64_t base;
  std::vector<RawHit>* out;

  bool Owns(size_t start) const { return start >= own_begin && start < own_end; }
  void Emit(size_t start, size_t len, uint32_t id) const {
    if (Owns(start)) {
      out->push_back(RawHit{base + start, static_cast<uint32_t>(len), id});
    }
  }
  unsigned char Lower(size_t i) const { return kLower[static_cast<unsigned char>(data[i])]; }
};

namespace {

// Compares a lower-case key with text, ignoring the case of the text.
bool EqualsLower(std::string_view key, const char* text) {
  for (size_t i = 0; i < key.size(); ++i) {
    if (key[i] != ToLower(text[i])) {
      return false;
    }
  }
  return true;
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;

// The high bit of every byte of x that equals c, exactly (no borrow between bytes).
inline uint64_t BytesEqual(uint64_t x, char c) {
  const uint64_t y = x ^ (kOnes * static_cast<unsigned char>(c));
  return ~(((y & kLow7) + kLow7) | y | kLow7);
}

inline uint64_t Load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}
#endif

// Returns the first i in [from, to) with d[i] == '-' or '_', else `to`; d[0, n) may be
// read. Eight bytes at a time, the last sixteen in two loads: most words have neither,
// and a loop whose length varies with the word would cost a mispredicted branch each.
inline size_t FindSeparator(const char* d, size_t from, size_t to, size_t n) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  auto marks = [](uint64_t x) { return BytesEqual(x, '-') | BytesEqual(x, '_'); };
  // The marks of the first `bytes` bytes of a load.
  auto keep = [](size_t bytes) {
    return bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (bytes * 8)) - 1;
  };
  while (to - from > 16) {
    if (const uint64_t m = marks(Load8(d + from)); m != 0) {
      return from + static_cast<size_t>(__builtin_ctzll(m)) / 8;
    }
    from += 8;
  }
  if (n - from >= 16) {
    // At most 16 bytes left, in two loads whatever their length.
    const size_t left = to - from;
    const uint64_t m0 = marks(Load8(d + from)) & keep(left);
    const uint64_t m1 = marks(Load8(d + from + 8)) & keep(left > 8 ? left - 8 : 0);
    if (m0 != 0) {
      return from + static_cast<size_t>(__builtin_ctzll(m0)) / 8;
    }
    return m1 != 0 ? from + 8 + static_cast<size_t>(__builtin_ctzll(m1)) / 8 : to;
  }
#endif
  while (from < to && d[from] != '-' && d[from] != '_') {
    ++from;
  }
  return from;
}

// Returns the last i in [from, to) with d[i] == '.', else `to`. The eight bytes before
// `to` in one load when they lie inside d (a top-level domain or the last part of an
// address is short).
inline size_t FindLastDot(const char* d, size_t from, size_t to) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (to >= 8 && to > from) {
    uint64_t m = BytesEqual(Load8(d + to - 8), '.');
    if (to - from < 8) {
      m &= ~uint64_t{0} << ((8 - (to - from)) * 8);  // bytes before `from`
    }
    if (m != 0) {
      return to - 8 + static_cast<size_t>(63 - __builtin_clzll(m)) / 8;
    }
    if (to - from <= 8) {
      return to;
    }
    to -= 8;
  }
#endif
  for (size_t i = to; i > from; --i) {
    if (d[i - 1] == '.') {
      return i - 1;
    }
  }
  return to;
}

// One to three digits at d[j]: their count and value, without branches (how many digits
// a part has varies from address to address, which a branch predictor cannot guess).
// d[j, j + 3) must be readable; a digit run ends at the first byte that is no digit.
inline uint32_t ParsePart(const char* d, size_t j, uint32_t* value) {
  const uint32_t a = static_cast<unsigned char>(d[j]) - uint32_t{'0'};
  const uint32_t b = static_cast<unsigned char>(d[j + 1]) - uint32_t{'0'};
  const uint32_t e = static_cast<unsigned char>(d[j + 2]) - uint32_t{'0'};
  const auto one = static_cast<uint32_t>(a < 10);
  const uint32_t two = one & static_cast<uint32_t>(b < 10);
  const uint32_t three = two & static_cast<uint32_t>(e < 10);
  const uint32_t digits = one + two + three;
  const uint32_t by_digits[4] = {0, a, a * 10 + b, a * 100 + b * 10 + e};
  *value = by_digits[digits];
  return digits;
}

// A dotted quad at d[*j] (four parts of one to three digits, each at most 255, joined by
// dots): its address in *addr and its end in *j. d[*j, *j + 16) must be readable: the
// four parts are read whatever they hold and judged once at the end, so that the only
// branch is whether this is an address at all.
inline bool ParseQuadFast(const char* d, size_t* j, uint32_t* addr) {
  size_t k = *j;
  uint32_t bad = 0;
  uint32_t a = 0;
#pragma GCC unroll 4
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      bad |= static_cast<uint32_t>(d[k] != '.');
      ++k;
    }
    uint32_t v = 0;
    const uint32_t digits = ParsePart(d, k, &v);
    bad |= static_cast<uint32_t>(digits == 0) | static_cast<uint32_t>(v > 255);
    a = (a << 8) | v;
    k += digits;
  }
  *j = k;
  *addr = a;
  return bad == 0;
}

// The same near the end of the buffer, within the word [.., we) and d[0, n).
inline bool ParseQuadSlow(const char* d, size_t we, size_t n, size_t* j, uint32_t* addr) {
  size_t k = *j;
  uint32_t a = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (k >= we || d[k] != '.') {
        return false;
      }
      ++k;
    }
    uint32_t v = 0;
    uint32_t digits = 0;
    if (k + 3 <= n) {
      digits = ParsePart(d, k, &v);
      k += digits;
    } else {
      while (k < we && digits < 3 && IsDigit(d[k])) {
        v = v * 10 + static_cast<uint32_t>(d[k] - '0');
        ++k;
        ++digits;
      }
    }
    if (digits == 0 || v > 255) {
      return false;
    }
    a = (a << 8) | v;
  }
  *j = k;
  *addr = a;
  return true;
}

inline bool IsHardNameSeparator(char c) {
  const auto u = static_cast<unsigned char>(c);
  return c == '/' || c == '\\' || c == '"' || c == '\'' || c == '=' || (u < 0x20 && c != '\t') ||
         u == 0x7f;
}

}  // namespace

Matcher::Matcher(const IocSet& iocs, ScanKernel kernel)
    : iocs_(iocs),
      kernel_(kernel),
      want_ipv4_(!iocs.Ipv4().Empty()),
      want_ipv6_(!iocs.Ipv6().Empty()),
      want_domain_(!iocs.Domains().Empty()),
      want_url_(!iocs.Urls().Empty()),
      want_hash_(!iocs.Hashes().Empty()),
      want_email_(!iocs.Emails().Empty()),
      want_file_name_(!iocs.FileNames().Empty()) {
  // Which bytes can start a check (see OnWord): words with a dot for IPv4, domains and
  // file names, a 16-byte run of word bytes for hashes (a 32-byte run always covers a
  // whole chunk of the 16-byte grid), ':' for IPv6, "://" for URLs, '@' for e-mail.
  // Logs are full of colons (times, JSON keys) that start no URL: without IPv6
  // indicators only a colon before "//" is looked at. Likewise, without file names
  // only the dots that can belong to an address or start a top-level domain are (not
  // those of "10:00:01.001", "HTTP/1.1" or "Mozilla/5.0").
  triggers_.dot = want_file_name_;
  triggers_.dot_candidate = (want_ipv4_ || want_domain_) && !want_file_name_;
  triggers_.colon = want_ipv6_;
  triggers_.scheme = want_url_ && !want_ipv6_;
  triggers_.at = want_email_;
  triggers_.long_word = want_hash_;
  triggers_.word = want_file_name_ && iocs.FileNameWithoutDotInLastWord();
}

std::vector<RawHit> Matcher::ScanAll(const char* data, size_t size) const {
  std::vector<RawHit> out;
  Scan(data, size, 0, size, true, 0, &out);
  return out;
}

void Matcher::Scan(const char* data, size_t size, size_t own_begin, size_t own_end, bool at_end,
                   uint64_t base, std::vector<RawHit>* out) const {
  Ctx c{data, size, own_begin, own_end, at_end, base, out};
  const size_t first_hit = out->size();
  if (kernel_ == ScanKernel::kScalar) {
    ScanEveryWord(c);
  } else {
    ScanTriggered(c);
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first_hit), out->end(),
            [](const RawHit& a, const RawHit& b) {
              if (a.offset != b.offset) {
                return a.offset < b.offset;
              }
              return a.indicator != b.indicator ? a.indicator < b.indicator : a.length < b.length;
            });
}

void Matcher::ScanEveryWord(Ctx& c) const {
  const char* data = c.data;
  const size_t size = c.n;
  const bool want_colon = want_url_ || want_ipv6_;
  size_t v6_done = 0;  // IPv6 candidates already examined end here
  size_t p = 0;
  while (p < size) {
    uint8_t cls = ClassOf(data[p]);
    if ((cls & kClsWord) != 0) {
      // A run of letters, digits, '.', '_' and '-': domains, IPv4, hashes, file names.
      const size_t ws = p;
      uint8_t acc = 0;
      do {
        acc |= cls;
        if (++p == size) {
          break;
        }
        cls = ClassOf(data[p]);
      } while ((cls & kClsWord) != 0);
      OnWord(c, ws, p, (acc & kClsDot) != 0);
      continue;
    }
    const char ch = data[p];
    if (ch == ':' && want_colon) {
      if (want_url_) {
        CheckUrl(c, p);
      }
      if (want_ipv6_ && p >= v6_done) {
        v6_done = CheckIpv6(c, p);
      }
    } else if (ch == '@' && want_email_) {
      CheckEmail(c, p);
    }
    ++p;
  }
}

void Matcher::ScanTriggered(Ctx& c) const {
  // The same walk as ScanEveryWord, except that words and bytes without a trigger bit
  // are skipped: OnWord would find nothing in them. Invariant: every word that contains
  // a byte at or after p starts at or after p, so a word found from a trigger at t is
  // examined once, and its start is found by walking back no further than p.
  const char* d = c.data;
  const size_t n = c.n;
  size_t v6_done = 0;
  size_t p = 0;
  uint64_t triggers[kTriggerWindow / 64];
  uint64_t words[kTriggerWindow / 64];
  for (size_t w = 0; w < n; w += kTriggerWindow) {
    const size_t wn = std::min(kTriggerWindow, n - w);
    if (p >= w + wn) {
      continue;  // a long word already took us past this window
    }
    ComputeTriggerBits(kernel_, d + w, wn, triggers_, triggers, words);
    const size_t blocks = (wn + 63) / 64;
    for (size_t k = 0; k < blocks; ++k) {
      const size_t block = w + k * 64;
      if (p >= block + 64) {
        continue;
      }
      uint64_t m = triggers[k];
      if (p > block) {
        m &= ~uint64_t{0} << (p - block);
      }
      while (m != 0) {
        const size_t t = block + static_cast<size_t>(__builtin_ctzll(m));
        m &= m - 1;
        const char ch = d[t];
        if (ch == ':') {
          if (want_url_) {
            CheckUrl(c, t);
          }
          if (want_ipv6_ && t >= v6_done) {
            v6_done = CheckIpv6(c, t);
          }
          p = t + 1;
          continue;
        }
        if (ch == '@') {
          CheckEmail(c, t);
          p = t + 1;
          continue;
        }
        // A word byte: find the word from the word bits (bytes outside this window
        // one at a time), and examine it once.
        size_t ws = w;
        {
          size_t kk = k;
          uint64_t before = ~words[kk] & ((uint64_t{1} << (t - block)) - 1);
          while (before == 0 && kk > 0) {
            --kk;
            before = ~words[kk];
          }
          if (before != 0) {
            ws = w + kk * 64 + 64 - static_cast<size_t>(__builtin_clzll(before));
          } else {
            while (ws > p && (ClassOf(d[ws - 1]) & kClsWord) != 0) {
              --ws;
            }
          }
        }
        size_t we = w + blocks * 64;
        {
          size_t kk = k;
          uint64_t after = ~words[kk] & (~uint64_t{0} << (t - block));
          while (after == 0 && kk + 1 < blocks) {
            ++kk;
            after = ~words[kk];
          }
          if (after != 0) {
            we = w + kk * 64 + static_cast<size_t>(__builtin_ctzll(after));
          }
          we = std::min(we, n);
          if (after == 0) {
            while (we < n && (ClassOf(d[we]) & kClsWord) != 0) {
              ++we;
            }
          }
        }
        const bool has_dot = ch == '.' || ((triggers_.dot || triggers_.dot_candidate) &&
                                           std::memchr(d + ws, '.', we - ws) != nullptr);
        OnWord(c, ws, we, has_dot);
        p = we;
        if (p >= block + 64) {
          break;
        }
        m &= ~uint64_t{0} << (p - block);
      }
    }
  }
}

void Matcher::OnWord(Ctx& c, size_t ws, size_t we, bool has_dot) const {
  // A word that reaches the end of a buffer may continue in the next one: its end is
  // unknown, so checks that need the end of the word are left to the next buffer.
  const bool end_known = we < c.n || c.at_end;
  if (has_dot) {
    if (want_ipv4_) {
      ScanIpv4(c, ws, we);
    }
    if (want_domain_ && end_known) {
      CheckDomain(c, ws, we);
    }
  }
  if (want_hash_ && we - ws >= 32) {
    ScanHashes(c, ws, we);
  }
  if (want_file_name_ && end_known) {
    CheckFileName(c, ws, we);
  }
}

void Matcher::ScanIpv4(Ctx& c, size_t ws, size_t we) const {
  const char* d = c.data;
  // An address is not preceded by a letter, digit or dot: inside a word it starts at
  // the word's start or after a '-' or '_'.
  for (size_t i = ws; i + 7 <= we; i = FindSeparator(d, i, we, c.n) + 1) {
    if (!IsDigit(d[i]) || !c.Owns(i)) {
      continue;
    }
    size_t j = i;
    uint32_t addr = 0;
    const bool ok =
        i + 16 <= c.n ? ParseQuadFast(d, &j, &addr) : ParseQuadSlow(d, we, c.n, &j, &addr);
    if (!ok) {
      continue;
    }
    // Not followed by a letter or digit, nor by a dot and a digit.
    if (j < c.n) {
      const char next = d[j];
      if (IsAlnum(next)) {
        continue;
      }
      if (next == '.') {
        if (j + 1 < c.n) {
          if (IsDigit(d[j + 1])) {
            continue;
          }
        } else if (!c.at_end) {
          continue;
        }
      }
    } else if (!c.at_end) {
      continue;
    }
    const size_t len = j - i;
    iocs_.Ipv4().ForEachMatch(addr, [&](uint32_t id) { c.Emit(i, len, id); });
  }
}

void Matcher::CheckDomain(Ctx& c, size_t ws, size_t we) const {
  const char* d = c.data;
  size_t de = we;
  while (de > ws && d[de - 1] == '.') {
    --de;  // the root dot, or the end of a sentence
  }
  if (de - ws < 3) {
    return;
  }
  // The top-level domain starts with a letter: an address or a version has none.
  const size_t last_dot = FindLastDot(d, ws, de);
  if (last_dot == de || last_dot == ws || (ClassOf(d[last_dot + 1]) & kClsAlpha) == 0) {
    return;
  }
  uint64_t h = kHashSeed;
  size_t i = de;
  while (i > last_dot + 1) {
    h = HashStep(h, c.Lower(i - 1));
    --i;
  }
  if (!iocs_.DomainTlds().MayContain(HashFinish(h))) {
    return;
  }
  const StringTable& table = iocs_.Domains();
  const size_t max_len = table.MaxLength();
  // Report the whole host name as the match, from its first letter or digit.
  size_t report = ws;
  while (report < de && !IsAlnum(d[report])) {
    ++report;
  }
  while (i > ws) {
    h = HashStep(h, '.');  // d[i - 1] is a dot
    --i;
    while (i > ws && d[i - 1] != '.') {
      h = HashStep(h, c.Lower(i - 1));
      --i;
    }
    const size_t len = de - i;
    if (len > max_len) {
      return;
    }
    const uint64_t fh = HashFinish(h);
    if (!table.HasLength(len) || !table.MayContain(fh)) {
      continue;
    }
    const uint32_t id =
        table.Find(fh, [&](std::string_view key) { return EqualsLower(key, d + i); });
    if (id == StringTable::kNone) {
      continue;
    }
    const size_t start = (de - report <= 253 && report <= i) ? report : i;
    c.Emit(start, de - start, id);
  }
}

void Matcher::ScanHashes(Ctx& c, size_t ws, size_t we) const {
  const char* d = c.data;
  const StringTable& table = iocs_.Hashes();
  size_t i = ws;
  while (i < we) {
    if (!IsAlnum(d[i])) {
      ++i;
      continue;
    }
    const size_t rs = i;
    bool hex = true;
    while (i < we && IsAlnum(d[i])) {
      hex = hex && IsHex(d[i]);
      ++i;
    }
    const size_t len = i - rs;
    if (!hex || (len != 32 && len != 40 && len != 64)) {
      continue;
    }
    if (i == c.n && !c.at_end) {
      continue;
    }
    if (!c.Owns(rs) || !table.HasLength(len)) {
      continue;
    }
    uint64_t h = kHashSeed;
    for (size_t k = rs; k < i; ++k) {
      h = HashStep(h, c.Lower(k));
    }
    const uint64_t fh = HashFinish(h);
    if (!table.MayContain(fh)) {
      continue;
    }
    const uint32_t id =
        table.Find(fh, [&](std::string_view key) { return EqualsLower(key, d + rs); });
    if (id != StringTable::kNone) {
      c.Emit(rs, len, id);
    }
  }
}

void Matcher::CheckFileName(Ctx& c, size_t ws, size_t we) const {
  const char* d = c.data;
  // Pre-filter on the tail of the word (after its last dot), as FileNameFilterKey.
  uint64_t h = kHashSeed;
  size_t t = we;
  while (t > ws && d[t - 1] != '.') {
    h = HashStep(h, c.Lower(t - 1));
    --t;
  }
  if (!iocs_.FileNameTails().MayContain(HashFinish(h))) {
    return;
  }
  const StringTable& table = iocs_.FileNames();
  const size_t max_len = table.MaxLength();
  auto probe = [&](size_t start, uint64_t hash) {
    const size_t len = we - start;
    if (len == 0 || !c.Owns(start) || !table.HasLength(len)) {
      return;
    }
    const uint64_t fh = HashFinish(hash);
    if (!table.MayContain(fh)) {
      return;
    }
    const uint32_t id =
        table.Find(fh, [&](std::string_view key) { return EqualsLower(key, d + start); });
    if (id != StringTable::kNone) {
      c.Emit(start, len, id);
    }
  };
  // Walk back from the end of the word; a name starts after a path separator, quote,
  // '=', blank or the start of a line. Names may contain blanks, so keep walking past
  // them up to the longest name.
  h = kHashSeed;
  size_t i = we;
  while (true) {
    if (i == 0) {
      probe(i, h);
      return;
    }
    const char prev = d[i - 1];
    if (IsHardNameSeparator(prev)) {
      probe(i, h);
      return;
    }
    if (prev == ' ' || prev == '\t') {
      probe(i, h);
    }
    if (we - i >= max_len) {
      return;
    }
    h = HashStep(h, c.Lower(i - 1));
    --i;
  }
}

void Matcher::CheckUrl(Ctx& c, size_t colon) const {
  const char* d = c.data;
  if (colon + 2 >= c.n || d[colon + 1] != '/' || d[colon + 2] != '/') {
    return;
  }
  size_t s = colon;
  while (s > 0 && IsAlnum(d[s - 1]) && colon - s <= 32) {
    --s;
  }
  if (s == colon || colon - s > 32 || (ClassOf(d[s]) & kClsAlpha) == 0) {
    return;
  }
  if (!c.Owns(s)) {
    return;
  }
  const StringTable& table = iocs_.Urls();
  const size_t max_len = table.MaxLength();
  uint64_t h = kHashSeed;
  for (size_t k = s; k < colon + 3; ++k) {
    h = HashStep(h, c.Lower(k));
  }
  size_t host_end = 0;  // 0 while still in the authority part
  uint64_t h_before_slash = 0;
  auto probe = [&](size_t end) {
    size_t len = end - s;
    uint64_t hash = h;
    const size_t host_len = (host_end == 0 ? end : host_end) - s;
    // A bare "/" path is stored without the slash.
    if (host_end != 0 && end == host_end + 1 && d[host_end] == '/') {
      len = host_end - s;
      hash = h_before_slash;
    }
    if (!table.HasLength(len)) {
      return;
    }
    const uint64_t fh = HashFinish(hash);
    if (!table.MayContain(fh)) {
      return;
    }
    const uint32_t id = table.Find(fh, [&](std::string_view key) {
      for (size_t k = 0; k < key.size(); ++k) {
        const char t = k < host_len ? ToLower(d[s + k]) : d[s + k];
        if (key[k] != t) {
          return false;
        }
      }
      return true;
    });
    if (id != StringTable::kNone) {
      c.Emit(s, end - s, id);
    }
  };
  // Most URLs in a log are no indicator's: give up after a few bytes of the host.
  const BitFilter* prefixes = iocs_.UrlPrefixes();
  const size_t prefix_end = colon + 3 + IocSet::kUrlPrefixAfterScheme;
  size_t i = colon + 3;
  while (true) {
    if (i - s > max_len + 1) {
      return;
    }
    if (i == prefix_end && prefixes != nullptr && !prefixes->MayContain(HashFinish(h))) {
      return;
    }
    if (i == c.n) {
      if (c.at_end) {
        probe(i);
      }
      return;
    }
    const char ch = d[i];
    if ((ClassOf(ch) & kClsUrlStop) != 0) {
      probe(i);
      return;
    }
    if (ch == '?' || ch == '#') {
      if (host_end == 0) {
        host_end = i;
      }
      probe(i);
    } else if (ch == '/' && host_end == 0) {
      host_end = i;
      h_before_slash = h;
    }
    h = HashStep(h, host_end == 0 ? c.Lower(i) : static_cast<unsigned char>(ch));
    ++i;
  }
}

size_t Matcher::CheckIpv6(Ctx& c, size_t colon) const {
  const char* d = c.data;
  constexpr size_t kMax = 45;
  size_t s = colon;
  while (s > 0 && (ClassOf(d[s - 1]) & kClsV6) != 0 && colon - s <= kMax) {
    --s;
  }
  size_t e = colon + 1;
  while (e < c.n && (ClassOf(d[e]) & kClsV6) != 0 && e - colon <= kMax) {
    ++e;
  }
  if (colon - s > kMax || e - colon > kMax) {
    return e;
  }
  if (e == c.n && !c.at_end) {
    return e;
  }
  size_t ms = s;
  size_t me = e;
  while (ms < me && d[ms] == '.') {
    ++ms;
  }
  while (me > ms && d[me - 1] == '.') {
    --me;
  }
  if (me - ms < 2 || !c.Owns(ms)) {
    return e;
  }
  size_t colons = 0;
  bool double_colon = false;
  for (size_t k = ms; k < me; ++k) {
    if (d[k] == ':') {
      ++colons;
      if (k + 1 < me && d[k + 1] == ':') {
        double_colon = true;
      }
    }
  }
  if (colons < 2 || (!double_colon && colons != 7)) {
    return e;
  }
  Ipv6Bytes addr;
  if (!ParseIpv6(std::string_view(d + ms, me - ms), &addr)) {
    return e;
  }
  iocs_.Ipv6().ForEachMatch(addr, [&](uint32_t id) { c.Emit(ms, me - ms, id); });
  return e;
}

void Matcher::CheckEmail(Ctx& c, size_t at) const {
  const char* d = c.data;
  size_t ls = at;
  while (ls > 0 && (ClassOf(d[ls - 1]) & kClsLocal) != 0 && at - ls <= 64) {
    --ls;
  }
  if (ls == at || at - ls > 64 || !c.Owns(ls)) {
    return;
  }
  size_t le = at + 1;
  while (le < c.n && (ClassOf(d[le]) & kClsWord) != 0 && le - at <= 256) {
    ++le;
  }
  if (le - at > 256 || (le == c.n && !c.at_end)) {
    return;
  }
  while (le > at + 1 && d[le - 1] == '.') {
    --le;
  }
  if (le == at + 1) {
    return;
  }
  const StringTable& table = iocs_.Emails();
  const size_t len = le - ls;
  if (!table.HasLength(len)) {
    return;
  }
  uint64_t h = kHashSeed;
  for (size_t k = ls; k < le; ++k) {
    h = HashStep(h, c.Lower(k));
  }
  const uint64_t fh = HashFinish(h);
  if (!table.MayContain(fh)) {
    return;
  }
  const uint32_t id =
      table.Find(fh, [&](std::string_view key) { return EqualsLower(key, d + ls); });
  if (id != StringTable::kNone) {
    c.Emit(ls, len, id);
  }
}

}  // namespace warroom::sweep
