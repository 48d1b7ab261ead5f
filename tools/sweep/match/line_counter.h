// Counting '\n' bytes fast, to turn stream offsets into 1-based line numbers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace warroom::sweep {

// Returns the number of '\n' bytes in data[0, size).
uint64_t CountNewlines(const char* data, size_t size);

}  // namespace warroom::sweep
