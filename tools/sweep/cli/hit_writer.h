// Formats hits for stdout: one JSON object per line (jsonl) or a line for people (text).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sweep/ioc/ioc_set.h"

namespace warroom::sweep {

enum class OutputFormat { kJsonl, kText };

// Where a hit was found: in the content, in the file's hash, or in its name.
enum class HitSource { kContent, kFileHash, kFileName };

struct HitRecord {
  std::string_view file;
  uint64_t line = 0;    // 1-based; 0 for hash and name hits
  uint64_t offset = 0;  // in the decoded stream
  const Indicator* indicator = nullptr;
  std::string_view match;
  HitSource source = HitSource::kContent;
};

// Appends `s` as a JSON string literal (libs/base/json_escape.h: control characters
// escaped, bytes that are not valid UTF-8 as U+FFFD, so the output is always valid JSON).
void AppendJsonString(std::string* out, std::string_view s);

// Appends one hit and a newline.
void AppendHit(std::string* out, OutputFormat format, const HitRecord& hit);

}  // namespace warroom::sweep
