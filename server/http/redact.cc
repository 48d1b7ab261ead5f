#include "server/http/redact.h"

#include <algorithm>

namespace warroom::http {

std::string RedactedPath(const std::string& path) {
  constexpr size_t kLongestKeptSegment = 20;  // link tokens and API tokens are 32+ characters
  std::string out;
  out.reserve(path.size());
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    if (end - start > kLongestKeptSegment) {
      out += "{redacted}";
    } else {
      out.append(path, start, end - start);
    }
    if (end == path.size()) break;
    out += '/';
    start = end + 1;
  }
  return out;
}

}  // namespace warroom::http
