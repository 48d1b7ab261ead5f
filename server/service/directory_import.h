// CSV import of organisations and people.
//
// Bad input stores nothing: every row is validated first, against the database too,
// and every error is reported with its line and column. Only then are the rows written,
// in batches of ImportOptions::batch_rows rows per transaction, so that a long import
// never holds the directory for long: reads go on between the batches and see the rows
// written so far. A batch that fails after validation (someone changed a record in the
// meantime) rolls back alone; the error says how many rows were stored before it.
//
// Every change goes through DirectoryWrites, the API's own audited writes: the same
// audit entries ("organisation.create", "organisation.update", "person.create",
// "person.update", "organisation.set_spoc") and the same version bumps.
//
// Re-importing updates the records found by NIS code or external id, and only in the
// columns the file has: a column missing from the header, or an empty cell, keeps the
// stored value; the cell `(empty)` (kClearCell) clears it. Columns that cannot be empty
// (kind, status, name_nl, nis_code, full_name, preferred_language, a person's
// external_id) reject `(empty)`.
//
// Organisations: columns name_nl and one of nis_code / external_id are required; kind,
// name_fr, name_de, name_en, region_nis, province_nis, parent_nis, merged_into_nis and
// status are optional (kind defaults to the request's default, e.g. municipality). A
// NIS code whose leading digits place it outside the given province or region is an
// error (core::CheckNisGeography). Other columns are ignored and listed in the report,
// so the official Statbel-derived list imports unchanged.
//
// People: full_name and one of organisation_nis / organisation_external_id are
// required; external_id, job_title, work_email, oob_email, mobile, landline,
// preferred_language, roles (separated by ';' or '|'), verified_at (a date) and
// spoc_order are optional. A person is updated when found by external_id, or else by
// organisation and work e-mail. spoc_order 0 makes the person the SPOC, 1, 2, ... a
// deputy in that order; whoever held that place before loses it unless the file gives
// them another; `(empty)` takes the person off the SPOC and deputy list.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/directory/access.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"

namespace warroom::service {

// The cell that clears a stored value on re-import (an empty cell keeps it).
inline constexpr std::string_view kClearCell = "(empty)";

struct ImportProgress {
  int written = 0;  // rows stored so far
  int total = 0;    // rows of the file
};

struct ImportOptions {
  bool dry_run = false;
  core::OrganisationKind default_kind = core::OrganisationKind::kMunicipality;
  bool is_demo = false;  // mark every imported record as exercise data
  // Rows written per transaction (at least 1).
  int batch_rows = 1000;
  // Called after each committed batch, outside any transaction.
  std::function<void(const ImportProgress&)> on_progress;
};

struct ImportReport {
  bool dry_run = false;
  int rows = 0;
  int created = 0;
  int updated = 0;
  int written = 0;  // rows stored (0 on a dry run)
  int batches = 0;  // write transactions committed
  std::vector<std::string> ignored_columns;
};

class DirectoryImport {
 public:
  DirectoryImport(ports::Database& db, const ports::Clock& clock) : db_(db), clock_(clock) {}

  // kPermissionDenied unless the caller may import; kInvalidArgument with one
  // FieldError (line, column, field = column name, code; the message names the
  // allowed values where there is a list) per problem, and nothing stored. A failure
  // while writing (kConflict, kPreconditionFailed, kUnavailable...) keeps the batches
  // committed before it and says how many rows they held.
  Result<ImportReport> ImportOrganisations(const core::Principal& p, std::string_view csv,
                                           const ImportOptions& options);
  Result<ImportReport> ImportPeople(const core::Principal& p, std::string_view csv,
                                    const ImportOptions& options);

 private:
  ports::Database& db_;
  const ports::Clock& clock_;
};

}  // namespace warroom::service
