// Fuzzes the log scanner: arbitrary bytes against a fixed set of every indicator type.
// Checks that every vector kernel finds exactly what the scalar kernel finds, and that
// streaming in small blocks finds exactly what one whole-buffer scan finds (no hit lost
// or doubled at buffer boundaries).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tools/sweep/input/byte_source.h"
#include "tools/sweep/match/stream_scanner.h"

namespace {

const warroom::sweep::IocSet& Set() {
  using namespace warroom::sweep;
  static const IocSet* set = [] {
    auto* s = new IocSet();
    for (const char* v : {"10.0.0.1", "10.1.2.0/24", "2001:db8::1", "evil.com", "a.b.evil.com",
                          "http://evil.test/a", "http://evil.test/", "user@evil.test",
                          "d41d8cd98f00b204e9800998ecf8427e", "evil.exe", "New Invoice.pdf",
                          "http://evil.test/abcd?x=1"}) {
      auto p = ParseIndicator(v);
      if (p) {
        s->Add(*p, v);
      }
    }
    s->Finalize();
    return s;
  }();
  return *set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace warroom::sweep;
  static const Matcher matcher(Set());
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<RawHit> whole = matcher.ScanAll(text.data(), text.size());
  for (const ScanKernel kernel : {ScanKernel::kScalar, ScanKernel::kSse2, ScanKernel::kAvx2}) {
    if (!KernelSupported(kernel)) {
      continue;
    }
    const std::vector<RawHit> other = Matcher(Set(), kernel).ScanAll(text.data(), text.size());
    if (other.size() != whole.size()) {
      __builtin_trap();
    }
    for (size_t i = 0; i < whole.size(); ++i) {
      if (other[i].offset != whole[i].offset || other[i].length != whole[i].length ||
          other[i].indicator != whole[i].indicator) {
        __builtin_trap();
      }
    }
  }
  MemoryReader reader(text);
  auto source = OpenDecoder(std::make_unique<MemoryReader>(text), DecodeLimits{});
  if (!source || (*source)->SourceEncoding() != Encoding::kPlain) {
    return 0;
  }
  StreamScanner scanner(matcher, 61);
  std::vector<RawHit> streamed;
  (void)scanner.Scan(
      **source,
      [&](const StreamHit& h) {
        streamed.push_back(RawHit{h.offset, static_cast<uint32_t>(h.match.size()), h.indicator});
      },
      [](uint64_t) {}, nullptr);
  if (streamed.size() != whole.size()) {
    __builtin_trap();
  }
  for (size_t i = 0; i < whole.size(); ++i) {
    if (streamed[i].offset != whole[i].offset || streamed[i].length != whole[i].length ||
        streamed[i].indicator != whole[i].indicator) {
      __builtin_trap();
    }
  }
  return 0;
}
