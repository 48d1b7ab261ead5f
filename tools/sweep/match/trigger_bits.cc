#include "tools/sweep/match/trigger_bits.h"

#include <cstring>

#include "tools/sweep/match/char_class.h"

#if defined(__x86_64__) && defined(__SSE2__)
#define WARROOM_SWEEP_X86 1
#include <immintrin.h>
#endif

namespace warroom::sweep {
namespace {

// 64 bytes per step: each kernel turns one block into one word of bits. The last,
// partial block is copied into a zero-padded block first; NUL bytes select nothing.
constexpr size_t kBlock = 64;

// Every kernel also returns the block's ':', '/', '.' and letter bits, from which
// ComputeTriggerBits derives the scheme and dot-candidate bits.
struct BlockOut {
  uint64_t* words;
  uint64_t* colons;
  uint64_t* slashes;
  uint64_t* dots;
  uint64_t* letters;
};

BlockOut At(const BlockOut& o, size_t block) {
  return BlockOut{o.words + block, o.colons + block, o.slashes + block, o.dots + block,
                  o.letters + block};
}

uint64_t BlockScalar(const char* d, const TriggerKinds& k, const BlockOut& o) {
  uint64_t out = 0;
  uint64_t word_bits = 0;
  uint64_t colon_bits = 0;
  uint64_t slash_bits = 0;
  uint64_t dot_bits = 0;
  uint64_t letter_bits = 0;
  for (size_t i = 0; i < kBlock; ++i) {
    const char c = d[i];
    const bool word = (ClassOf(c) & kClsWord) != 0;
    if (word) {
      word_bits |= uint64_t{1} << i;
    }
    if (c == '.') {
      dot_bits |= uint64_t{1} << i;
    }
    if ((ClassOf(c) & kClsAlpha) != 0) {
      letter_bits |= uint64_t{1} << i;
    }
    if (c == ':') {
      colon_bits |= uint64_t{1} << i;
    }
    if (c == '/') {
      slash_bits |= uint64_t{1} << i;
    }
    if ((k.dot && c == '.') || (k.colon && c == ':') || (k.at && c == '@') || (k.word && word)) {
      out |= uint64_t{1} << i;
    }
  }
  *o.words = word_bits;
  *o.colons = colon_bits;
  *o.slashes = slash_bits;
  *o.dots = dot_bits;
  *o.letters = letter_bits;
  if (k.long_word) {
    for (size_t chunk = 0; chunk < kBlock; chunk += 16) {
      bool all = true;
      for (size_t i = chunk; i < chunk + 16 && all; ++i) {
        all = (ClassOf(d[i]) & kClsWord) != 0;
      }
      if (all) {
        out |= uint64_t{1} << chunk;
      }
    }
  }
  return out;
}

#if defined(WARROOM_SWEEP_X86)

// Unsigned range tests are min_epu8(v - lo, hi - lo) == v - lo: SSE2 has no unsigned
// compare. Letters are (v | 0x20) in 'a'..'z', which holds only for ASCII letters.
struct Sse2Masks {
  explicit Sse2Masks(const TriggerKinds& k)
      : gate_dot(Gate(k.dot)),
        gate_colon(Gate(k.colon)),
        gate_at(Gate(k.at)),
        gate_word(Gate(k.word)) {}
  static __m128i Gate(bool on) { return _mm_set1_epi8(on ? static_cast<char>(-1) : 0); }
  __m128i gate_dot;
  __m128i gate_colon;
  __m128i gate_at;
  __m128i gate_word;
};

uint64_t BlockSse2(const char* d, const TriggerKinds& k, const Sse2Masks& g, const BlockOut& o) {
  uint64_t out = 0;
  uint64_t word_bits = 0;
  uint64_t colon_bits = 0;
  uint64_t slash_bits = 0;
  uint64_t dot_bits = 0;
  uint64_t letter_bits = 0;
  for (size_t part = 0; part < kBlock; part += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + part));
    const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
    const __m128i to_a = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(to_a, _mm_set1_epi8(25)), to_a);
    const __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const __m128i alnum =
        _mm_or_si128(letter, _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit));
    const __m128i word = _mm_or_si128(
        _mm_or_si128(alnum, dot),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
    const __m128i colon = _mm_cmpeq_epi8(v, _mm_set1_epi8(':'));
    __m128i trig = _mm_or_si128(_mm_and_si128(dot, g.gate_dot), _mm_and_si128(word, g.gate_word));
    trig = _mm_or_si128(trig, _mm_and_si128(colon, g.gate_colon));
    trig = _mm_or_si128(trig, _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('@')), g.gate_at));
    auto bits = static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(trig)));
    const auto w = static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(word)));
    if (k.long_word && w == 0xffff) {
      bits |= 1;
    }
    out |= bits << part;
    word_bits |= w << part;
    colon_bits |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(colon))) << part;
    slash_bits |= static_cast<uint64_t>(static_cast<unsigned>(
                      _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')))))
                  << part;
    dot_bits |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(dot))) << part;
    letter_bits |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(letter))) << part;
  }
  *o.words = word_bits;
  *o.colons = colon_bits;
  *o.slashes = slash_bits;
  *o.dots = dot_bits;
  *o.letters = letter_bits;
  return out;
}

