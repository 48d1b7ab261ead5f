// warroom-sweep: see `warroom-sweep --help` and tools/sweep/README.md.
#include <cstdio>

#include "tools/sweep/cli/sweep_cli.h"

int main(int argc, char** argv) { return warroom::sweep::SweepMain(argc, argv, stdout, stderr); }
