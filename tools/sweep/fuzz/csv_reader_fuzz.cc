// Fuzzes the CSV/TSV record reader with each delimiter.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sweep/ioc/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const char delim : {',', '\t', ';'}) {
    warroom::sweep::CsvReader reader(text, delim);
    std::vector<std::string> fields;
    size_t line = 0;
    bool unterminated = false;
    size_t records = 0;
    while (reader.Next(&fields, &line, &unterminated)) {
      if (++records > size + 1) {
        __builtin_trap();  // must always make progress
      }
    }
  }
  return 0;
}
