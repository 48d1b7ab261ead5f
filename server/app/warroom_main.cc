// warroom: the admin command line. Initialises a deployment, manages the first admin,
// imports organisations and people from CSV, backs up and restores, verifies the audit
// log and removes the demo exercise. Exit status: 0 success, 1 a check found problems,
// 2 an error (also: the data folder or database does not exist; only `init` creates them).
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/setup.h"
#include "server/core/directory/model.h"
#include "server/service/demo_seed.h"
#include "server/service/directory_import.h"
#include "server/service/reference_data.h"
#include "server/storage/backup.h"
#include "server/storage/repositories/audit_store.h"

namespace {

using namespace warroom;

int Fail(const Error& e) {
  std::cerr << "warroom: " << e.message << "\n";
  for (const auto& f : e.fields) {
    std::cerr << "  ";
    // The import's messages name the line, the column and the allowed values already.
    if (f.line > 0 && f.message.rfind("line ", 0) == 0) {
      std::cerr << f.message << "\n";
      continue;
    }
    if (f.line > 0) std::cerr << "line " << f.line << ", ";
    if (!f.field.empty()) std::cerr << "column " << f.field << ": ";
    std::cerr << f.code;
    if (!f.message.empty() && f.message != f.code) std::cerr << " (" << f.message << ")";
    std::cerr << "\n";
  }
  return 2;
}

core::Principal Cli() {
  core::Principal p;
  p.role = core::Role::kWarroomAdmin;
  p.label = "cli";
  return p;
}

int PrintInit(const app::InitResult& r, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"url", r.setup_url.substr(0, r.setup_url.find("/activate"))},
                                {"admin_email", r.admin_email},
                                {"setup_secret", r.setup_secret},
                                {"setup_url", r.setup_url}}
                     .dump()
              << "\n";
    return 0;
  }
  if (r.setup_secret.empty()) {
    std::cout << "The admin account " << r.admin_email
              << " is set up already; `warroom admin reset` issues a new set-up link.\n";
  } else {
    std::cout << "One-time admin secret for " << r.admin_email << ": " << r.setup_secret << "\n"
              << "Set the admin password and second factor at: " << r.setup_url << "\n";
  }
  return 0;
}

// The CSV format of `warroom import`, for --help (README.md says the same).
std::string ImportHelp() {
  return "Every row is checked first (against the database too); any error, reported with\n"
         "its line and column, stores nothing. Then the rows are written in batches of\n"
         "1000 per transaction, with a progress line on stderr after each.\n"
         "Re-importing updates the records found by NIS code or external id, only in the\n"
         "columns the file has: a missing column or an empty cell keeps the stored value,\n"
         "the cell " +
         std::string(service::kClearCell) +
         " clears it. Unknown columns are ignored and listed.\n"
         "`warroom import organisations --help` and `warroom import people --help` list\n"
         "the columns.";
}

std::string OrganisationColumnsHelp() {
  return "Columns: name_nl and nis_code or external_id are required; kind, name_fr, name_de,\n"
         "name_en, region_nis, province_nis, parent_nis, merged_into_nis, status optional.\n"
         "  kind: " +
         core::NamesOf(core::AllOrganisationKinds()) +
         " (default municipality)\n"
         "  status: " +
         core::NamesOf(core::AllOrganisationStatuses()) +
         " (merged needs merged_into_nis)\n"
         "  nis_code, region_nis, province_nis, parent_nis, merged_into_nis: five-digit NIS\n"
         "  codes; a NIS code outside the given province or region is an error.\n"
         "A cell " +
         std::string(service::kClearCell) +
         " clears a value; kind, status, name_nl and nis_code cannot be cleared.";
}

