#include "server/core/incident/taxonomy.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "libs/base/utf8.h"
#include "server/core/csv/csv_reader.h"

namespace warroom::core {
namespace {

bool ValidKey(std::string_view key) {
  return !key.empty() && key.size() <= 64 && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool ValidName(std::string_view name) {
  return !name.empty() && name.size() <= 200 && IsValidUtf8(name);
}

}  // namespace

Result<RsitTaxonomy> RsitTaxonomy::FromTypes(std::vector<RsitType> types) {
  std::map<std::string, std::string> class_names;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < types.size(); ++i) {
    const RsitType& t = types[i];
    const std::string where = "type " + std::to_string(i + 1) + ": ";
    if (!ValidKey(t.class_key) || !ValidKey(t.type_key)) {
      return Error::InvalidArgument(where + "keys are 1 to 64 of a-z, 0-9 and -");
    }
    if (!ValidName(t.class_name) || !ValidName(t.type_name)) {
      return Error::InvalidArgument(where + "names are 1 to 200 bytes of UTF-8");
    }
    if (t.description.size() > 4000 || !IsValidUtf8(t.description)) {
      return Error::InvalidArgument(where + "the description is over 4000 bytes or not UTF-8");
    }
    auto [it, inserted] = class_names.emplace(t.class_key, t.class_name);
    if (!inserted && it->second != t.class_name) {
      return Error::InvalidArgument(where + "class " + t.class_key + " has two names");
    }
    if (!seen.emplace(t.class_key, t.type_key).second) {
      return Error::InvalidArgument(where + t.class_key + "/" + t.type_key + " is listed twice");
    }
  }
  RsitTaxonomy out;
  out.types_ = std::move(types);
  return out;
}

Result<RsitTaxonomy> RsitTaxonomy::ParseCsv(std::string_view csv) {
  csv::CsvOptions options;
  options.max_rows = 1000;
  options.max_columns = 20;
  options.max_field_bytes = size_t{8} * 1024;
  WR_ASSIGN_OR_RETURN(csv::CsvTable table, csv::ParseCsv(csv, options));
  WR_ASSIGN_OR_RETURN(size_t class_key, table.Column("class_key"));
  WR_ASSIGN_OR_RETURN(size_t class_name, table.Column("class_name"));
  WR_ASSIGN_OR_RETURN(size_t type_key, table.Column("type_key"));
  WR_ASSIGN_OR_RETURN(size_t type_name, table.Column("type_name"));
  WR_ASSIGN_OR_RETURN(size_t description, table.Column("description"));
  if (table.rows.empty()) return Error::InvalidArgument("the taxonomy lists no types");
  std::vector<RsitType> types;
  types.reserve(table.rows.size());
  for (auto& row : table.rows) {
    RsitType t;
    t.class_key = std::move(row.fields[class_key]);
    t.class_name = std::move(row.fields[class_name]);
    t.type_key = std::move(row.fields[type_key]);
    t.type_name = std::move(row.fields[type_name]);
    t.description = std::move(row.fields[description]);
    types.push_back(std::move(t));
  }
  auto parsed = FromTypes(std::move(types));
  if (!parsed) return Error::InvalidArgument("rsit taxonomy, " + parsed.error().message);
  return parsed;
}

bool RsitTaxonomy::HasClass(std::string_view class_key) const {
  return std::any_of(types_.begin(), types_.end(),
                     [&](const RsitType& t) { return t.class_key == class_key; });
}

bool RsitTaxonomy::Contains(std::string_view class_key, std::string_view type_key) const {
  return std::any_of(types_.begin(), types_.end(), [&](const RsitType& t) {
    return t.class_key == class_key && t.type_key == type_key;
  });
}

}  // namespace warroom::core
