#include "tools/sweep/match/stream_scanner.h"

#include <algorithm>

namespace warroom::sweep {

StreamScanner::StreamScanner(const Matcher& matcher, size_t block, bool read_ahead)
    : matcher_(matcher), block_(std::max<size_t>(block, 1)), read_ahead_(read_ahead) {
  buffer_.resize(block_ + 2 * Matcher::kContext);
}

}  // namespace warroom::sweep
