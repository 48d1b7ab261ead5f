#include "tools/sweep/ioc/indicator.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "tools/sweep/match/char_class.h"

namespace warroom::sweep {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n' || s.front() == '\f' || s.front() == '\v')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n' || s.back() == '\f' || s.back() == '\v')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = ToLower(c);
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) {
      return false;
    }
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// Extensions that make a dotted name a file name rather than a domain. Ambiguous ones
// that are also busy top-level domains (.com, .sh, .py, .mov) are left out: give those
// a type in a CSV file.
constexpr std::array<std::string_view, 60> kFileExtensions = {
    "exe",  "dll",  "sys",  "bat", "cmd",  "ps1",  "psm1", "psd1", "vbs", "vbe", "js",   "jse",
    "wsf",  "wsh",  "hta",  "scr", "pif",  "cpl",  "msi",  "msp",  "lnk", "iso", "img",  "vhd",
    "vhdx", "jar",  "zip",  "rar", "7z",   "gz",   "tgz",  "tar",  "cab", "doc", "docx", "docm",
    "xls",  "xlsx", "xlsm", "ppt", "pptx", "pptm", "pdf",  "rtf",  "txt", "log", "dat",  "tmp",
    "bin",  "elf",  "so",   "php", "asp",  "aspx", "jsp",  "ocx",  "drv", "one", "chm",  "html"};

bool HasFileExtension(std::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= name.size()) {
    return false;
  }
  const std::string_view ext = name.substr(dot + 1);
  return std::any_of(kFileExtensions.begin(), kFileExtensions.end(),
                     [ext](std::string_view e) { return EqualsIgnoreCase(e, ext); });
}

bool IsAllHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsHex(c); });
}

// Host names: labels of letters, digits, '_' and '-' separated by single dots; at least
// two labels; the last one starts with a letter (no all-numeric "TLDs").
bool IsDomainName(std::string_view s) {
  if (s.empty() || s.size() > 253) {
    return false;
  }
  size_t labels = 0;
  size_t label_len = 0;
  size_t last_label_start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (label_len == 0) {
        return false;
      }
      ++labels;
      label_len = 0;
      last_label_start = i + 1;
    } else if ((ClassOf(c) & kClsWord) != 0) {
      if (++label_len > 63) {
        return false;
      }
    } else {
      return false;
    }
  }
  if (label_len == 0) {
    return false;
  }
  ++labels;
  return labels >= 2 && (ClassOf(s[last_label_start]) & kClsAlpha) != 0;
}

Result<ParsedIndicator> ParseDomain(std::string_view s) {
  if (StartsWithIgnoreCase(s, "*.")) {
    s.remove_prefix(2);
  }
  while (!s.empty() && s.back() == '.') {
    s.remove_suffix(1);  // root dot
  }
  if (!IsDomainName(s)) {
    return Error::InvalidArgument("not a domain name");
  }
  ParsedIndicator p;
  p.type = IocType::kDomain;
  p.key = Lower(s);
  return p;
}

bool IsEmailLocal(std::string_view s) {
  return !s.empty() && s.size() <= 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (ClassOf(c) & kClsLocal) != 0; });
}

Result<ParsedIndicator> ParseEmail(std::string_view s) {
  if (StartsWithIgnoreCase(s, "mailto:")) {
    s.remove_prefix(7);
  }
  const size_t at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) {
    return Error::InvalidArgument("not an e-mail address");
  }
  std::string_view domain = s.substr(at + 1);
  while (!domain.empty() && domain.back() == '.') {
    domain.remove_suffix(1);
  }
  if (!IsEmailLocal(s.substr(0, at)) || !IsDomainName(domain)) {
    return Error::InvalidArgument("not an e-mail address");
  }
  ParsedIndicator p;
  p.type = IocType::kEmail;
  p.key = Lower(s.substr(0, at)) + "@" + Lower(domain);
  return p;
}

