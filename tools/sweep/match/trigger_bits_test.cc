#include "tools/sweep/match/trigger_bits.h"

#include <gtest/gtest.h>

#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "tools/sweep/match/char_class.h"

namespace warroom::sweep {
namespace {

bool IsWordByte(char c) { return (ClassOf(c) & kClsWord) != 0; }

struct Bits {
  std::vector<uint64_t> triggers;
  std::vector<uint64_t> words;
  bool operator==(const Bits& o) const { return triggers == o.triggers && words == o.words; }
};

void PrintTo(const Bits& b, std::ostream* os) {
  for (size_t i = 0; i < b.triggers.size(); ++i) {
    *os << std::hex << b.triggers[i] << "/" << b.words[i] << " ";
  }
}

// The definition in trigger_bits.h, written out byte by byte.
Bits Expected(std::string_view data, const TriggerKinds& k) {
  std::vector<uint64_t> bits((data.size() + 63) / 64, 0);
  std::vector<uint64_t> words(bits.size(), 0);
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    bool set = (k.dot && c == '.') || (k.colon && c == ':') || (k.at && c == '@') ||
               (k.word && IsWordByte(c));
    if (k.scheme && c == ':') {
      set = set || i + 2 >= data.size() || (data[i + 1] == '/' && data[i + 2] == '/');
    }
    if (k.dot_candidate && c == '.') {
      bool near = false;
      for (size_t dist = 2; dist <= 4; ++dist) {
        near = near || (i >= dist && data[i - dist] == '.') ||
               (i + dist < data.size() && data[i + dist] == '.');
      }
      const bool letter_after = i + 1 < data.size() && (ClassOf(data[i + 1]) & kClsAlpha) != 0;
      set = set || near || letter_after || i < 4 || i + 4 >= data.size();
    }
    if (k.long_word && i % 16 == 0 && i + 16 <= data.size()) {
      bool all = true;
      for (size_t j = i; j < i + 16; ++j) {
        all = all && IsWordByte(data[j]);
      }
      set = set || all;
    }
    if (set) {
      bits[i / 64] |= uint64_t{1} << (i % 64);
    }
    if (IsWordByte(c)) {
      words[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
  return Bits{bits, words};
}

Bits Compute(ScanKernel kernel, std::string_view data, const TriggerKinds& k) {
  // One spare word, filled with junk, must stay untouched.
  constexpr uint64_t kJunk = 0x5a5a5a5a5a5a5a5aULL;
  std::vector<uint64_t> bits((data.size() + 63) / 64 + 1, kJunk);
  std::vector<uint64_t> words(bits.size(), kJunk);
  ComputeTriggerBits(kernel, data.data(), data.size(), k, bits.data(), words.data());
  EXPECT_EQ(bits.back(), kJunk) << ScanKernelName(kernel);
  EXPECT_EQ(words.back(), kJunk) << ScanKernelName(kernel);
  bits.pop_back();
  words.pop_back();
  return Bits{bits, words};
}

TriggerKinds KindsFromMask(unsigned m) {
  TriggerKinds k;
  k.dot = (m & 1) != 0;
  k.colon = (m & 2) != 0;
  k.at = (m & 4) != 0;
  k.word = (m & 8) != 0;
  k.long_word = (m & 16) != 0;
  k.scheme = (m & 32) != 0;
  k.dot_candidate = (m & 64) != 0;
  return k;
}

std::vector<ScanKernel> SupportedKernels() {
  std::vector<ScanKernel> out;
  for (const ScanKernel k : {ScanKernel::kScalar, ScanKernel::kSse2, ScanKernel::kAvx2}) {
    if (KernelSupported(k)) {
      out.push_back(k);
    }
  }
  return out;
}

// Bytes that matter to the classifier, its range edges included, plus anything.
std::string RandomText(std::mt19937& rng, size_t size) {
  constexpr char kChars[] =
      "..::@@aAzZ09_-/`{[@\x60\x7f\x80\xff\xc3\x01 \t\n\x00://://"
      "ABCDEFabcdef0123456789.-_";
  static const std::string interesting(kChars, sizeof(kChars) - 1);
  std::string s(size, '\0');
  const auto mode = rng() % 3;
  for (char& c : s) {
    if (mode == 0 || rng() % 4 == 0) {
      c = static_cast<char>(rng() % 256);
    } else if (mode == 1) {
      c = interesting[rng() % interesting.size()];
    } else {
      // Long word runs, so that the 16-byte chunks are sometimes all word bytes.
      c = rng() % 40 == 0 ? ' ' : "abcdef0123456789.-_X"[rng() % 20];
    }
  }
  return s;
}

TEST(TriggerBitsTest, EveryKernelMatchesTheDefinitionOnRandomBytes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 600; ++round) {
    // Sizes around the 16/32/64-byte lanes and up to a whole window.
    size_t size = rng() % 200;
    if (round % 5 == 0) {
      size = kTriggerWindow - rng() % 130;
    }
    const std::string text = RandomText(rng, size);
    const TriggerKinds kinds = KindsFromMask(rng() % 128);
    const auto expected = Expected(text, kinds);
    for (const ScanKernel kernel : SupportedKernels()) {
      ASSERT_EQ(Compute(kernel, text, kinds), expected)
          << ScanKernelName(kernel) << " size " << size << " round " << round;
    }
  }
}

TEST(TriggerBitsTest, EveryByteValueInEveryLane) {
  for (const unsigned mask : {31u, 23u, 8u, 16u, 32u, 64u}) {
    const TriggerKinds kinds = KindsFromMask(mask);
    for (size_t lane = 0; lane < 64; ++lane) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text(64, 'a');
        text[lane] = static_cast<char>(byte);
        const auto expected = Expected(text, kinds);
        for (const ScanKernel kernel : SupportedKernels()) {
          ASSERT_EQ(Compute(kernel, text, kinds), expected)
              << ScanKernelName(kernel) << " byte " << byte << " lane " << lane;
        }
      }
    }
  }
}

TEST(TriggerBitsTest, LongWordChunksFollowTheGridFromTheStart) {
  TriggerKinds kinds;
  kinds.long_word = true;
  // 30 word bytes at 1..30 cover no whole chunk; 31 at 1..31 cover [16, 32).
  std::string text(" " + std::string(30, 'f') + " " + std::string(40, ' '));
  for (const ScanKernel kernel : SupportedKernels()) {
    EXPECT_EQ(Compute(kernel, text, kinds).triggers, std::vector<uint64_t>(2, 0))
        << ScanKernelName(kernel);
  }
  text[31] = 'f';
  for (const ScanKernel kernel : SupportedKernels()) {
    EXPECT_EQ(Compute(kernel, text, kinds).triggers, (std::vector<uint64_t>{uint64_t{1} << 16, 0}))
        << ScanKernelName(kernel);
  }
}

TEST(TriggerBitsTest, SchemeBitsMarkOnlyColonsBeforeTwoSlashes) {
  TriggerKinds kinds;
  kinds.scheme = true;
  // "://" inside a block and across the 64-byte block edge, colons of a time, a colon
  // with one slash, and a colon in the last two bytes of the data, whose next bytes the
  // caller has not passed.
  std::string text(128, ' ');
  text.replace(10, 8, "10:00:01");
  text.replace(30, 6, "http:/");
  text.replace(44, 8, "https://");
  text.replace(62, 4, "::/ ");
  text.replace(63, 3, "://");
  text[126] = ':';
  const std::vector<uint64_t> want = {uint64_t{1} << 49 | uint64_t{1} << 63,
                                      uint64_t{1} << (126 - 64)};
  for (const ScanKernel kernel : SupportedKernels()) {
    EXPECT_EQ(Compute(kernel, text, kinds).triggers, want) << ScanKernelName(kernel);
  }
}

TEST(TriggerBitsTest, DotCandidatesAreTheDotsOfAddressesAndDomains) {
  TriggerKinds kinds;
  kinds.dot_candidate = true;
  // Kept: the dots of a dotted quad across the block edge and of a domain; dropped:
  // the dots of a time, a protocol version and a lone number, away from the ends.
  std::string text(128, ' ');
  text.replace(10, 12, "10:00:01.001");  // dot at 18
  text.replace(24, 8, "HTTP/1.1");       // dot at 30
  text.replace(40, 8, "evil.com");       // dot at 44
  text.replace(58, 11, "192.168.1.1");   // dots at 61, 65, 67
  text.replace(80, 6, "1732.5");         // dot at 84
  const std::vector<uint64_t> want = {uint64_t{1} << 44 | uint64_t{1} << 61,
                                      uint64_t{1} << (65 - 64) | uint64_t{1} << (67 - 64)};
  for (const ScanKernel kernel : SupportedKernels()) {
    EXPECT_EQ(Compute(kernel, text, kinds).triggers, want) << ScanKernelName(kernel);
  }
  // Within four bytes of either end a dot is kept whatever surrounds it: the window
  // does not hold its neighbours.
  const std::string edges = "1.2 " + std::string(56, ' ') + " 3.4";
  const std::vector<uint64_t> edge_bits = {uint64_t{1} << 1 | uint64_t{1} << 62};
  for (const ScanKernel kernel : SupportedKernels()) {
    EXPECT_EQ(Compute(kernel, edges, kinds).triggers, edge_bits) << ScanKernelName(kernel);
  }
}

TEST(TriggerBitsTest, BestKernelIsSupported) {
  EXPECT_TRUE(KernelSupported(BestKernel()));
  EXPECT_TRUE(KernelSupported(ScanKernel::kScalar));
}

}  // namespace
}  // namespace warroom::sweep
