// Micro benchmarks: MB/s of the matcher and of the streaming scanner on a fixed mixed
// log corpus, and the time to load an indicator list, for several indicator counts.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "tools/sweep/ioc/ioc_loader.h"
#include "tools/sweep/match/stream_scanner.h"

namespace warroom::sweep {
namespace {

std::string Indicators(size_t n) {
  std::mt19937_64 rng(1);
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    switch (i % 4) {
      case 0:
        out += std::to_string(rng() % 223 + 1) + "." + std::to_string(rng() % 256) + "." +
               std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) + "\n";
        break;
      case 1:
        out += "h" + std::to_string(rng()) + ".example.net\n";
        break;
      case 2: {
        char hex[65];
        for (int k = 0; k < 64; ++k) {
          hex[k] = "0123456789abcdef"[rng() % 16];
        }
        hex[64] = '\0';
        out += std::string(hex) + "\n";
        break;
      }
      default:
        out += "http://u" + std::to_string(rng()) + ".example.org/p/" + std::to_string(i) + "\n";
    }
  }
  return out;
}

std::string Corpus() {
  std::mt19937 rng(2);
  std::string out;
  while (out.size() < (size_t{32} << 20)) {
    const unsigned a = rng() % 256;
    const unsigned b = rng() % 256;
    switch (rng() % 4) {
      case 0:
        out += "198.51." + std::to_string(a) + "." + std::to_string(b) +
               " - - [27/Nov/2025:10:00:01 +0100] \"GET /index.php?id=" + std::to_string(a) +
               " HTTP/1.1\" 200 5123 \"https://www.example.org/\" \"Mozilla/5.0 (Windows NT "
               "10.0; Win64; x64)\"\n";
        break;
      case 1:
        out += "27-Nov-2025 10:00:01.123 client 10.0." + std::to_string(a) + "." +
               std::to_string(b) + "#53211 query: cdn" + std::to_string(b) +
               ".static.example.com IN A + (10.0.0.53)\n";
        break;
      case 2:
        out += "Nov 27 10:00:01 fw01 kernel: DROP IN=eth0 OUT= SRC=203.0.113." + std::to_string(a) +
               " DST=192.0.2." + std::to_string(b) + " LEN=60 PROTO=TCP SPT=51234 DPT=443\n";
        break;
      default:
        out += "{\"EventID\":4688,\"Computer\":\"pc" + std::to_string(a) +
               ".corp.local\",\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\","
               "\"Hashes\":\"SHA256="
               "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}\n";
    }
  }
  return out;
}

void BmScan(benchmark::State& state) {
  IocSet set;
  LoadReport report;
  (void)LoadIocText(Indicators(static_cast<size_t>(state.range(0))), "bench", &set, &report);
  set.Finalize();
  const Matcher matcher(set);
  static const std::string corpus = Corpus();
  for (auto _ : state) {
    auto hits = matcher.ScanAll(corpus.data(), corpus.size());
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
}
BENCHMARK(BmScan)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BmStreamScan(benchmark::State& state) {
  IocSet set;
  LoadReport report;
  (void)LoadIocText(Indicators(100000), "bench", &set, &report);
  set.Finalize();
  const Matcher matcher(set);
  static const std::string corpus = Corpus();
  StreamScanner scanner(matcher);
  for (auto _ : state) {
    auto source = OpenDecoder(std::make_unique<MemoryReader>(corpus), DecodeLimits{});
    uint64_t hits = 0;
    (void)scanner.Scan(
        **source, [&](const StreamHit&) { ++hits; }, [](uint64_t) {}, nullptr);
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
}
BENCHMARK(BmStreamScan)->Unit(benchmark::kMillisecond);

void BmLoadList(benchmark::State& state) {
  const std::string text = Indicators(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    IocSet set;
    LoadReport report;
    (void)LoadIocText(text, "bench", &set, &report);
    set.Finalize();
    benchmark::DoNotOptimize(set);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BmLoadList)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace warroom::sweep

BENCHMARK_MAIN();
