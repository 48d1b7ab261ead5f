// CSV import of organisations and people. All or nothing: every row is validated first
// and every error is reported with its line and column; nothing is stored when any
// row is bad. Re-importing updates records found by NIS code or external id.
//
// Organisations: columns name_nl and one of nis_code / external_id are required; kind,
// name_fr, name_de, name_en, region_nis, province_nis, parent_nis, merged_into_nis and
// status are optional (kind defaults to the request's default, e.g. municipality).
// Other columns are ignored and listed in the report, so the official Statbel-derived
// list imports unchanged.
//
// People: full_name and one of organisation_nis / organisation_external_id are
// required; external_id, job_title, work_email, oob_email, mobile, landline,
// preferred_language, roles (separated by ';' or '|') and spoc_order (0 for the SPOC,
// 1, 2, ... for the deputies) are optional. A person is updated when found by
// external_id, or else by organisation and work e-mail.
#pragma once

#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/directory/access.h"
#include "server/ports/clock.h"
#include "server/storage/database.h"

namespace warroom::service {

struct ImportOptions {
  bool dry_run = false;
  core::OrganisationKind default_kind = core::OrganisationKind::kMunicipality;
  bool is_demo = false;  // mark every imported record as exercise data
};

struct ImportReport {
  bool dry_run = false;
  int rows = 0;
  int created = 0;
  int updated = 0;
  std::vector<std::string> ignored_columns;
};

class DirectoryImport {
 public:
  DirectoryImport(storage::Database& db, const ports::Clock& clock) : db_(db), clock_(clock) {}

  // kPermissionDenied unless the caller may import; kInvalidArgument with one
  // FieldError (line, column, field = column name) per problem.
  Result<ImportReport> ImportOrganisations(const core::Principal& p, std::string_view csv,
                                           const ImportOptions& options);
  Result<ImportReport> ImportPeople(const core::Principal& p, std::string_view csv,
                                    const ImportOptions& options);

 private:
  storage::Database& db_;
  const ports::Clock& clock_;
};

}  // namespace warroom::service