// Filled in by BitsAvx2 (the only code that may build AVX2 values); passed by pointer
// so that no 256-bit value crosses a call.
struct Avx2Masks {
  __m256i gate_dot;
  __m256i gate_colon;
  __m256i gate_at;
  __m256i gate_word;
};

__attribute__((target("avx2"), always_inline)) inline uint64_t BlockAvx2(const char* d,
                                                                         const TriggerKinds& k,
                                                                         const Avx2Masks& g,
                                                                         const BlockOut& o) {
  uint64_t out = 0;
  uint64_t word_bits = 0;
  uint64_t colon_bits = 0;
  uint64_t slash_bits = 0;
  uint64_t dot_bits = 0;
  uint64_t letter_bits = 0;
  for (size_t part = 0; part < kBlock; part += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + part));
    const __m256i dot = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'));
    const __m256i to_a =
        _mm256_sub_epi8(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));
    const __m256i letter = _mm256_cmpeq_epi8(_mm256_min_epu8(to_a, _mm256_set1_epi8(25)), to_a);
    const __m256i digit = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    const __m256i alnum = _mm256_or_si256(
        letter, _mm256_cmpeq_epi8(_mm256_min_epu8(digit, _mm256_set1_epi8(9)), digit));
    const __m256i word = _mm256_or_si256(
        _mm256_or_si256(alnum, dot), _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('_')),
                                                     _mm256_cmpeq_epi8(v, _mm256_set1_epi8('-'))));
    const __m256i colon = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(':'));
    __m256i trig =
        _mm256_or_si256(_mm256_and_si256(dot, g.gate_dot), _mm256_and_si256(word, g.gate_word));
    trig = _mm256_or_si256(trig, _mm256_and_si256(colon, g.gate_colon));
    trig = _mm256_or_si256(
        trig, _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('@')), g.gate_at));
    auto bits = static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(trig)));
    const auto w = static_cast<uint32_t>(_mm256_movemask_epi8(word));
    if (k.long_word) {
      if ((w & 0xffffu) == 0xffffu) {
        bits |= 1;
      }
      if ((w >> 16) == 0xffffu) {
        bits |= uint64_t{1} << 16;
      }
    }
    out |= bits << part;
    word_bits |= uint64_t{w} << part;
    colon_bits |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(colon))} << part;
    slash_bits |= uint64_t{static_cast<uint32_t>(
                      _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'))))}
                  << part;
    dot_bits |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(dot))} << part;
    letter_bits |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(letter))} << part;
  }
  *o.words = word_bits;
  *o.colons = colon_bits;
  *o.slashes = slash_bits;
  *o.dots = dot_bits;
  *o.letters = letter_bits;
  return out;
}

void BitsSse2(const char* data, size_t size, const TriggerKinds& k, uint64_t* bits,
              const BlockOut& o) {
  const Sse2Masks g(k);
  size_t i = 0;
  for (; size - i >= kBlock; i += kBlock) {
    bits[i / kBlock] = BlockSse2(data + i, k, g, At(o, i / kBlock));
  }
  if (i < size) {
    alignas(64) char tail[kBlock] = {};
    std::memcpy(tail, data + i, size - i);
    bits[i / kBlock] = BlockSse2(tail, k, g, At(o, i / kBlock));
  }
}

__attribute__((target("avx2"))) void BitsAvx2(const char* data, size_t size, const TriggerKinds& k,
                                              uint64_t* bits, const BlockOut& o) {
  constexpr char kOn = static_cast<char>(-1);
  const Avx2Masks g{_mm256_set1_epi8(k.dot ? kOn : 0), _mm256_set1_epi8(k.colon ? kOn : 0),
                    _mm256_set1_epi8(k.at ? kOn : 0), _mm256_set1_epi8(k.word ? kOn : 0)};
  size_t i = 0;
  for (; size - i >= kBlock; i += kBlock) {
    bits[i / kBlock] = BlockAvx2(data + i, k, g, At(o, i / kBlock));
  }
  if (i < size) {
    alignas(64) char tail[kBlock] = {};
    std::memcpy(tail, data + i, size - i);
    bits[i / kBlock] = BlockAvx2(tail, k, g, At(o, i / kBlock));
  }
}

#endif  // WARROOM_SWEEP_X86

void BitsScalar(const char* data, size_t size, const TriggerKinds& k, uint64_t* bits,
                const BlockOut& o) {
  size_t i = 0;
  for (; size - i >= kBlock; i += kBlock) {
    bits[i / kBlock] = BlockScalar(data + i, k, At(o, i / kBlock));
  }
  if (i < size) {
    char tail[kBlock] = {};
    std::memcpy(tail, data + i, size - i);
    bits[i / kBlock] = BlockScalar(tail, k, At(o, i / kBlock));
  }
}

