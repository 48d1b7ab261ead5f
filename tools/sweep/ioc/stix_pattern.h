// Reads the comparisons out of a STIX 2.1 pattern, e.g.
//   [ipv4-addr:value = '198.51.100.7' OR ipv4-addr:value ISSUBSET '10.0.0.0/8']
//   [file:hashes.'SHA-256' IN ('ab..', 'cd..')] AND [file:name = 'x.exe'] WITHIN 60 SECONDS
// Observation operators (AND, OR, FOLLOWEDBY) and qualifiers are accepted and ignored:
// for a sweep, every value compared for equality is an indicator on its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::sweep {

struct StixComparison {
  std::string object_type;  // "ipv4-addr", "file", ...
  std::string property;     // "value", "hashes.'SHA-256'", "name", ...
  std::string op;           // "=", "!=", "IN", "ISSUBSET", "LIKE", "MATCHES", ...
  bool negated = false;
  std::vector<std::string> values;  // string literals unescaped; other literals as written
};

// Fails with kInvalidArgument on a syntax error (unbalanced brackets, unterminated
// string, missing operator or value).
Result<std::vector<StixComparison>> ParseStixPattern(std::string_view pattern);

}  // namespace warroom::sweep
