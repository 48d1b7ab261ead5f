#include "server/tests/harness/scenario.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace warroom::apitest {
namespace {

struct Capture {
  std::string name;
  std::string source;  // "$.a.b" or "header X"
};

struct Block {
  std::string name;
  int line = 0;
  std::string as = "anonymous";
  std::string method;
  std::string path;
  Headers headers;
  std::string body;
  int expect_status = 0;
  std::string expect_json;
  std::vector<Capture> captures;
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<Block> Parse(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return {};
  }
  std::vector<Block> blocks;
  enum class Part { kNone, kHead, kBody, kExpect } part = Part::kNone;
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    const std::string line = Trim(raw);
    if (line.rfind("###", 0) == 0) {
      blocks.push_back({});
      blocks.back().name = Trim(line.substr(3));
      blocks.back().line = n;
      part = Part::kHead;
      continue;
    }
    if (line.empty() || (line[0] == '#')) continue;
    if (blocks.empty()) {
      error = path + ":" + std::to_string(n) + ": text before the first ###";
      return {};
    }
    Block& b = blocks.back();
    if (line.rfind("EXPECT ", 0) == 0) {
      b.expect_status = std::atoi(line.substr(7).c_str());
      part = Part::kExpect;
      continue;
    }
    if (line[0] == '$' && line.find(" = ") != std::string::npos) {
      const size_t eq = line.find(" = ");
      b.captures.push_back({Trim(line.substr(1, eq - 1)), Trim(line.substr(eq + 3))});
      continue;
    }
    switch (part) {
      case Part::kHead:
        if (line.rfind("AS ", 0) == 0) {
          b.as = Trim(line.substr(3));
        } else if (b.method.empty()) {
          const size_t sp = line.find(' ');
          b.method = line.substr(0, sp);
          b.path = sp == std::string::npos ? "" : Trim(line.substr(sp + 1));
        } else if (line[0] != '{' && line[0] != '[' && line.find(':') != std::string::npos) {
          const size_t colon = line.find(':');
          b.headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
        } else {
          b.body = raw + "\n";
          part = Part::kBody;
        }
        break;
      case Part::kBody:
        b.body += raw + "\n";
        break;
      case Part::kExpect:
        b.expect_json += raw + "\n";
        break;
      case Part::kNone:
        break;
    }
  }
  return blocks;
}

core::Role RoleOf(const std::string& name, bool& ok) {
  static const std::map<std::string, core::Role> kRoles = {
      {"warroom_admin", core::Role::kWarroomAdmin},
      {"warroom_analyst", core::Role::kWarroomAnalyst},
      {"spoc", core::Role::kSpoc},
      {"member", core::Role::kMember},
      {"provider", core::Role::kProvider},
      {"auditor", core::Role::kAuditor},
      {"observer", core::Role::kObserver}};
  auto it = kRoles.find(name);
  ok = it != kRoles.end();
  return ok ? it->second : core::Role::kObserver;
}

// Follows "$.a.b[0].c".
std::optional<nlohmann::json> Select(const nlohmann::json& root, const std::string& path) {
  if (path.rfind('$', 0) != 0) return std::nullopt;
  const nlohmann::json* cur = &root;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.') {
      size_t j = path.find_first_of(".[", i + 1);
      const std::string key = path.substr(i + 1, j == std::string::npos ? j : j - i - 1);
      if (!cur->is_object() || !cur->contains(key)) return std::nullopt;
      cur = &(*cur)[key];
      i = j == std::string::npos ? path.size() : j;
    } else if (path[i] == '[') {
      size_t j = path.find(']', i);
      if (j == std::string::npos) return std::nullopt;
      const size_t idx = static_cast<size_t>(std::atol(path.substr(i + 1, j - i - 1).c_str()));
      if (!cur->is_array() || idx >= cur->size()) return std::nullopt;
      cur = &(*cur)[idx];
      i = j + 1;
    } else {
      return std::nullopt;
    }
  }
  return *cur;
}

std::atomic<int> g_unique{0};

}  // namespace

