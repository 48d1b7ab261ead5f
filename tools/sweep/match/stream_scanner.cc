#include "tools/sweep/match/stream_scanner.h"

#include <algorithm>

namespace warroom::sweep {

StreamScanner::StreamScanner(const Matcher& matcher, size_t block)
    : matcher_(matcher), block_(std::max<size_t>(block, 1)) {
  buffer_.resize(block_ + 2 * Matcher::kContext);
}

}  // namespace warroom::sweep
