// Fuzzes ParseCsv with small limits and checks the invariants of a successful parse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/core/csv/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  warroom::core::csv::CsvOptions options;
  options.max_field_bytes = 64;
  options.max_rows = 50;
  options.max_columns = 16;
  warroom::core::csv::CsvErrorLocation location;
  auto table = warroom::core::csv::ParseCsv(input, options, &location);
  if (!table.has_value()) {
    if (location.line < 1 || location.column < 1) {
      std::abort();  // every error must name a line and a column
    }
    return 0;
  }
  if (table->header.empty() || table->header.size() > options.max_columns ||
      table->rows.size() > options.max_rows) {
    std::abort();
  }
  std::int64_t previous_line = 1;
  for (const auto& row : table->rows) {
    if (row.fields.size() != table->header.size() || row.line <= previous_line) {
      std::abort();
    }
    for (const auto& field : row.fields) {
      if (field.size() > options.max_field_bytes) {
        std::abort();
      }
    }
    previous_line = row.line;
  }
  return 0;
}
