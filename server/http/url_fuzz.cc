// Fuzzes the decoding of URL paths and query strings, and the cursor format.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/http/message.h"
#include "server/service/directory_service.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  (void)warroom::http::PercentDecode(s, true);
  (void)warroom::http::PercentDecode(s, false);
  std::string name;
  int64_t id = 0;
  if (warroom::service::DecodeCursor(std::string(s), name, id)) {
    // A decoded cursor encodes back to the same text.
    if (warroom::service::EncodeCursor(name, id) != s) __builtin_trap();
  }
  return 0;
}
