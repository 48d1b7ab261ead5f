// warroom: the admin command line. Initialises a deployment, manages the first admin,
// imports organisations and people from CSV, backs up and restores, and verifies the
// audit log. Exit status: 0 success, 1 a check found problems, 2 an error.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/setup.h"
#include "server/service/reference_data.h"
#include "server/storage/backup.h"
#include "server/storage/repositories/audit_store.h"

namespace {

using namespace warroom;

int Fail(const Error& e) {
  std::cerr << "warroom: " << e.message << "\n";
  for (const auto& f : e.fields) {
    std::cerr << "  ";
    if (f.line > 0) std::cerr << "line " << f.line << ", ";
    if (!f.field.empty()) std::cerr << "column " << f.field << ": ";
    std::cerr << f.code << "\n";
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

  std::string path;
  auto* backup = cli.add_subcommand("backup", "online backup of the SQLite database");
  backup->add_option("destination", path, "backup file to write")->required();
  auto* restore = cli.add_subcommand("restore", "restore the SQLite database (server stopped)");
  restore->add_option("source", path, "backup file to restore")->required();

  auto* audit = cli.add_subcommand("audit", "the audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "check the hash chain; exit 1 on any problem");

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
    std::cout << "restored " << path << "\n";
    return 0;
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
    std::cout << "backed up to " << path << "\n";
    return 0;
  }
  if (*verify) {
    std::optional<core::AuditReport> report;
    auto ok = c.db->Read([&](storage::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(report, storage::AuditStore(tx).Verify());
      return Ok();
    });
    if (!ok) return Fail(ok.error());
    std::cout << "checked " << report->entries_checked << " entries\n";
    for (const auto& p : report->problems) {
      std::cout << core::AuditProblemKindName(p.kind) << " at seq " << p.seq << ": " << p.detail
                << "\n";
    }
    if (report->problems_dropped > 0) {
      std::cout << "... and " << report->problems_dropped << " more problems\n";
    }
    const bool clean = report->problems.empty() && report->problems_dropped == 0;
    std::cout << (clean ? "audit log intact\n" : "audit log ALTERED\n");
    return clean ? 0 : 1;
  }
  return 0;
}