Result<ParsedIndicator> ParseUrl(std::string_view s) {
  const size_t sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return Error::InvalidArgument("not a URL");
  }
  for (size_t i = 0; i < sep; ++i) {
    // The scanner reads a scheme as the letters and digits before "://".
    if (!IsAlnum(s[i]) || (i == 0 && !(ClassOf(s[i]) & kClsAlpha))) {
      return Error::InvalidArgument("URL scheme must be letters and digits");
    }
  }
  for (const char c : s) {
    if ((ClassOf(c) & kClsUrlStop) != 0) {
      return Error::InvalidArgument("URL contains a space, quote or bracket");
    }
  }
  size_t host_end = s.find_first_of("/?#", sep + 3);
  if (host_end == std::string_view::npos) {
    host_end = s.size();
  }
  if (host_end == sep + 3) {
    return Error::InvalidArgument("URL has no host");
  }
  ParsedIndicator p;
  p.type = IocType::kUrl;
  p.key = Lower(s.substr(0, host_end));
  std::string_view rest = s.substr(host_end);
  if (rest == "/") {
    rest = {};
  }
  p.key.append(rest);
  return p;
}

Result<ParsedIndicator> ParseHash(std::string_view s, std::optional<IocType> want) {
  if (!IsAllHex(s)) {
    return Error::InvalidArgument("hash is not hexadecimal");
  }
  IocType type;
  switch (s.size()) {
    case 32:
      type = IocType::kMd5;
      break;
    case 40:
      type = IocType::kSha1;
      break;
    case 64:
      type = IocType::kSha256;
      break;
    default:
      return Error::InvalidArgument("hash length is not 32, 40 or 64 hex digits");
  }
  if (want && *want != type) {
    return Error::InvalidArgument(std::string("hash length does not fit type ") +
                                  IocTypeName(*want));
  }
  ParsedIndicator p;
  p.type = type;
  p.key = Lower(s);
  return p;
}

Result<ParsedIndicator> ParseFileName(std::string_view s) {
  // A file name is matched as a whole path component: it cannot hold a separator, a
  // quote or '=', must not start with a space, and must end in a letter, digit, '.', '_'
  // or '-' (the scanner finds it at the end of such a run).
  if (s.empty()) {
    return Error::InvalidArgument("empty file name");
  }
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || c == '"' || c == '\'' || c == '=' || (u < 0x20 && c != '\t') ||
        u == 0x7f) {
      return Error::InvalidArgument("file name contains a path separator, quote, '=' or control");
    }
  }
  if (s.front() == ' ' || s.front() == '\t') {
    return Error::InvalidArgument("file name starts blank");
  }
  if ((ClassOf(s.back()) & kClsWord) == 0) {
    return Error::InvalidArgument("file name must end in a letter, digit, '.', '_' or '-'");
  }
  ParsedIndicator p;
  p.type = IocType::kFileName;
  p.key = Lower(s);
  return p;
}

Result<ParsedIndicator> ParseIpWithPrefix(std::string_view s, bool want_v4, bool want_v6) {
  int prefix = -1;
  std::string_view addr = s;
  const size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view digits = s.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return IsDigit(c); })) {
      return Error::InvalidArgument("bad CIDR prefix");
    }
    prefix = 0;
    for (const char c : digits) {
      prefix = prefix * 10 + (c - '0');
    }
    addr = s.substr(0, slash);
  }
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') {
    addr = addr.substr(1, addr.size() - 2);
  }
  ParsedIndicator p;
  if (want_v4 && ParseIpv4(addr, &p.ipv4)) {
    if (prefix > 32) {
      return Error::InvalidArgument("IPv4 prefix above 32");
    }
    p.type = IocType::kIpv4;
    p.prefix = prefix < 0 ? 32 : prefix;
    return p;
  }
  if (want_v6 && addr.find(':') != std::string_view::npos && ParseIpv6(addr, &p.ipv6)) {
    if (prefix > 128) {
      return Error::InvalidArgument("IPv6 prefix above 128");
    }
    p.type = IocType::kIpv6;
    p.prefix = prefix < 0 ? 128 : prefix;
    return p;
  }
  return Error::InvalidArgument("not an IP address");
}

}  // namespace

