// warroom-bench-advisories-seed: fills a warroom database for the advisories benchmark
// (bench/advisories/run.sh). Not a test, not for production data.
//
// It opens the database the way warroomd does (AppContext, migrations applied), loads the
// real reference data and the war room organisation (app::Initialise), then inserts
// synthetic local organisations, each with exactly two people — a SPOC and a deputy, both
// with a work e-mail — through DirectoryStore, so the rows are what the server stores.
// Finally it creates two war room analysts with one-time set-up links: one writes the
// advisory, the other approves it (four eyes), and the second also watches the boards.
//
// Prints one JSON object on stdout (the facts run.sh needs); progress goes to stderr.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/setup.h"
#include "server/storage/repositories/directory_store.h"

namespace {

using namespace warroom;
using core::OrganisationKind;

int Fail(const std::string& what) {
  std::cerr << "warroom-bench-advisories-seed: " << what << "\n";
  return 2;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Kinds without a NIS code, so that names alone make an organisation unique.
constexpr OrganisationKind kKinds[] = {
    OrganisationKind::kSocialWelfareCentre, OrganisationKind::kPoliceZone,
    OrganisationKind::kEmergencyZone, OrganisationKind::kIntermunicipalAssociation};
constexpr const char* kKindNames[] = {"OCMW", "Politiezone", "Hulpverleningszone",
                                      "Intercommunale"};

core::Person MakePerson(int64_t org_id, int64_t serial, const char* role, bool french) {
  core::Person p;
  p.organisation_id = org_id;
  char name[64], mail[96];
  std::snprintf(name, sizeof name, "%s %06lld", role, static_cast<long long>(serial));
  std::snprintf(mail, sizeof mail, "%s.%06lld@org%06lld.bench.test", role,
                static_cast<long long>(serial), static_cast<long long>(serial));
  p.full_name = name;
  p.work_email = mail;
  p.preferred_language = french ? core::Language::kFr : core::Language::kNl;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"warroom-bench-advisories-seed: organisations with a SPOC and a deputy each"};
  std::string database_url, data_dir, reference_data;
  int64_t organisations = 10'000;
  int batch = 500;
  cli.add_option("--database", database_url, "database URL")->required();
  cli.add_option("--data-dir", data_dir, "data folder (the server's; holds the key file)")
      ->required();
  cli.add_option("--reference-data", reference_data, "reference data folder")->required();
  cli.add_option("--organisations", organisations, "synthetic organisations to create");
  cli.add_option("--batch", batch, "organisations per write transaction");
  CLI11_PARSE(cli, argc, argv);

  const auto t_start = std::chrono::steady_clock::now();
  app::Config config;
  config.database_url = database_url;
  config.data_dir = data_dir;
  config.reference_data = reference_data;
  config.public_url = "http://127.0.0.1";
  auto opened = app::AppContext::Open(config, /*mail=*/false);
  if (!opened) return Fail(opened.error().message);
  app::AppContext& ctx = **opened;
  storage::Database& db = *ctx.db;

  app::InitOptions init;
  init.reference_data = reference_data;
  if (auto ok = app::Initialise(ctx, init); !ok) {
    return Fail("initialise: " + ok.error().message);
  }

  int64_t warroom_id = 0;
  auto read = db.Read([&](storage::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto w, storage::DirectoryStore(tx).FindByExternalId("warroom"));
    if (!w) return Error::Internal("no war room organisation");
    warroom_id = w->id;
    return Ok();
  });
  if (!read) return Fail(read.error().message);

  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.clock->Now().time_since_epoch())
          .count();
  const auto t_orgs = std::chrono::steady_clock::now();
  for (int64_t start = 0; start < organisations; start += batch) {
    const int64_t end = std::min<int64_t>(organisations, start + batch);
    auto wrote = db.Write([&](storage::Tx& tx) -> Status {
      storage::DirectoryStore store(tx);
      for (int64_t i = start; i < end; ++i) {
        const size_t k = static_cast<size_t>(i % 4);
        core::Organisation o;
        o.kind = kKinds[k];
        char name[96];
        std::snprintf(name, sizeof name, "%s Bench %06lld", kKindNames[k],
                      static_cast<long long>(i));
        o.name_nl = name;
        WR_ASSIGN_OR_RETURN(core::Organisation org, store.InsertOrganisation(o, now));
        const bool french = i % 5 < 2;
        WR_ASSIGN_OR_RETURN(core::Person spoc,
                            store.InsertPerson(MakePerson(org.id, i, "spoc", french), now));
        WR_ASSIGN_OR_RETURN(core::Person deputy,
                            store.InsertPerson(MakePerson(org.id, i, "deputy", french), now));
        WR_RETURN_IF_ERROR(store.ReplaceAssignments(org.id, spoc.id, {deputy.id}));
      }
      return Ok();
    });
    if (!wrote) {
      return Fail("organisations " + std::to_string(start) + ": " + wrote.error().message);
    }
    if ((end / batch) % 4 == 0 || end == organisations) {
      std::fprintf(stderr, "seed: %lld/%lld organisations, %.1f s\n", static_cast<long long>(end),
                   static_cast<long long>(organisations), Since(t_orgs));
    }
  }
  const double t_seed = Since(t_orgs);

  nlohmann::json tokens = nlohmann::json::array();
  for (const char* who : {"author", "approver"}) {
    service::InvitationInput analyst;
    analyst.email = std::string(who) + "@bench.warroom.test";
    analyst.display_name = std::string("Bench ") + who;
    analyst.role = core::Role::kWarroomAnalyst;
    analyst.organisation_id = warroom_id;
    auto created = ctx.accounts->CreateWithSetupLink(analyst, "system:bench", false);
    if (!created) return Fail(std::string(who) + ": " + created.error().message);
    tokens.push_back(created->second);
  }

  int64_t total_orgs = 0, with_spoc = 0, people = 0;
  (void)db.Read([&](storage::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto a, tx.QueryOne("SELECT COUNT(*) FROM organisations", {}));
    WR_ASSIGN_OR_RETURN(
        auto b,
        tx.QueryOne("SELECT COUNT(*) FROM organisations WHERE spoc_person_id IS NOT NULL", {}));
    WR_ASSIGN_OR_RETURN(auto c, tx.QueryOne("SELECT COUNT(*) FROM people", {}));
    total_orgs = a.Int(0);
    with_spoc = b.Int(0);
    people = c.Int(0);
    return Ok();
  });
  std::cerr << "seed: done: " << total_orgs << " organisations (" << with_spoc << " with a SPOC), "
            << people << " people; synthetic rows in " << t_seed << " s, total " << Since(t_start)
            << " s\n";
  nlohmann::json out = {
      {"organisations", total_orgs}, {"with_spoc", with_spoc},    {"people", people},
      {"seed_seconds", t_seed},      {"author_token", tokens[0]}, {"approver_token", tokens[1]}};
  std::cout << out.dump() << "\n";
  return 0;
}
