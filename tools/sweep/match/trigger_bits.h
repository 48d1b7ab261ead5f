// TriggerBits: the vector pre-pass of the matcher. Most bytes of a log cannot start a
// check (a word without a '.', shorter than the shortest hash, is neither a domain, an
// IPv4 address, a hash nor a file name), so the matcher first marks, 64 bytes at a time,
// the few bytes that can, and runs its checks only there.
#pragma once

#include <cstddef>
#include <cstdint>

namespace warroom::sweep {

// How the matcher walks a buffer. Every kernel finds exactly the same hits.
enum class ScanKernel : uint8_t {
  kScalar,  // portable: classifies every byte and looks at every word
  kSse2,    // x86-64: trigger bits from 16-byte vectors, checks only where a bit is set
  kAvx2,    // x86-64 with AVX2: the same with 32-byte vectors
};

const char* ScanKernelName(ScanKernel kernel);

// True when this CPU (and build) can run `kernel`.
bool KernelSupported(ScanKernel kernel);

// The fastest supported kernel.
ScanKernel BestKernel();

// Which bytes get a trigger bit. A "word" byte is a letter, digit, '.', '_' or '-'.
struct TriggerKinds {
  bool dot = false;  // '.'
  // A '.' that can be part of a dotted quad or start a top-level domain: one with
  // another '.' two to four bytes away, or with a letter right after it; and any '.' in
  // the first or last four bytes.
  bool dot_candidate = false;
  bool colon = false;      // ':'
  bool scheme = false;     // ':' followed by "//", and any ':' in the last two bytes
  bool at = false;         // '@'
  bool word = false;       // every word byte
  bool long_word = false;  // i where i % 16 == 0 and data[i, i + 16) are all word bytes
};

// Bytes covered by one ComputeTriggerBits call at most.
inline constexpr size_t kTriggerWindow = 4096;

// Fills (size + 63) / 64 words of each bitmap, where bit (i % 64) of word i / 64 stands
// for data[i]: `triggers` has the bits of the i in [0, size) selected by `kinds`, `words`
// the bits of word bytes; all other bits are clear. A ':' in the last two bytes gets a
// scheme bit whatever follows it: those bytes lie outside `data`. size <= kTriggerWindow;
// the 16-byte grid of long_word starts at data. Every kernel computes the same bits
// (kScalar with a table, byte by byte); `kernel` must be supported.
void ComputeTriggerBits(ScanKernel kernel, const char* data, size_t size, const TriggerKinds& kinds,
                        uint64_t* triggers, uint64_t* words);

}  // namespace warroom::sweep