const char* IocTypeName(IocType type) {
  switch (type) {
    case IocType::kIpv4:
      return "ipv4";
    case IocType::kIpv6:
      return "ipv6";
    case IocType::kDomain:
      return "domain";
    case IocType::kUrl:
      return "url";
    case IocType::kMd5:
      return "md5";
    case IocType::kSha1:
      return "sha1";
    case IocType::kSha256:
      return "sha256";
    case IocType::kEmail:
      return "email";
    case IocType::kFileName:
      return "filename";
  }
  return "unknown";
}

Result<TypeHint> TypeHintFromName(std::string_view raw) {
  const std::string name = Lower(Trim(raw));
  struct Alias {
    std::string_view name;
    TypeHint hint;
  };
  static const Alias k_aliases[] = {
      {"", TypeHint::Auto()},
      {"auto", TypeHint::Auto()},
      {"indicator", TypeHint::Auto()},
      {"ip", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ip-src", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ip-dst", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ip-src|port", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ip-dst|port", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ip_address", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"cidr", {TypeHint::Kind::kAnyIp, IocType::kIpv4}},
      {"ipv4", TypeHint::Exact(IocType::kIpv4)},
      {"ipv4-addr", TypeHint::Exact(IocType::kIpv4)},
      {"ipv6", TypeHint::Exact(IocType::kIpv6)},
      {"ipv6-addr", TypeHint::Exact(IocType::kIpv6)},
      {"domain", TypeHint::Exact(IocType::kDomain)},
      {"domain-name", TypeHint::Exact(IocType::kDomain)},
      {"hostname", TypeHint::Exact(IocType::kDomain)},
      {"fqdn", TypeHint::Exact(IocType::kDomain)},
      {"host", TypeHint::Exact(IocType::kDomain)},
      {"url", TypeHint::Exact(IocType::kUrl)},
      {"uri", TypeHint::Exact(IocType::kUrl)},
      {"link", TypeHint::Exact(IocType::kUrl)},
      {"md5", TypeHint::Exact(IocType::kMd5)},
      {"sha1", TypeHint::Exact(IocType::kSha1)},
      {"sha-1", TypeHint::Exact(IocType::kSha1)},
      {"sha256", TypeHint::Exact(IocType::kSha256)},
      {"sha-256", TypeHint::Exact(IocType::kSha256)},
      {"hash", {TypeHint::Kind::kAnyHash, IocType::kSha256}},
      {"filehash", {TypeHint::Kind::kAnyHash, IocType::kSha256}},
      {"email", TypeHint::Exact(IocType::kEmail)},
      {"e-mail", TypeHint::Exact(IocType::kEmail)},
      {"email-src", TypeHint::Exact(IocType::kEmail)},
      {"email-dst", TypeHint::Exact(IocType::kEmail)},
      {"email-addr", TypeHint::Exact(IocType::kEmail)},
      {"email-reply-to", TypeHint::Exact(IocType::kEmail)},
      {"filename", TypeHint::Exact(IocType::kFileName)},
      {"file-name", TypeHint::Exact(IocType::kFileName)},
      {"file_name", TypeHint::Exact(IocType::kFileName)},
      {"file", TypeHint::Exact(IocType::kFileName)},
  };
  for (const Alias& a : k_aliases) {
    if (a.name == name) {
      return a.hint;
    }
  }
  return Error::InvalidArgument("type \"" + name + "\" is not a matchable indicator type");
}

std::string Refang(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  // Defanged schemes: hxxp, hXXps, fxp.
  if (StartsWithIgnoreCase(text, "hxxp")) {
    out.append("http");
    i = 4;
  } else if (StartsWithIgnoreCase(text, "fxp://")) {
    out.append("ftp");
    i = 3;
  }
  struct Rule {
    std::string_view from;
    std::string_view to;
  };
  static constexpr Rule kRules[] = {
      {"[.]", "."},     {"(.)", "."}, {"{.}", "."}, {"[dot]", "."}, {"(dot)", "."}, {"[:]", ":"},
      {"[://]", "://"}, {"[/]", "/"}, {"[@]", "@"}, {"[at]", "@"},  {"(at)", "@"},  {"\\.", "."},
  };
  while (i < text.size()) {
    bool replaced = false;
    const char c = text[i];
    if (c == '[' || c == '(' || c == '{' || c == '\\') {
      for (const Rule& r : kRules) {
        if (StartsWithIgnoreCase(text.substr(i), r.from)) {
          out.append(r.to);
          i += r.from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out.push_back(text[i++]);
    }
  }
  return out;
}

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t addr = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') {
        return false;
      }
      ++i;
    }
    uint32_t v = 0;
    size_t digits = 0;
    while (i < text.size() && IsDigit(text[i]) && digits < 4) {
      v = v * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 3 || v > 255) {
      return false;
    }
    addr = (addr << 8) | v;
  }
  if (i != text.size()) {
    return false;
  }
  *out = addr;
  return true;
}

