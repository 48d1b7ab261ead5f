#include "tools/sweep/cli/hit_writer.h"

#include "libs/base/json_escape.h"

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

void AppendUint(std::string* out, uint64_t v) { out->append(std::to_string(v)); }

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) { warroom::AppendJsonString(*out, s); }

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
