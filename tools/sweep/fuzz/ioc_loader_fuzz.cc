// Fuzzes the IoC file parsers (format detection, plain list, CSV/TSV, STIX, MISP) and
// checks that whatever loads can be finalised and matched against its own text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/sweep/ioc/ioc_loader.h"
#include "tools/sweep/match/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace warroom::sweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  IocSet set;
  LoadReport report;
  (void)LoadIocText(text, "fuzz", &set, &report);
  set.Finalize();
  Matcher matcher(set);
  (void)matcher.ScanAll(text.data(), text.size());
  return 0;
}
