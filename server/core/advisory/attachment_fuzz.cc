// Fuzzes SniffAttachment and SanitiseFileName: any bytes in, no crash or read past the
// input; a sanitised name is valid UTF-8, non-empty, within its bound and free of
// characters that would break a header or a path.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libs/base/utf8.h"
#include "server/core/advisory/attachment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)warroom::core::advisory::SniffAttachment(input, "fuzz.csv");
  const std::string name = warroom::core::advisory::SanitiseFileName(input);
  if (name.empty() || name.size() > warroom::core::advisory::kMaxFileNameBytes ||
      !warroom::IsValidUtf8(name) || name.find_first_of("/\\\"\r\n;") != std::string::npos) {
    std::abort();
  }
  return 0;
}
