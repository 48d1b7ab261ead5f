// Fuzzes the parsers of presented credentials: API tokens and typed recovery codes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/core/auth/secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto token = warroom::core::auth::ParseApiToken(input);
  if (token.has_value() && warroom::core::auth::FormatApiToken(*token) != input) {
    std::abort();  // parsing must be exact: what parses formats back to the same text
  }
  auto code = warroom::core::auth::NormalizeRecoveryCode(input);
  if (code.has_value()) {
    auto again = warroom::core::auth::NormalizeRecoveryCode(*code);
    if (!again.has_value() || *again != *code) {
      std::abort();
    }
  }
  return 0;
}