bool ParseIpv6(std::string_view text, Ipv6Bytes* out) {
  if (text.size() < 2 || text.size() > 45) {
    return false;
  }
  char buf[46];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return inet_pton(AF_INET6, buf, out->data()) == 1;
}

std::string_view FileNameFilterKey(std::string_view name) {
  size_t start = name.size();
  while (start > 0 && (ClassOf(name[start - 1]) & kClsWord) != 0) {
    --start;
  }
  std::string_view run = name.substr(start);
  const size_t dot = run.rfind('.');
  return dot == std::string_view::npos ? run : run.substr(dot + 1);
}

Result<ParsedIndicator> ParseIndicator(std::string_view text, TypeHint hint) {
  const std::string refanged = Refang(Trim(text));
  std::string_view s = Trim(refanged);
  if (s.empty()) {
    return Error::InvalidArgument("empty value");
  }
  if (s.size() > kMaxIndicatorLength) {
    return Error::InvalidArgument("value too long");
  }

  switch (hint.kind) {
    case TypeHint::Kind::kAnyIp: {
      // MISP "ip-dst|port" values carry a port after '|'.
      const size_t bar = s.find('|');
      return ParseIpWithPrefix(bar == std::string_view::npos ? s : s.substr(0, bar), true, true);
    }
    case TypeHint::Kind::kAnyHash:
      return ParseHash(s, std::nullopt);
    case TypeHint::Kind::kExact:
      switch (hint.type) {
        case IocType::kIpv4:
          return ParseIpWithPrefix(s, true, false);
        case IocType::kIpv6:
          return ParseIpWithPrefix(s, false, true);
        case IocType::kDomain:
          return ParseDomain(s);
        case IocType::kUrl:
          if (s.find("://") == std::string_view::npos) {
            // Feeds often drop the scheme; logs write it, so assume http.
            return ParseUrl("http://" + std::string(s));
          }
          return ParseUrl(s);
        case IocType::kMd5:
        case IocType::kSha1:
        case IocType::kSha256:
          return ParseHash(s, hint.type);
        case IocType::kEmail:
          return ParseEmail(s);
        case IocType::kFileName:
          return ParseFileName(s);
      }
      return Error::InvalidArgument("unknown type");
    case TypeHint::Kind::kAuto:
      break;
  }

  if (s.find("://") != std::string_view::npos) {
    return ParseUrl(s);
  }
  if (auto ip = ParseIpWithPrefix(s, true, true)) {
    return ip;
  }
  if ((s.size() == 32 || s.size() == 40 || s.size() == 64) && IsAllHex(s)) {
    return ParseHash(s, std::nullopt);
  }
  if (s.find('@') != std::string_view::npos) {
    return ParseEmail(s);
  }
  if (HasFileExtension(s)) {
    return ParseFileName(s);
  }
  if (auto d = ParseDomain(s)) {
    return d;
  }
  return Error::InvalidArgument("cannot tell the indicator type (give a type column)");
}

}  // namespace warroom::sweep
