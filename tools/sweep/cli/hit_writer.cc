#include "tools/sweep/cli/hit_writer.h"

namespace warroom::sweep {
namespace {

const char* SourceName(HitSource s) {
  switch (s) {
    case HitSource::kContent:
      return "content";
    case HitSource::kFileHash:
      return "file-hash";
    case HitSource::kFileName:
      return "file-name";
  }
  return "content";
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  uint32_t cp = b0 & (0x7f >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  return len;
}

void AppendUint(std::string* out, uint64_t v) { out->append(std::to_string(v)); }

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out->append("\\u00");
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 15]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    const size_t len = Utf8Length(s, i);
    if (len == 0) {
      out->append("\xef\xbf\xbd");  // U+FFFD
      ++i;
    } else {
      out->append(s.substr(i, len));
      i += len;
    }
  }
  out->push_back('"');
}

void AppendHit(std::string* out, OutputFormat format, const HitRecord& hit) {
  const Indicator& ind = *hit.indicator;
  if (format == OutputFormat::kJsonl) {
    out->append("{\"file\":");
    AppendJsonString(out, hit.file);
    out->append(",\"line\":");
    AppendUint(out, hit.line);
    out->append(",\"offset\":");
    AppendUint(out, hit.offset);
    out->append(",\"indicator\":");
    AppendJsonString(out, ind.value);
    out->append(",\"type\":\"");
    out->append(IocTypeName(ind.type));
    out->append("\",\"match\":");
    AppendJsonString(out, hit.match);
    out->append(",\"source\":\"");
    out->append(SourceName(hit.source));
    out->append("\"}\n");
    return;
  }
  // file:line:offset: type indicator "match" -- printable bytes only, for a terminal.
  auto printable = [out](std::string_view s) {
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      out->push_back(c < 0x20 || c == 0x7f ? '?' : ch);
    }
  };
  printable(hit.file);
  out->push_back(':');
  if (hit.source == HitSource::kContent) {
    AppendUint(out, hit.line);
    out->push_back(':');
    AppendUint(out, hit.offset);
  } else {
    out->append(SourceName(hit.source));
  }
  out->append(": ");
  out->append(IocTypeName(ind.type));
  out->push_back(' ');
  printable(ind.value);
  out->append(" \"");
  printable(hit.match);
  out->append("\"\n");
}

}  // namespace warroom::sweep
