// Fuzzes the STIX pattern reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/sweep/ioc/stix_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)warroom::sweep::ParseStixPattern(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
