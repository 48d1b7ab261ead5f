#include "tools/sweep/ioc/ioc_loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/sweep/ioc/csv_reader.h"
#include "tools/sweep/ioc/stix_pattern.h"
#include "tools/sweep/match/char_class.h"

namespace warroom::sweep {
namespace {

using nlohmann::json;

std::string_view TrimView(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n' ||
          s.front() == '\xef' || s.front() == '\xbb' || s.front() == '\xbf')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = ToLower(c);
  }
  return out;
}

class Sink {
 public:
  Sink(const std::string& name, IocSet* set, LoadReport* report)
      : name_(name), set_(set), report_(report) {}

  void Issue(std::string where, std::string message) {
    report_->issues.push_back(LoadIssue{name_, std::move(where), std::move(message)});
  }

  // Parses and adds one value; reports why it is skipped if it is.
  void Add(std::string_view value, TypeHint hint, const std::string& where) {
    auto parsed = ParseIndicator(value, hint);
    if (!parsed) {
      std::string shown(TrimView(value).substr(0, 80));
      Issue(where, parsed.error().message + ": \"" + shown + "\"");
      return;
    }
    if (set_->Add(*parsed, TrimView(value))) {
      ++report_->added;
    } else {
      ++report_->duplicates;
    }
  }

  void NotForDetection() { ++report_->not_for_detection; }

 private:
  const std::string& name_;
  IocSet* set_;
  LoadReport* report_;
};

std::string LineWhere(size_t line) { return "line " + std::to_string(line); }

void LoadPlainList(std::string_view text, Sink& sink) {
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    line = TrimView(line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    // "value   # note": a '#' after white space starts a comment (URL fragments have
    // no space before their '#').
    for (size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
        line = TrimView(line.substr(0, i));
        break;
      }
    }
    sink.Add(line, TypeHint::Auto(), LineWhere(line_no));
  }
}

bool TruthyToIds(std::string_view v) {
  const std::string s = LowerCopy(TrimView(v));
  return !(s == "0" || s == "false" || s == "no" || s == "n");
}

// Handles MISP composite types ("filename|sha256", "ip-dst|port", "domain|ip") as well
// as plain ones.
void AddTyped(std::string_view type, std::string_view value, Sink& sink, const std::string& where) {
  const std::string t = LowerCopy(TrimView(type));
  if (t.find('|') != std::string::npos && t != "ip-dst|port" && t != "ip-src|port") {
    std::vector<std::string_view> types;
    std::vector<std::string_view> values;
    auto split = [](std::string_view s, std::vector<std::string_view>* out) {
      size_t start = 0;
      while (true) {
        const size_t bar = s.find('|', start);
        out->push_back(s.substr(start, bar == std::string_view::npos ? bar : bar - start));
        if (bar == std::string_view::npos) {
          break;
        }
        start = bar + 1;
      }
    };
    split(t, &types);
    split(value, &values);
    if (types.size() != values.size()) {
      sink.Issue(where, "composite type \"" + t + "\" does not fit its value");
      return;
    }
    for (size_t i = 0; i < types.size(); ++i) {
      auto hint = TypeHintFromName(types[i]);
      if (!hint) {
        continue;  // e.g. the port of "ip-dst|port"
      }
      sink.Add(values[i], *hint, where);
    }
    return;
  }
  auto hint = TypeHintFromName(t);
  if (!hint) {
    sink.Issue(where, hint.error().message);
    return;
  }
  sink.Add(value, *hint, where);
}

