// Loads the reference data of a deployment from a folder (the Belgian regions,
// provinces, municipalities of 2025 and the 2025 mergers; see ../shared/data and its
// PROVENANCE.md) through the same CSV import a deployment uses for the official list, and
// the RSIT incident taxonomy (rsit_taxonomy.csv) into rsit_types.
// The data names regions and provinces in Dutch, French and German; the loader adds
// their English names (Flemish Region, Antwerp, ...) by NIS code.
#pragma once

#include <string>

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::service {

struct ReferenceReport {
  int regions = 0;
  int provinces = 0;
  int municipalities = 0;
  int merged = 0;
  int rsit_types = 0;  // the incident taxonomy (rsit_taxonomy.csv), replaced as a whole
};

// Idempotent: a second load updates nothing that did not change. Fails with
// kNotFound naming the missing file, or with the import's errors.
Result<ReferenceReport> LoadReferenceData(ports::Database& db, const ports::Clock& clock,
                                          const std::string& folder);

// The reference data folder: $WARROOM_REFERENCE_DATA, else `fallback` when given.
std::string ReferenceDataFolder(const std::string& fallback);

}  // namespace warroom::service