// Adds the scheme bits: a ':' with '/' one and two bytes on (in the next block too), and
// every ':' among the last two bytes, whose following bytes this window does not hold.
void AddSchemeBits(const char* data, size_t size, uint64_t* bits, const uint64_t* colons,
                   const uint64_t* slashes) {
  const size_t blocks = (size + kBlock - 1) / kBlock;
  for (size_t b = 0; b < blocks; ++b) {
    const uint64_t next = b + 1 < blocks ? slashes[b + 1] : 0;
    const uint64_t one_on = (slashes[b] >> 1) | (next << 63);
    const uint64_t two_on = (slashes[b] >> 2) | (next << 62);
    bits[b] |= colons[b] & one_on & two_on;
  }
  for (size_t i = size >= 2 ? size - 2 : 0; i < size; ++i) {
    if (data[i] == ':') {
      bits[i / kBlock] |= uint64_t{1} << (i % kBlock);
    }
  }
}

// Adds the dot-candidate bits: a '.' with another '.' two to four bytes before or after
// it (every dot of a dotted quad has one), or with a letter right after it (the dot
// before a top-level domain), and every '.' among the first and last four bytes, whose
// neighbours this window may not hold.
void AddDotCandidateBits(const char* data, size_t size, uint64_t* bits, const uint64_t* dots,
                         const uint64_t* letters) {
  const size_t blocks = (size + kBlock - 1) / kBlock;
  for (size_t b = 0; b < blocks; ++b) {
    const uint64_t here = dots[b];
    if (here == 0) {
      continue;
    }
    const uint64_t prev = b > 0 ? dots[b - 1] : 0;
    const uint64_t next = b + 1 < blocks ? dots[b + 1] : 0;
    uint64_t near = 0;
    for (unsigned k = 2; k <= 4; ++k) {
      near |= (here >> k) | (next << (64 - k)) | (here << k) | (prev >> (64 - k));
    }
    const uint64_t letter_after = (letters[b] >> 1) | ((b + 1 < blocks ? letters[b + 1] : 0) << 63);
    bits[b] |= here & (near | letter_after);
  }
  auto mark = [&](size_t i) {
    if (data[i] == '.') {
      bits[i / kBlock] |= uint64_t{1} << (i % kBlock);
    }
  };
  for (size_t i = 0; i < size && i < 4; ++i) {
    mark(i);
  }
  for (size_t i = size > 4 ? size - 4 : 0; i < size; ++i) {
    mark(i);
  }
}

}  // namespace

const char* ScanKernelName(ScanKernel kernel) {
  switch (kernel) {
    case ScanKernel::kScalar:
      return "scalar";
    case ScanKernel::kSse2:
      return "sse2";
    case ScanKernel::kAvx2:
      return "avx2";
  }
  return "scalar";
}

bool KernelSupported(ScanKernel kernel) {
  switch (kernel) {
#if defined(WARROOM_SWEEP_X86)
    case ScanKernel::kScalar:
    case ScanKernel::kSse2:
      return true;
    case ScanKernel::kAvx2:
      return __builtin_cpu_supports("avx2") != 0;
#else
    case ScanKernel::kScalar:
      return true;
    case ScanKernel::kSse2:
    case ScanKernel::kAvx2:
      return false;
#endif
  }
  return false;
}

ScanKernel BestKernel() {
  static const ScanKernel best = [] {
    for (const ScanKernel k : {ScanKernel::kAvx2, ScanKernel::kSse2}) {
      if (KernelSupported(k)) {
        return k;
      }
    }
    return ScanKernel::kScalar;
  }();
  return best;
}

void ComputeTriggerBits(ScanKernel kernel, const char* data, size_t size, const TriggerKinds& kinds,
                        uint64_t* triggers, uint64_t* words) {
  uint64_t colons[kTriggerWindow / kBlock];
  uint64_t slashes[kTriggerWindow / kBlock];
  uint64_t dots[kTriggerWindow / kBlock];
  uint64_t letters[kTriggerWindow / kBlock];
  const BlockOut out{words, colons, slashes, dots, letters};
  switch (kernel) {
#if defined(WARROOM_SWEEP_X86)
    case ScanKernel::kAvx2:
      BitsAvx2(data, size, kinds, triggers, out);
      break;
    case ScanKernel::kSse2:
      BitsSse2(data, size, kinds, triggers, out);
      break;
#endif
    default:
      BitsScalar(data, size, kinds, triggers, out);
      break;
  }
  if (kinds.scheme) {
    AddSchemeBits(data, size, triggers, colons, slashes);
  }
  if (kinds.dot_candidate) {
    AddDotCandidateBits(data, size, triggers, dots, letters);
  }
}

}  // namespace warroom::sweep
