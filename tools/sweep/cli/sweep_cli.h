// Command-line entry point of warroom-sweep (parsing, --help, exit status).
#pragma once

#include <cstdio>

namespace warroom::sweep {

// Runs warroom-sweep with the given arguments; returns the process exit status:
// 0 nothing found, 1 hits found, 2 error (hits found before the error are printed).
int SweepMain(int argc, char** argv, std::FILE* out, std::FILE* err);

}  // namespace warroom::sweep