bool JsonContains(const nlohmann::json& actual, const nlohmann::json& expected,
                  std::string& where) {
  if (expected.is_string() && expected.get<std::string>() == "*") return !actual.is_discarded();
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        where += "/" + key + " (missing)";
        return false;
      }
      std::string inner = where + "/" + key;
      if (!JsonContains(actual[key], value, inner)) {
        where = inner;
        return false;
      }
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return false;
    for (size_t i = 0; i < expected.size(); ++i) {
      bool found = false;
      for (const auto& a : actual) {
        std::string ignored;
        if (JsonContains(a, expected[i], ignored)) {
          found = true;
          break;
        }
      }
      if (!found) {
        where += "/" + std::to_string(i) + " (no element matches)";
        return false;
      }
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    return expected.get<double>() == actual.get<double>();
  }
  return actual == expected;
}

int RunScenarioFile(TestServer& server, const std::string& path) {
  std::string error;
  auto blocks = Parse(path, error);
  if (!error.empty()) {
    ADD_FAILURE() << error;
    return 0;
  }
  std::map<std::string, std::string> vars;
  std::map<std::string, std::unique_ptr<HttpClient>> anonymous;
  // Replaces ${name} and ${name:arg}.
  auto expand = [&](const std::string& text, const std::string& where) {
    std::string out;
    size_t pos = 0;
    for (;;) {
      const size_t open = text.find("${", pos);
      const size_t close = open == std::string::npos ? open : text.find('}', open);
      if (close == std::string::npos) {
        out += text.substr(pos);
        return out;
      }
      out += text.substr(pos, open - pos);
      const std::string inner = text.substr(open + 2, close - open - 2);
      const size_t colon = inner.find(':');
      const std::string name = inner.substr(0, colon);
      const std::string arg = colon == std::string::npos ? "" : inner.substr(colon + 1);
      if (name == "org" && colon != std::string::npos) {
        out += std::to_string(server.OrgId(arg));
      } else if (name == "person" && colon != std::string::npos) {
        out += std::to_string(server.PersonId(arg));
      } else if (name == "unique") {
        out += std::to_string(getpid()) + "x" + std::to_string(++g_unique);
      } else if (vars.contains(name)) {
        out += vars[name];
      } else {
        ADD_FAILURE() << where << ": unknown variable ${" << name << "}";
      }
      pos = close + 1;
    }
  };
  for (const Block& b : blocks) {
    const std::string where = path + ":" + std::to_string(b.line) + " (" + b.name + ")";
    SCOPED_TRACE(where);
    HttpClient* client = nullptr;
    if (b.as == "anonymous") {
      auto& slot = anonymous[b.as];
      if (!slot) slot = server.NewClient();
      client = slot.get();
    } else {
      const size_t at = b.as.find('@');
      bool ok = false;
      const core::Role role = RoleOf(b.as.substr(0, at), ok);
      if (!ok) {
        ADD_FAILURE() << where << ": unknown role " << b.as;
        continue;
      }
      const int64_t org =
          at == std::string::npos ? server.WarRoomId() : server.OrgId(b.as.substr(at + 1));
      client = server.As(role, org).client.get();
    }
    Headers headers;
    for (const auto& [k, v] : b.headers) headers.emplace_back(k, expand(v, where));
    std::string body = Trim(expand(b.body, where));
    const auto resp = client->Send(b.method, expand(b.path, where), body, headers);
    EXPECT_EQ(resp.status, b.expect_status) << where << "\n" << resp.body;
    if (resp.status >= 400) {
      EXPECT_TRUE(resp.IsProblem()) << where << ": an error must be problem+json";
    }
    const std::string expected_text = Trim(expand(b.expect_json, where));
    const auto actual = resp.Json();
    if (!expected_text.empty()) {
      const auto expected = nlohmann::json::parse(expected_text, nullptr, false);
      if (expected.is_discarded()) {
        ADD_FAILURE() << where << ": the expected JSON does not parse";
      } else {
        std::string at;
        EXPECT_TRUE(JsonContains(actual, expected, at))
            << where << ": mismatch at " << at << "\nexpected " << expected.dump() << "\nactual "
            << resp.body;
      }
    }
    for (const auto& c : b.captures) {
      if (c.source.rfind("header ", 0) == 0) {
        std::string h = Trim(c.source.substr(7));
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        vars[c.name] = resp.Header(h);
      } else if (auto v = Select(actual, c.source)) {
        vars[c.name] = v->is_string() ? v->get<std::string>() : v->dump();
      } else {
        ADD_FAILURE() << where << ": nothing at " << c.source << " in " << resp.body;
      }
    }
  }
  return static_cast<int>(blocks.size());
}

}  // namespace warroom::apitest
