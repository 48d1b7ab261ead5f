#include "server/http/router.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string_view>

namespace warroom::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& params) {
  const auto want = Split(pattern);
  const auto have = Split(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (have[i].empty()) return false;
      found[std::string(w.substr(1, w.size() - 2))] = std::string(have[i]);
    } else if (w != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

Status Router::Validate(const Route& route) const {
  const std::string name = route.method + " " + route.pattern;
  if (route.access == Access::kSignedIn && !route.permission) {
    return Error::InvalidArgument(name + ": a signed-in route must declare its permission");
  }
  if (route.access != Access::kSignedIn && route.permission) {
    return Error::InvalidArgument(name + ": only signed-in routes check a permission");
  }
  if (!route.handler) return Error::InvalidArgument(name + ": no handler");
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      return Error::InvalidArgument(name + ": served twice");
    }
  }
  return Ok();
}

void Router::Add(Route route) {
  // A route that would run without its check must never serve: stop before listening.
  if (auto ok = Validate(route); !ok) {
    spdlog::critical(R"({{"event":"bad_route","error":"{}"}})", ok.error().message);
    std::abort();
  }
  routes_.push_back(std::move(route));
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params, bool& path_known) const {
  path_known = false;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> p;
    if (!MatchPattern(r.pattern, path, p)) continue;
    path_known = true;
    if (r.method == method) {
      params = std::move(p);
      return &r;
    }
  }
  return nullptr;
}

}  // namespace warroom::http