void LoadCsv(std::string_view text, Sink& sink) {
  // The header is the first line that is neither blank nor a '#' comment.
  size_t header_pos = 0;
  while (header_pos < text.size()) {
    size_t end = text.find('\n', header_pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = TrimView(text.substr(header_pos, end - header_pos));
    if (!line.empty() && line.front() != '#') {
      break;
    }
    header_pos = end + 1;
  }
  size_t header_end = text.find('\n', header_pos);
  if (header_end == std::string_view::npos) {
    header_end = text.size();
  }
  const char delim = CsvReader::GuessDelimiter(text.substr(header_pos, header_end - header_pos));
  const size_t lines_before = static_cast<size_t>(std::count(
      text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(header_pos, text.size())),
      '\n'));
  CsvReader reader(text.substr(std::min(header_pos, text.size())), delim);
  std::vector<std::string> fields;
  size_t line = 0;
  bool unterminated = false;
  if (!reader.Next(&fields, &line, &unterminated)) {
    return;
  }
  int type_col = -1;
  int value_col = -1;
  int to_ids_col = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string name = LowerCopy(TrimView(fields[i]));
    if (name == "type" || name == "ioc_type" || name == "indicator_type") {
      type_col = static_cast<int>(i);
    } else if (name == "value" || name == "indicator" || name == "ioc" || name == "ioc_value") {
      value_col = static_cast<int>(i);
    } else if (name == "to_ids") {
      to_ids_col = static_cast<int>(i);
    }
  }
  if (value_col < 0) {
    sink.Issue(LineWhere(lines_before + 1), "CSV header has no value column");
    return;
  }
  while (reader.Next(&fields, &line, &unterminated)) {
    const std::string where = LineWhere(lines_before + line);
    if (unterminated) {
      sink.Issue(where, "unterminated quoted field");
      continue;
    }
    if (fields.size() == 1 && TrimView(fields[0]).empty()) {
      continue;
    }
    if (!fields.empty() && TrimView(fields[0]).substr(0, 1) == "#") {
      continue;
    }
    if (static_cast<int>(fields.size()) <= value_col ||
        (type_col >= 0 && static_cast<int>(fields.size()) <= type_col)) {
      sink.Issue(where, "missing columns");
      continue;
    }
    if (to_ids_col >= 0 && static_cast<int>(fields.size()) > to_ids_col &&
        !TruthyToIds(fields[static_cast<size_t>(to_ids_col)])) {
      sink.NotForDetection();
      continue;
    }
    const std::string_view type =
        type_col >= 0 ? std::string_view(fields[static_cast<size_t>(type_col)]) : "";
    AddTyped(type, fields[static_cast<size_t>(value_col)], sink, where);
  }
}

// STIX -------------------------------------------------------------------------------

struct PathHint {
  bool ok = false;
  TypeHint hint;
};

PathHint HintForStixPath(const std::string& object_type, const std::string& property) {
  std::string prop;
  for (const char c : property) {
    if (c != '\'' && c != '"') {
      prop.push_back(ToLower(c));
    }
  }
  const std::string type = LowerCopy(object_type);
  auto exact = [](IocType t) { return PathHint{true, TypeHint::Exact(t)}; };
  if (prop == "value") {
    if (type == "ipv4-addr") {
      return exact(IocType::kIpv4);
    }
    if (type == "ipv6-addr") {
      return exact(IocType::kIpv6);
    }
    if (type == "domain-name") {
      return exact(IocType::kDomain);
    }
    if (type == "url") {
      return exact(IocType::kUrl);
    }
    if (type == "email-addr") {
      return exact(IocType::kEmail);
    }
  }
  if (type == "email-message" &&
      (prop == "from_ref.value" || prop == "sender_ref.value" || prop == "to_refs[*].value" ||
       prop == "cc_refs[*].value" || prop == "bcc_refs[*].value")) {
    return exact(IocType::kEmail);
  }
  if (type == "network-traffic" && (prop == "dst_ref.value" || prop == "src_ref.value")) {
    return PathHint{true, TypeHint{TypeHint::Kind::kAnyIp, IocType::kIpv4}};
  }
  if (type == "file" || type == "artifact") {
    if (prop == "name") {
      return exact(IocType::kFileName);
    }
    if (prop == "hashes.md5") {
      return exact(IocType::kMd5);
    }
    if (prop == "hashes.sha-1" || prop == "hashes.sha1") {
      return exact(IocType::kSha1);
    }
    if (prop == "hashes.sha-256" || prop == "hashes.sha256") {
      return exact(IocType::kSha256);
    }
  }
  return {};
}

void LoadStixIndicator(const json& obj, const std::string& where, Sink& sink) {
  if (obj.value("revoked", false)) {
    sink.Issue(where, "revoked");
    return;
  }
  const std::string pattern_type = obj.value("pattern_type", std::string("stix"));
  if (pattern_type != "stix") {
    sink.Issue(where, "pattern_type \"" + pattern_type + "\" is not supported");
    return;
  }
  if (!obj.contains("pattern") || !obj["pattern"].is_string()) {
    sink.Issue(where, "indicator has no pattern");
    return;
  }
  auto comparisons = ParseStixPattern(obj["pattern"].get_ref<const std::string&>());
  if (!comparisons) {
    sink.Issue(where, comparisons.error().message);
    return;
  }
  for (const StixComparison& cmp : *comparisons) {
    const PathHint ph = HintForStixPath(cmp.object_type, cmp.property);
    if (!ph.ok) {
      sink.Issue(where,
                 "object path " + cmp.object_type + ":" + cmp.property + " is not supported");
      continue;
    }
    const bool is_ip = cmp.object_type == "ipv4-addr" || cmp.object_type == "ipv6-addr";
    const bool usable =
        !cmp.negated && (cmp.op == "=" || cmp.op == "IN" || (is_ip && cmp.op == "ISSUBSET"));
    if (!usable) {
      sink.Issue(where, "comparison " + std::string(cmp.negated ? "NOT " : "") + cmp.op + " on " +
                            cmp.object_type + " is not an exact value");
      continue;
    }
    for (const std::string& v : cmp.values) {
      sink.Add(v, ph.hint, where);
    }
  }
}

