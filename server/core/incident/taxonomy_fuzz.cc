// Fuzzes RsitTaxonomy::ParseCsv (the reference data's rsit_taxonomy.csv, or a deployment's
// own copy) and checks the invariants of a successful parse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "server/core/incident/taxonomy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto taxonomy = warroom::core::RsitTaxonomy::ParseCsv(input);
  if (!taxonomy.has_value()) {
    if (taxonomy.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  if (taxonomy->empty()) std::abort();
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& t : taxonomy->types()) {
    if (t.class_key.empty() || t.type_key.empty() || t.class_name.empty() || t.type_name.empty() ||
        !taxonomy->Contains(t.class_key, t.type_key) || !taxonomy->HasClass(t.class_key) ||
        !seen.emplace(t.class_key, t.type_key).second) {
      std::abort();
    }
  }
  return 0;
}