std::string PeopleColumnsHelp() {
  return "Columns: full_name and organisation_nis or organisation_external_id are required;\n"
         "external_id, job_title, work_email, oob_email, mobile, landline,\n"
         "preferred_language, roles, spoc_order, verified_at optional. A person is found by\n"
         "external_id, else by organisation and work_email.\n"
         "  preferred_language: " +
         core::NamesOf(core::AllLanguages()) +
         "\n"
         "  roles: separated by ';' or '|': " +
         core::NamesOf(core::AllContactRoles()) +
         "\n"
         "  spoc_order: 0 the SPOC, 1, 2, ... the deputies in order (whoever held that place\n"
         "  loses it); " +
         std::string(service::kClearCell) +
         " takes the person off the list\n"
         "  verified_at: YYYY-MM-DD\n"
         "A cell " +
         std::string(service::kClearCell) +
         " clears a value; full_name, external_id and preferred_language cannot be cleared.";
}

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"warroom: administration of a warroom deployment"};
  cli.require_subcommand(1);
  app::Config config;
  std::string config_file;
  cli.add_option("--config", config_file, "JSON configuration file (as warroomd's)");
  cli.add_option("--data-dir", config.data_dir, "data folder");
  cli.add_option("--database", config.database_url, "database URL");
  cli.add_option("--public-url", config.public_url, "base URL of the app, for links");
  cli.add_option("--reference-data", config.reference_data, "reference data folder");

  bool demo = false, json = false;
  std::string admin_email = "admin@warroom.local";
  auto* init = cli.add_subcommand("init",
                                  "create the database, load the reference data (and the "
                                  "demo exercise), create the first admin");
  init->add_flag("--demo", demo, "load the demo exercise (fictional, marked OEFENING)");
  init->add_option("--admin-email", admin_email, "the first admin's e-mail address");
  init->add_flag("--json", json, "print the result as one JSON object");

  auto* admin = cli.add_subcommand("admin", "manage war room admin accounts");
  admin->require_subcommand(1);
  std::string email;
  auto* reset = admin->add_subcommand("reset",
                                      "create (or reset) an admin and print a one-time "
                                      "set-up secret");
  reset->add_option("--email", email, "the admin's e-mail address")->required();
  reset->add_flag("--json", json, "print the result as JSON");

  std::string file;
  bool dry_run = false;
  auto* import = cli.add_subcommand("import", "import organisations or people from CSV");
  import->require_subcommand(1);
  auto* import_orgs = import->add_subcommand("organisations", "import organisations");
  auto* import_people = import->add_subcommand("people", "import contact people");
  for (auto* sub : {import_orgs, import_people}) {
    sub->add_option("file", file, "CSV file")->required();
    sub->add_flag("--dry-run", dry_run, "validate only; store nothing");
  }
  import->footer(ImportHelp());
  import_orgs->footer(OrganisationColumnsHelp());
  import_people->footer(PeopleColumnsHelp());

  std::string path;
  auto* backup =
      cli.add_subcommand("backup", "online backup of the SQLite database and the attachment files");
  backup->add_option("destination", path, "backup file to write")->required();
  auto* restore = cli.add_subcommand(
      "restore",
      "restore the SQLite database and the attachment files; refuses while warroomd runs on it");
  restore->add_option("source", path, "backup file to restore")->required();

  auto* audit = cli.add_subcommand("audit", "the audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "check the keyed hash chain and its head; exit 1 on any problem");
  std::string anchor_text;
  verify->add_option("--anchor", anchor_text,
                     "SEQ:MAC printed earlier by `warroom audit anchor`: the chain must still "
                     "contain that entry");
  auto* anchor =
      audit->add_subcommand("anchor",
                            "print the chain's head (SEQ:MAC) to keep outside the server, for "
                            "`audit verify --anchor`");

  auto* demo_command = cli.add_subcommand("demo", "the demo exercise (fictional, marked OEFENING)");
  demo_command->require_subcommand(1);
  auto* demo_remove = demo_command->add_subcommand(
      "remove",
      "remove the exercise's organisations, people, services and accounts, each change "
      "audited; real data stays");

  CLI11_PARSE(cli, argc, argv);

  app::Config effective;
  if (!config_file.empty()) {
    if (auto ok = app::ApplyConfigFile(effective, config_file); !ok) return Fail(ok.error());
  }
  if (auto ok = app::ApplyEnvironment(effective); !ok) return Fail(ok.error());
  for (auto* opt : cli.get_options()) {
    if (opt->count() == 0) continue;
    const std::string name = opt->get_name();
    if (name == "--data-dir") effective.data_dir = config.data_dir;
    if (name == "--database") effective.database_url = config.database_url;
    if (name == "--public-url") effective.public_url = config.public_url;
    if (name == "--reference-data") effective.reference_data = config.reference_data;
  }

  if (*restore) {
    // Restore works on the file, with no database open.
    const std::string url = effective.EffectiveDatabaseUrl();
    if (url.rfind("sqlite://", 0) != 0) {
      return Fail(Error::InvalidArgument("restore is for SQLite; use pg_restore"));
    }
    if (auto ok = storage::Restore(path, url.substr(9)); !ok) return Fail(ok.error());
    // The rows name their attachments by hash; the files come back from beside the backup.
    auto files = storage::CopyContentAddressedFiles(storage::AttachmentsBesideBackup(path),
                                                    storage::AttachmentsFolder(effective.data_dir));
    if (!files) return Fail(files.error());
    std::cout << "restored " << path << " (" << *files << " attachment files)\n";
    return 0;
  }

  // Only init creates a deployment; every other command reads one, and opening a
  // mistyped folder would create an empty database that then looks "intact".
  if (!*init) {
    if (auto ok = app::RequireInitialised(effective); !ok) return Fail(ok.error());
  }
  auto ctx = app::AppContext::Open(effective, /*mail=*/false);
  if (!ctx) return Fail(ctx.error());
  app::AppContext& c = **ctx;

  if (*init) {
    app::InitOptions options;
    options.demo = demo;
    options.admin_email = admin_email;
    options.reference_data = service::ReferenceDataFolder(effective.reference_data);
    if (options.reference_data.empty()) {
      return Fail(Error::InvalidArgument(
          "no reference data: pass --reference-data or set WARROOM_REFERENCE_DATA"));
    }
    auto r = app::Initialise(c, options);
    if (!r) return Fail(r.error());
    return PrintInit(*r, json);
  }
  if (*reset) {
    auto r = app::IssueAdminSetup(c, email);
    if (!r) return Fail(r.error());
    return PrintInit(*r, json);
  }
  if (*import_orgs || *import_people) {
    auto text = ReadAll(file);
    if (!text) return Fail(text.error());
    service::ImportOptions options;
    options.dry_run = dry_run;
    options.on_progress = [](const service::ImportProgress& progress) {
      std::cerr << "warroom: import: " << progress.written << " of " << progress.total
                << " rows written\n";
    };
    auto report = *import_orgs ? c.import->ImportOrganisations(Cli(), *text, options)
                               : c.import->ImportPeople(Cli(), *text, options);
    if (!report) return Fail(report.error());
    std::cout << (dry_run ? "would import " : "imported ") << report->rows
              << " rows: " << report->created << " created, " << report->updated << " updated\n";
    if (!report->ignored_columns.empty()) {
      std::cout << "ignored columns:";
      for (const auto& col : report->ignored_columns) std::cout << " " << col;
      std::cout << "\n";
    }
    return 0;
  }
  if (*backup) {
    if (auto ok = storage::Backup(*c.db, path); !ok) return Fail(ok.error());
    // After the snapshot: a row commits only once its file is durable and files are never
    // removed, so every attachment the snapshot names is there to copy.
    const std::string beside = storage::AttachmentsBesideBackup(path);
    auto files =
        storage::CopyContentAddressedFiles(storage::AttachmentsFolder(effective.data_dir), beside);
    if (!files) return Fail(files.error());
    std::cout << "backed up to " << path << " (" << *files << " new attachment files in " << beside
              << ")\n";
    return 0;
  }
  if (*demo_remove) {
    auto r = service::RemoveDemo(*c.db, *c.clock);
    if (!r) return Fail(r.error());
    std::cout << "removed the demo exercise: " << r->organisations << " organisations, "
              << r->people << " people, " << r->services << " services, " << r->accounts
              << " accounts\n";
    if (r->organisations_reassigned > 0 || r->accounts_unlinked > 0) {
      std::cout << "real organisations whose SPOC or deputies lost an exercise contact: "
                << r->organisations_reassigned
                << "; real accounts unlinked from an exercise person: " << r->accounts_unlinked
                << "\n";
    }
    return 0;
  }
  if (*verify || *anchor) {
    std::optional<core::AuditAnchor> required;
    if (!anchor_text.empty()) {
      required = core::ParseAuditAnchor(anchor_text);
      if (!required) {
        return Fail(
            Error::InvalidArgument("--anchor must be SEQ:MAC as `warroom audit anchor` "
                                   "prints it, e.g. 42:3f5e...(64 hex digits)"));
      }
    }
    std::optional<core::AuditReport> report;
    core::AuditAnchor head;
    auto ok = c.db->Read([&](ports::Tx& tx) -> Status {
      storage::AuditStore store(tx);
      WR_ASSIGN_OR_RETURN(report, store.Verify(required));
      WR_ASSIGN_OR_RETURN(head, store.Head());
      return Ok();
    });
    if (!ok) return Fail(ok.error());
    const bool clean = report->problems.empty() && report->problems_dropped == 0;
    // The key is named by its id only; the key itself never leaves audit.key.
    const std::string key_line =
        "audit key " + c.db->audit_key()->Id() + " (" + app::AuditKeyPath(effective.data_dir) + ")";
    if (*anchor) {
      if (!clean) {
        std::cerr << "warroom: the audit log is ALTERED; `warroom audit verify` shows where. "
                     "Not printing an anchor for it.\n";
        return 1;
      }
      std::cerr << key_line << "; keep this head outside the server:\n";
      std::cout << core::FormatAuditAnchor(head) << "\n";
      return 0;
    }
    std::cout << "checked " << report->entries_checked << " entries with " << key_line << "\n";
    for (const auto& p : report->problems) {
      std::cout << core::AuditProblemKindName(p.kind) << " at seq " << p.seq << ": " << p.detail
                << "\n";
    }
    if (report->problems_dropped > 0) {
      std::cout << "... and " << report->problems_dropped << " more problems\n";
    }
    if (clean && required) {
      std::cout << "contains the anchor " << core::FormatAuditAnchor(*required) << "\n";
    }
    std::cout << "head " << core::FormatAuditAnchor(head) << "\n";
    std::cout << (clean ? "audit log intact\n" : "audit log ALTERED\n");
    return clean ? 0 : 1;
  }
  return 0;
}
