// Walks the paths given on the command line: files are taken as they are, directories
// recursively. Symbolic links are followed; a link back to a directory being walked
// (a loop) is reported and skipped, and a directory or file reached twice is walked
// once. Unreadable entries and dangling links are reported and skipped. The path "-"
// stands for standard input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace warroom::sweep {

// The path that names standard input; listed as a file (once, size 0) in its place
// among the roots. A file called "-" is reached as "./-".
inline constexpr std::string_view kStandardInput = "-";

struct WalkedFile {
  std::string path;
  uint64_t size = 0;
};

struct WalkProblem {
  std::string path;
  std::string message;
};

struct WalkResult {
  std::vector<WalkedFile> files;  // in walk order (directory entries sorted by name)
  std::vector<WalkProblem> problems;
  uint64_t skipped_special = 0;  // sockets, FIFOs and devices are not read
};

WalkResult WalkPaths(const std::vector<std::string>& roots);

}  // namespace warroom::sweep