void LoadStix(const json& doc, Sink& sink) {
  const json* objects = &doc;
  if (doc.is_object() && doc.contains("objects")) {
    objects = &doc["objects"];
  }
  if (objects->is_object()) {
    if (objects->value("type", std::string()) == "indicator") {
      LoadStixIndicator(*objects, "indicator", sink);
    }
    return;
  }
  if (!objects->is_array()) {
    sink.Issue("objects", "not an array");
    return;
  }
  for (size_t i = 0; i < objects->size(); ++i) {
    const json& obj = (*objects)[i];
    if (!obj.is_object() || obj.value("type", std::string()) != "indicator") {
      continue;
    }
    const std::string where = "objects[" + std::to_string(i) + "]";
    try {
      LoadStixIndicator(obj, where + " " + obj.value("id", std::string()), sink);
    } catch (const json::exception& e) {
      sink.Issue(where, std::string("malformed indicator: ") + e.what());
    }
  }
}

// MISP -------------------------------------------------------------------------------

bool JsonTruthy(const json& v) {
  if (v.is_boolean()) {
    return v.get<bool>();
  }
  if (v.is_number()) {
    return v.get<double>() != 0;
  }
  if (v.is_string()) {
    return TruthyToIds(v.get_ref<const std::string&>());
  }
  return false;
}

void LoadMispAttributes(const json& attrs, const std::string& where, Sink& sink) {
  if (!attrs.is_array()) {
    return;
  }
  for (size_t i = 0; i < attrs.size(); ++i) {
    const json& a = attrs[i];
    const std::string w = where + ".Attribute[" + std::to_string(i) + "]";
    if (!a.is_object() || !a.contains("type") || !a.contains("value") || !a["type"].is_string() ||
        !a["value"].is_string()) {
      sink.Issue(w, "attribute without type or value");
      continue;
    }
    if (a.contains("deleted") && JsonTruthy(a["deleted"])) {
      continue;
    }
    if (!a.contains("to_ids") || !JsonTruthy(a["to_ids"])) {
      sink.NotForDetection();
      continue;
    }
    try {
      AddTyped(a["type"].get_ref<const std::string&>(), a["value"].get_ref<const std::string&>(),
               sink, w);
    } catch (const json::exception& e) {
      sink.Issue(w, std::string("malformed attribute: ") + e.what());
    }
  }
}

void LoadMispEvent(const json& event, const std::string& where, Sink& sink) {
  if (!event.is_object()) {
    sink.Issue(where, "event is not an object");
    return;
  }
  if (event.contains("Attribute")) {
    LoadMispAttributes(event["Attribute"], where, sink);
  }
  if (event.contains("Object") && event["Object"].is_array()) {
    const json& objects = event["Object"];
    for (size_t i = 0; i < objects.size(); ++i) {
      if (objects[i].is_object() && objects[i].contains("Attribute")) {
        LoadMispAttributes(objects[i]["Attribute"], where + ".Object[" + std::to_string(i) + "]",
                           sink);
      }
    }
  }
}

void LoadMisp(const json& doc, Sink& sink) {
  if (doc.is_object() && doc.contains("Event")) {
    LoadMispEvent(doc["Event"], "Event", sink);
    return;
  }
  const json* list = &doc;
  if (doc.is_object() && doc.contains("response")) {
    list = &doc["response"];
  }
  if (!list->is_array()) {
    sink.Issue("document", "not a MISP event");
    return;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string where = "[" + std::to_string(i) + "].Event";
    if (item.is_object() && item.contains("Event")) {
      LoadMispEvent(item["Event"], where, sink);
    } else {
      sink.Issue(where, "not a MISP event");
    }
  }
}

