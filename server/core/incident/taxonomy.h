// The Reference Security Incident Taxonomy (RSIT, ENISA / TF-CSIRT): the classes and types
// an incident is classified by. It comes from the reference data (rsit_taxonomy.csv, one
// row per type: class_key, class_name, type_key, type_name, machinetag, description; see
// the data's PROVENANCE.md) and is parsed with the project's CSV reader. No I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core {

struct RsitType {
  std::string class_key;   // "malicious-code": [a-z0-9-], 1..64
  std::string class_name;  // "Malicious Code"
  std::string type_key;    // "infected-system"
  std::string type_name;   // "Infected System"
  std::string description;
};

class RsitTaxonomy {
 public:
  RsitTaxonomy() = default;
  // The types in file order. Fails (kInvalidArgument naming the line) on a bad key, a
  // missing name, a class written with two names, or a (class, type) pair given twice.
  static Result<RsitTaxonomy> FromTypes(std::vector<RsitType> types);

  // Parses the CSV text of rsit_taxonomy.csv (columns by name; others ignored). Fails with
  // the CSV reader's error, kNotFound for a missing column, or FromTypes's errors; an
  // empty table is refused too.
  static Result<RsitTaxonomy> ParseCsv(std::string_view csv);

  bool HasClass(std::string_view class_key) const;
  bool Contains(std::string_view class_key, std::string_view type_key) const;
  const std::vector<RsitType>& types() const { return types_; }
  bool empty() const { return types_.empty(); }

 private:
  std::vector<RsitType> types_;
};

}  // namespace warroom::core
