// Fuzzes the decompression framing (gzip members, zstd frames, magic detection) with
// small limits so that bombs are cut short.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tools/sweep/input/byte_source.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace warroom::sweep;
  DecodeLimits limits;
  limits.max_output = 8 << 20;
  limits.ratio_floor = 1 << 20;
  limits.max_ratio = 200;
  auto source = OpenDecoder(
      std::make_unique<MemoryReader>(std::string_view(reinterpret_cast<const char*>(data), size)),
      limits);
  if (!source) {
    return 0;
  }
  std::vector<char> buf(64 << 10);
  while (true) {
    auto n = (*source)->Read(buf.data(), buf.size());
    if (!n || *n == 0) {
      break;
    }
  }
  return 0;
}
