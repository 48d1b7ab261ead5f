// Fuzzes the log scanner: arbitrary bytes against a fixed set of every indicator type,
// and against a set without IPv6 addresses and file names (whose vector pre-pass wakes
// only at "://" and at the dots of addresses and domains). Checks that every vector
// kernel finds exactly what the scalar kernel finds, and that streaming in small blocks
// finds exactly what one whole-buffer scan finds (no hit lost or doubled at buffer
// boundaries).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tools/sweep/input/byte_source.h"
#include "tools/sweep/match/stream_scanner.h"

namespace {

const warroom::sweep::IocSet* MakeSet(bool with_ipv6_and_file_names) {
  using namespace warroom::sweep;
  auto* s = new IocSet();
  for (const char* v : {"10.0.0.1", "10.1.2.0/24", "evil.com", "a.b.evil.com", "http://evil.test/a",
                        "http://evil.test/", "user@evil.test", "d41d8cd98f00b204e9800998ecf8427e",
                        "http://evil.test/abcd?x=1"}) {
    auto p = ParseIndicator(v);
    if (p) {
      s->Add(*p, v);
    }
  }
  if (with_ipv6_and_file_names) {
    for (const char* v : {"2001:db8::1", "evil.exe", "New Invoice.pdf"}) {
      auto p = ParseIndicator(v);
      if (p) {
        s->Add(*p, v);
      }
    }
  }
  s->Finalize();
  return s;
}

bool SameHits(const std::vector<warroom::sweep::RawHit>& a,
              const std::vector<warroom::sweep::RawHit>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].offset != b[i].offset || a[i].length != b[i].length ||
        a[i].indicator != b[i].indicator) {
      return false;
    }
  }
  return true;
}

void Check(const warroom::sweep::IocSet& set, std::string_view text) {
  using namespace warroom::sweep;
  const Matcher matcher(set);
  const std::vector<RawHit> whole = matcher.ScanAll(text.data(), text.size());
  for (const ScanKernel kernel : {ScanKernel::kScalar, ScanKernel::kSse2, ScanKernel::kAvx2}) {
    if (!KernelSupported(kernel)) {
      continue;
    }
    if (!SameHits(Matcher(set, kernel).ScanAll(text.data(), text.size()), whole)) {
      __builtin_trap();
    }
  }
  auto source = OpenDecoder(std::make_unique<MemoryReader>(text), DecodeLimits{});
  if (!source || (*source)->SourceEncoding() != Encoding::kPlain) {
    return;
  }
  StreamScanner scanner(matcher, 61);
  std::vector<RawHit> streamed;
  (void)scanner.Scan(
      **source,
      [&](const StreamHit& h) {
        streamed.push_back(RawHit{h.offset, static_cast<uint32_t>(h.match.size()), h.indicator});
      },
      [](uint64_t) {}, nullptr);
  if (!SameHits(streamed, whole)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const warroom::sweep::IocSet* every_type = MakeSet(true);
  static const warroom::sweep::IocSet* fewer_triggers = MakeSet(false);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Check(*every_type, text);
  Check(*fewer_triggers, text);
  return 0;
}
