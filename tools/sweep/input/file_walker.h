// Walks the paths given on the command line: files are taken as they are, directories
// recursively. Symbolic links are followed; a link back to a directory being walked
// (a loop) is reported and skipped, and a directory or file reached twice is walked
// once. Unreadable entries and dangling links are reported and skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warroom::sweep {

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
