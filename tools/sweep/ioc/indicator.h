// One indicator of compromise: its type, how the scanner compares it, and the parser
// that recognises, refangs and normalises an indicator written by a person or a feed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "tools/sweep/ioc/ip_table.h"

namespace warroom::sweep {

enum class IocType : uint8_t {
  kIpv4,
  kIpv6,
  kDomain,
  kUrl,
  kMd5,
  kSha1,
  kSha256,
  kEmail,
  kFileName,
};
inline constexpr size_t kIocTypeCount = 9;

// Longest indicator accepted. The scanner keeps this much context on each side of a
// buffer, so every indicator is matched whole even across buffer boundaries.
inline constexpr size_t kMaxIndicatorLength = 4096;

// Stable lower-case name used in the JSON output: "ipv4", "ipv6", "domain", "url",
// "md5", "sha1", "sha256", "email", "filename".
const char* IocTypeName(IocType type);

// What a feed says about an entry's type before the value is seen.
struct TypeHint {
  enum class Kind : uint8_t { kAuto, kAnyIp, kAnyHash, kExact };
  Kind kind = Kind::kAuto;
  IocType type = IocType::kIpv4;

  static TypeHint Auto() { return {}; }
  static TypeHint Exact(IocType t) { return {Kind::kExact, t}; }
};

// Maps a type name used by CSV files, MISP attributes or people ("ip-dst", "hostname",
// "sha-256", "email-src", "filename", ...) to a hint. Fails with kInvalidArgument for
// names that are not detection indicators (e.g. "vulnerability", "file-extension").
Result<TypeHint> TypeHintFromName(std::string_view name);

// Undoes the usual defanging: "[.]", "(.)", "[dot]", "[:]", "[@]", "[at]", "hxxp://",
// "fxp://". Returns the text unchanged when there is nothing to undo.
std::string Refang(std::string_view text);

struct ParsedIndicator {
  IocType type = IocType::kIpv4;
  // Network prefix for IPv4/IPv6 (32/128 for a single address).
  int prefix = -1;
  uint32_t ipv4 = 0;
  Ipv6Bytes ipv6{};
  // Normalised text for string types: lower case, except the path, query and fragment
  // of a URL, which stay as given; a URL's bare "/" path is dropped.
  std::string key;
};

// Parses one indicator value (surrounding white space is ignored, defanging undone).
// With an automatic hint the type is detected: URL (has "scheme://"), IPv4 or CIDR,
// IPv6, MD5/SHA-1/SHA-256 by hex length, e-mail, file name (when the extension is a
// common file extension such as .exe or .dll), else domain. Fails with
// kInvalidArgument and a reason for empty, too long or malformed values.
Result<ParsedIndicator> ParseIndicator(std::string_view text, TypeHint hint = TypeHint::Auto());

// Parses a strict dotted quad "a.b.c.d" (each part 0-255, 1-3 digits).
bool ParseIpv4(std::string_view text, uint32_t* out);

// Parses an IPv6 address (any textual form inet_pton accepts).
bool ParseIpv6(std::string_view text, Ipv6Bytes* out);

// The part of a file name that the scanner uses as a pre-filter: the file name's
// trailing run of letters, digits, '.', '_' and '-', after its last '.' if it has one.
std::string_view FileNameFilterKey(std::string_view name);

}  // namespace warroom::sweep