bool ReadWholeFile(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  *out = std::move(ss).str();
  return true;
}

}  // namespace

const char* IocFormatName(IocFormat f) {
  switch (f) {
    case IocFormat::kPlainList:
      return "list";
    case IocFormat::kCsv:
      return "csv";
    case IocFormat::kStix:
      return "stix";
    case IocFormat::kMisp:
      return "misp";
    case IocFormat::kMispFeed:
      return "misp-feed";
  }
  return "list";
}

IocFormat DetectIocFormat(std::string_view text) {
  const std::string_view t = TrimView(text);
  if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
    // Look at the start of the document only: the keys that tell the formats apart
    // come first in practice, and this keeps detection cheap on big files.
    const std::string_view head = t.substr(0, 4096);
    if (head.find("\"Event\"") != std::string_view::npos ||
        head.find("\"response\"") != std::string_view::npos) {
      return IocFormat::kMisp;
    }
    return IocFormat::kStix;
  }
  size_t pos = 0;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string_view::npos) {
      end = t.size();
    }
    const std::string_view line = TrimView(t.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const char delim = CsvReader::GuessDelimiter(line);
    bool has_value = false;
    size_t start = 0;
    while (start <= line.size()) {
      size_t stop = line.find(delim, start);
      if (stop == std::string_view::npos) {
        stop = line.size();
      }
      std::string name = LowerCopy(TrimView(line.substr(start, stop - start)));
      if (!name.empty() && name.front() == '"') {
        name = name.substr(1, name.size() - 2);
      }
      if (name == "value" || name == "indicator" || name == "ioc" || name == "ioc_value") {
        has_value = true;
      }
      start = stop + 1;
    }
    return has_value ? IocFormat::kCsv : IocFormat::kPlainList;
  }
  return IocFormat::kPlainList;
}

Status LoadIocText(std::string_view text, const std::string& name, IocSet* set,
                   LoadReport* report) {
  Sink sink(name, set, report);
  const IocFormat format = DetectIocFormat(text);
  switch (format) {
    case IocFormat::kPlainList:
      LoadPlainList(text, sink);
      return Ok();
    case IocFormat::kCsv:
      LoadCsv(text, sink);
      return Ok();
    case IocFormat::kStix:
    case IocFormat::kMisp:
    case IocFormat::kMispFeed: {
      json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) {
        return Error::InvalidArgument(name + ": not valid JSON");
      }
      // nlohmann throws on unexpected shapes; turn that into an error for the file.
      try {
        if (format == IocFormat::kMisp) {
          LoadMisp(doc, sink);
        } else {
          LoadStix(doc, sink);
        }
      } catch (const json::exception& e) {
        return Error::InvalidArgument(name + ": unexpected JSON structure: " + e.what());
      }
      return Ok();
    }
  }
  return Ok();
}

Status LoadIocPath(const std::string& path, IocSet* set, LoadReport* report) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error::NotFound(path + ": no such file");
  }
  std::string error;
  if (S_ISDIR(st.st_mode)) {
    // A MISP feed: manifest.json names the events, each in <uuid>.json.
    std::string manifest_text;
    const std::string dir = path.back() == '/' ? path : path + "/";
    if (!ReadWholeFile(dir + "manifest.json", &manifest_text, &error)) {
      return Error::InvalidArgument(path + ": a folder must be a MISP feed with manifest.json");
    }
    json manifest = json::parse(manifest_text, nullptr, false);
    if (manifest.is_discarded() || !manifest.is_object()) {
      return Error::InvalidArgument(dir + "manifest.json: not a JSON object");
    }
    for (const auto& item : manifest.items()) {
      const std::string& uuid = item.key();
      if (uuid.find('/') != std::string::npos || uuid.find("..") != std::string::npos) {
        report->issues.push_back(LoadIssue{dir + "manifest.json", uuid, "bad event id"});
        continue;
      }
      const std::string event_path = dir + uuid + ".json";
      std::string text;
      if (!ReadWholeFile(event_path, &text, &error)) {
        report->issues.push_back(LoadIssue{event_path, "file", error});
        continue;
      }
      auto status = LoadIocText(text, event_path, set, report);
      if (!status) {
        report->issues.push_back(LoadIssue{event_path, "file", status.error().message});
      }
    }
    return Ok();
  }
  std::string text;
  if (!ReadWholeFile(path, &text, &error)) {
    return Error::Unavailable(path + ": " + error);
  }
  return LoadIocText(text, path, set, report);
}

}  // namespace warroom::sweep
