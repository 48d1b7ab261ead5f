// Loads indicator sets from the formats the war room and its partners share:
//  - a plain list: one indicator per line, type detected, '#' comments, defanged forms;
//  - CSV or TSV with "type" and "value" columns (and "to_ids", when present, honoured);
//  - a STIX 2.1 bundle: equality comparisons in indicator patterns (see stix_pattern.h);
//  - a MISP event (or a list of events, or an API "response") and a MISP feed folder
//    (manifest.json and <uuid>.json): attributes with to_ids set.
// Entries that cannot be used are reported with where they are and skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "tools/sweep/ioc/ioc_set.h"

namespace warroom::sweep {

enum class IocFormat { kPlainList, kCsv, kStix, kMisp, kMispFeed };
const char* IocFormatName(IocFormat f);

struct LoadIssue {
  std::string source;   // file name
  std::string where;    // "line 12", "objects[3] indicator--...", "Event[0].Attribute[5]"
  std::string message;  // why it was skipped
};

struct LoadReport {
  std::vector<LoadIssue> issues;
  size_t added = 0;              // new indicators
  size_t duplicates = 0;         // already present
  size_t not_for_detection = 0;  // MISP/CSV entries with to_ids off
};

// Guesses the format of a file's content.
IocFormat DetectIocFormat(std::string_view text);

// Loads `text` (named `name` in issues) into `set`. Fails only when the content as a
// whole cannot be read (e.g. broken JSON); bad entries become issues.
Status LoadIocText(std::string_view text, const std::string& name, IocSet* set, LoadReport* report);

// Loads a file, or a MISP feed folder, into `set`. Fails when it cannot be read.
Status LoadIocPath(const std::string& path, IocSet* set, LoadReport* report);

}  // namespace warroom::sweep
