#include "server/http/api_util.h"

namespace warroom::http {
namespace {

std::optional<int64_t> ParsePositive(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int64_t> PathId(const Request& r, const std::string& name) {
  auto it = r.params.find(name);
  if (it == r.params.end()) return std::nullopt;
  return ParsePositive(it->second);
}

Result<int> IfMatchVersion(const Request& r) {
  auto h = r.Header("if-match");
  if (!h) {
    return Error(ErrorCode::kPreconditionFailed, "if_match_required");
  }
  std::string v = *h;
  if (v.rfind("W/", 0) == 0) v.erase(0, 2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = ParsePositive(v);
  if (!n || *n > 1'000'000'000) {
    return Error::Invalid("malformed If-Match header",
                          {{"If-Match", 0, 0, "malformed_etag", "malformed_etag"}});
  }
  return static_cast<int>(*n);
}

std::string ETag(int version) { return "W/\"" + std::to_string(version) + "\""; }

Result<int> Limit(const Request& r) { return Limit(r, 50, 200); }

Result<int> Limit(const Request& r, int fallback, int max) {
  auto q = r.Query("limit");
  if (!q || q->empty()) return fallback;
  auto n = ParsePositive(*q);
  if (!n || *n > max) {
    return Error::Invalid("limit must be 1.." + std::to_string(max),
                          {{"limit", 0, 0, "out_of_range", "out_of_range"}});
  }
  return static_cast<int>(*n);
}

Response BadId() { return Problem(Error::NotFound("not_found")); }

}  // namespace warroom::http
