// Fuzzes the parsers of user-supplied TOTP input: base32 secrets and typed codes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/core/auth/totp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto decoded = warroom::core::auth::Base32Decode(input);
  if (decoded.has_value()) {
    // A successful decode must round-trip to the canonical encoding of the same bytes.
    auto again = warroom::core::auth::Base32Decode(warroom::core::auth::Base32Encode(*decoded));
    if (!again.has_value() || *again != *decoded) {
      std::abort();
    }
  }
  const auto now = warroom::ports::TimePoint(std::chrono::seconds(1'700'000'000));
  auto verified = warroom::core::auth::VerifyTotp("12345678901234567890", input, now, -1);
  if (verified.has_value() && (*verified < 56'666'665 || *verified > 56'666'667)) {
    std::abort();
  }
  (void)warroom::core::auth::OtpauthUri("Issuer", input, "MZXW6YTBOI");
  return 0;
}
