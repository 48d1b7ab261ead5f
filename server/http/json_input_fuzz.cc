// Fuzzes the strict JSON body reader with the field shapes the routes use.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/http/json_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  warroom::http::JsonInput in(body);
  (void)in.String("name_nl");
  (void)in.OptString("name_fr");
  (void)in.NullableString("external_id", 100);
  (void)in.NullableInt("parent_id");
  (void)in.OptIntArray("deputy_ids", 10);
  (void)in.OptStringArray("roles", 8, 32);
  (void)in.OptBool("disabled");
  (void)in.Finish();
  return 0;
}
