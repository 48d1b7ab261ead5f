// warroom-bench-seed: fills a warroom database with a synthetic directory for the
// directory benchmark (bench/directory/run.sh). Not a test, not for production data.
//
// It opens the database the way warroomd does (AppContext, migrations applied), loads the
// real reference data and creates the war room organisation and admin (app::Initialise),
// then inserts synthetic organisations, people, SPOC/deputy assignments and provider
// services through the repositories' own SQL (DirectoryStore), so the rows and search
// terms are exactly what the server would store. Finally it creates a war room analyst
// with a one-time set-up link, which the script uses to sign in through the API.
//
// Prints one JSON object on stdout (the facts run.sh needs); progress goes to stderr.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/setup.h"
#include "server/core/directory/search_text.h"
#include "server/storage/repositories/directory_store.h"

namespace {

using namespace warroom;
using core::OrganisationKind;

// ---- word lists -------------------------------------------------------------------------

const std::vector<std::string> kPrefixes = {
    "",       "",        "",       "",       "",       "",       "",         "",
    "",       "",        "Sint-",  "Sint-",  "Sint-",  "Groot-", "Klein-",   "Oud-",
    "Nieuw-", "Hoog-",   "Neder-", "Opper-", "Saint-", "Mont-",  "Villers-", "Fontaine-",
    "Heide-", "Sainte-", "Noord-", "Zuid-",  "West-",  "Oost-"};
const std::vector<std::string> kRoots = {
    "Amands",   "Truiden",  "Niklaas",  "Laureins", "Gillis",   "Katelijne", "Pieters",  "Lievens",
    "Martens",  "Denijs",   "Genesius", "Ulriks",   "Joris",    "Agatha",    "Maria",    "Jans",
    "Aarden",   "Beve",     "Brak",     "Dender",   "Eke",      "Evere",     "Gavere",   "Haacht",
    "Halle",    "Herent",   "Hove",     "Ieper",    "Kaprij",   "Kessel",    "Kortem",   "Lede",
    "Lier",     "Lochris",  "Meer",     "Melle",    "Merel",    "Mol",       "Nazar",    "Nijlen",
    "Olen",     "Oostmal",  "Poper",    "Putte",    "Ranst",    "Riems",     "Ronse",    "Schelle",
    "Schoten",  "Sprim",    "Stabroek", "Tiel",     "Tremel",   "Voeren",    "Waas",     "Wervik",
    "Wetter",   "Wingen",   "Zand",     "Zonne",    "Ardenne",  "Beau",      "Chastre",  "Ciney",
    "Dinant",   "Durbuy",   "Eghez",    "Floreff",  "Gembloux", "Hannut",    "Herve",    "Jodoigne",
    "Lessines", "Marche",   "Namur",    "Orp",      "Perwez",   "Rixens",    "Soignies", "Tubize",
    "Verviers", "Walcourt", "Wavre",    "Yvoir",    "Aubel"};
const std::vector<std::string> kSuffixes = {
    "",     "",      "",     "",       "gem",   "hout", "kerke", "zele", "beek", "berge",
    "donk", "rode",  "lo",   "hem",    "ville", "mont", "court", "sart", "ries", "akker",
    "veld", "broek", "dijk", "winkel", "hoven", "ham",  "bos",   "sel",  "laar", "loo"};
const std::vector<std::string> kQuarters = {"Noord",  "Zuid", "Oost",   "West",   "Centrum",
                                            "Kempen", "Rand", "Vallei", "Polder", "Heuvelland"};
const std::vector<std::string> kFirst = {
    "An",        "Bart",   "Charlotte", "Dirk",   "Els",     "Filip",    "Griet",   "Hans",
    "Ilse",      "Jan",    "Karen",     "Luc",    "Marie",   "Nathalie", "Olivier", "Pieter",
    "Quentin",   "Ruth",   "Sofie",     "Tom",    "Ursula",  "Vincent",  "Wim",     "Xavier",
    "Yasmine",   "Zoë",    "Amélie",    "Benoît", "Céline",  "Didier",   "Émilie",  "François",
    "Geneviève", "Hélène", "Isabelle",  "Jérôme", "Laurent", "Michèle",  "Noémie",  "Stéphane",
    "Mohamed",   "Fatima", "Youssef",   "Aïcha",  "Lars",    "Greta",    "Jürgen",  "Anke"};
const std::vector<std::string> kLast = {
    "Peeters",   "Janssens", "Maes",      "Jacobs",    "Mertens",        "Willems",   "Claes",
    "Goossens",  "Wouters",  "De Smet",   "Dubois",    "Lambert",        "Dupont",    "Martin",
    "Simon",     "Laurent",  "Leclercq",  "Hermans",   "Van den Broeck", "Vermeulen", "Michiels",
    "Pauwels",   "Desmet",   "De Vos",    "Van Damme", "Lemaire",        "Renard",    "Mathieu",
    "Fontaine",  "Collard",  "Verhoeven", "Smets",     "Aerts",          "Stevens",   "Cools",
    "Hendrickx", "Segers",   "Baert",     "Bogaert",   "Claeys",         "Declercq",  "Van Acker",
    "El Amrani", "Benali",   "Yilmaz",    "Schmitz",   "Müller",         "Schröder",  "Noël",
    "Gérard"};
const std::vector<std::string> kJobs = {"ICT-coördinator",
                                        "Informatieveiligheidsconsulent",
                                        "Algemeen directeur",
                                        "DPO",
                                        "Responsable informatique",
                                        "Netwerkbeheerder",
                                        "Burgemeester",
                                        "Directeur financier"};
const std::vector<std::string> kTech = {"Digi", "Cyber", "Net",  "Cloud", "Data",
                                        "Info", "Soft",  "Logi", "Tele",  "Sys"};
const std::vector<std::string> kTechEnd = {"tronic", "works", "plus",   "line", "ware",
                                           "nova",   "link",  "sphere", "core", "gate"};

struct Rng {
  std::mt19937_64 gen{20261127};
  size_t Index(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(gen); }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(gen); }
  const std::string& Pick(const std::vector<std::string>& v) { return v[Index(v.size())]; }
};

std::string Slug(const std::string& s) {
  std::string f = core::FoldForSearch(s), out;
  for (char c : f) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out.empty() ? "org" : out;
}

struct Province {
  std::string nis;
  std::string region;
};

struct Planned {
  core::Organisation org;
  int people = 0;
  std::string place;
};

// ---- the plan ---------------------------------------------------------------------------

class Planner {
 public:
  Planner(std::vector<Province> provinces, std::set<std::string> used_codes,
          std::unordered_set<std::string> used_names)
      : provinces_(std::move(provinces)),
        used_codes_(std::move(used_codes)),
        used_names_(std::move(used_names)) {}

  std::string Place() { return rng.Pick(kPrefixes) + rng.Pick(kRoots) + rng.Pick(kSuffixes); }

  // A name nobody has yet: appends a distinguishing word, then a number.
  std::string Unique(std::string name) {
    if (used_names_.insert(name).second) return name;
    for (int i = 2;; ++i) {
      std::string candidate = name + " " + std::to_string(i);
      if (used_names_.insert(candidate).second) return candidate;
    }
  }

  std::string NisCode(const Province& p) {
    const char first = p.nis.empty() ? '2' : p.nis[0];
    for (;;) {
      std::string code(1, first);
      const int rest = rng.Int(0, 9999);
      char buf[8];
      std::snprintf(buf, sizeof buf, "%04d", rest);
      code += buf;
      if (code.substr(1) == "0000") continue;
      if (used_codes_.insert(code).second) return code;
    }
  }

  core::Organisation Make() {
    core::Organisation o;
    const int roll = rng.Int(0, 99);
    const Province& prov = provinces_[rng.Index(provinces_.size())];
    o.province_nis = prov.nis.empty() ? std::nullopt : std::optional<std::string>(prov.nis);
    o.region_nis = prov.region;
    const std::string place = Place();
    const bool french = rng.Chance(0.4);
    if (roll < 25) {
      o.kind = OrganisationKind::kMunicipality;
      o.name_nl = Unique(place);
      if (french) o.name_fr = o.name_nl;
      o.nis_code = NisCode(prov);
    } else if (roll < 50) {
      o.kind = OrganisationKind::kSocialWelfareCentre;
      o.name_nl = Unique("OCMW " + place);
      o.name_fr = "CPAS " + o.name_nl.substr(5);
    } else if (roll < 60) {
      o.kind = OrganisationKind::kPoliceZone;
      o.name_nl = Unique("Politiezone " + place + "-" + Place());
      o.name_fr = "Zone de police " + o.name_nl.substr(12);
    } else if (roll < 65) {
      o.kind = OrganisationKind::kEmergencyZone;
      o.name_nl = Unique("Hulpverleningszone " + place + " " + rng.Pick(kQuarters));
    } else if (roll < 85) {
      o.kind = OrganisationKind::kIntermunicipalAssociation;
      o.name_nl = Unique("Intercommunale " + place + " " + rng.Pick(kQuarters));
      if (french) o.name_fr = "Intercommunale " + o.name_nl.substr(15);
    } else if (roll < 95) {
      o.kind = OrganisationKind::kIctProvider;
      o.name_nl = Unique(rng.Pick(kTech) + rng.Pick(kTechEnd) + " " + place +
                         (rng.Chance(0.5) ? " NV" : " BV"));
      o.name_en = o.name_nl;
    } else {
      o.kind = OrganisationKind::kAuditFirm;
      o.name_nl = Unique(rng.Pick(kLast) + " & " + rng.Pick(kLast) + " Audit " + place);
    }
    return o;
  }

  Rng rng;

 private:
  std::vector<Province> provinces_;
  std::set<std::string> used_codes_;
  std::unordered_set<std::string> used_names_;
};

core::Person MakePerson(Rng& rng, int64_t org_id, const std::string& domain, int serial,
                        int64_t now_ms) {
  core::Person p;
  p.organisation_id = org_id;
  const std::string& first = rng.Pick(kFirst);
  const std::string& last = rng.Pick(kLast);
  p.full_name = first + " " + last;
  p.job_title = rng.Pick(kJobs);
  p.work_email = Slug(first) + "." + Slug(last) + std::to_string(serial % 100) + "@" + domain;
  if (rng.Chance(0.5)) p.oob_email = Slug(first) + "." + Slug(last) + "@proton.me";
  if (rng.Chance(0.8)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+3247%07d", rng.Int(0, 9'999'999));
    p.mobile = buf;
  }
  if (rng.Chance(0.5)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+3250%06d", rng.Int(0, 999'999));
    p.landline = buf;
  }
  p.preferred_language = rng.Chance(0.6) ? core::Language::kNl : core::Language::kFr;
  const int r = rng.Int(0, 9);
  if (r < 3) p.roles.push_back(core::ContactRole::kIctLead);
  if (r == 3) p.roles.push_back(core::ContactRole::kDpo);
  if (r == 4) p.roles.push_back(core::ContactRole::kCiso);
  if (r == 5) p.roles.push_back(core::ContactRole::kGeneralDirector);
  if (rng.Chance(0.7)) p.verified_at = now_ms - int64_t{rng.Int(0, 500)} * 86'400'000;
  return p;
}

int Fail(const std::string& what) {
  std::cerr << "warroom-bench-seed: " << what << "\n";
  return 2;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"warroom-bench-seed: a synthetic directory for the directory benchmark"};
  std::string database_url, data_dir, reference_data;
  std::string analyst_email = "analyst@bench.warroom.test";
  int64_t organisations = 100'000, people = 500'000;
  int batch = 1000;
  int threads = 0;
  cli.add_option("--database", database_url, "database URL")->required();
  cli.add_option("--data-dir", data_dir, "data folder (the server's; holds the key file)")
      ->required();
  cli.add_option("--reference-data", reference_data, "reference data folder")->required();
  cli.add_option("--organisations", organisations, "total organisations, reference included");
  cli.add_option("--people", people, "total people");
  cli.add_option("--batch", batch, "synthetic organisations per write transaction");
  cli.add_option("--threads", threads, "writer threads (default: 4 on PostgreSQL, 1 on SQLite)");
  cli.add_option("--analyst-email", analyst_email, "e-mail of the war room analyst");
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
  auto initialised = app::Initialise(ctx, init);
  if (!initialised) return Fail("initialise: " + initialised.error().message);
  const double t_reference = Since(t_start);

  // What exists already (reference data, or an earlier run).
  std::vector<Province> provinces;
  std::set<std::string> used_codes;
  std::unordered_set<std::string> used_names;
  int64_t existing = 0, existing_people = 0, warroom_id = 0;
  auto read = db.Read([&](storage::Tx& tx) -> Status {
    storage::DirectoryStore store(tx);
    WR_ASSIGN_OR_RETURN(auto ps, store.Provinces());
    for (const auto& p : ps) provinces.push_back({p.nis_code, p.region_nis});
    WR_ASSIGN_OR_RETURN(auto regions, store.Regions());
    for (const auto& r : regions) {
      // A region without provinces (Brussels) gets organisations without a province.
      bool has = std::any_of(ps.begin(), ps.end(),
                             [&](const core::Province& p) { return p.region_nis == r.nis_code; });
      if (!has) provinces.push_back({"", r.nis_code});
    }
    WR_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT nis_code, name_nl FROM organisations", {}));
    for (const auto& r : rows) {
      if (!r.IsNull(0)) used_codes.insert(r.Text(0));
      used_names.insert(r.Text(1));
    }
    existing = static_cast<int64_t>(rows.size());
    WR_ASSIGN_OR_RETURN(auto n, tx.QueryOne("SELECT COUNT(*) FROM people", {}));
    existing_people = n.Int(0);
    WR_ASSIGN_OR_RETURN(auto w, store.FindByExternalId("warroom"));
    if (!w) return Error::Internal("no war room organisation");
    warroom_id = w->id;
    return Ok();
  });
  if (!read) return Fail(read.error().message);
  if (provinces.empty()) return Fail("no provinces: is the reference data folder right?");

  const int64_t to_create = std::max<int64_t>(0, organisations - existing);
  const int64_t people_to_create = std::max<int64_t>(0, people - existing_people);
  std::cerr << "seed: " << existing << " organisations exist (reference data loaded in "
            << t_reference << " s); creating " << to_create << " organisations and "
            << people_to_create << " people\n";

  // Plan every organisation first (names unique, NIS codes unique), and the number of
  // people of each: at least one, the rest spread at random, more for local governments.
  Planner planner(provinces, used_codes, used_names);
  std::vector<Planned> plan;
  plan.reserve(static_cast<size_t>(to_create));
  for (int64_t i = 0; i < to_create; ++i) plan.push_back({planner.Make(), 0, ""});
  int64_t remaining = people_to_create;
  if (!plan.empty()) {
    for (auto& p : plan) {
      if (remaining == 0) break;
      p.people = 1;
      --remaining;
    }
    std::vector<size_t> weighted;  // local governments twice as likely to get more people
    for (size_t i = 0; i < plan.size(); ++i) {
      weighted.push_back(i);
      if (core::IsLocalGovernment(plan[i].org.kind)) weighted.push_back(i);
    }
    while (remaining > 0) {
      plan[weighted[planner.rng.Index(weighted.size())]].people++;
      --remaining;
    }
  }

  // The organisation page the benchmark reads: a municipality with many people.
  size_t detail_index = SIZE_MAX;
  for (size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].org.kind == OrganisationKind::kMunicipality && plan[i].people >= 8) {
      detail_index = i;
      break;
    }
  }

  // Write in batches, each one transaction through the repositories. PostgreSQL takes
  // concurrent write transactions, so batches run on several threads there (each
  // statement is a round trip; one connection alone waits more than it works).
  // Phase 1: organisations, their people and SPOC/deputy assignments. Phase 2: provider
  // services, once every ICT provider exists. Every batch draws from its own generator,
  // seeded by its index, so a retried transaction writes the same rows.
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(ctx.clock->Now().time_since_epoch())
          .count();
  if (threads <= 0) threads = db.engine() == storage::Engine::kPostgres ? 4 : 1;
  const size_t n_batches =
      (plan.size() + static_cast<size_t>(batch) - 1) / static_cast<size_t>(batch);
  std::vector<int64_t> ids(plan.size(), 0);
  std::atomic<int64_t> services{0}, assignments{0}, people_done{0};
  std::atomic<size_t> next_batch{0}, batches_done{0};
  std::atomic<bool> failed{false};
  std::mutex fail_mu;
  std::string failure;
  int64_t detail_id = 0;
  std::string rare_name;
  const auto t_orgs = std::chrono::steady_clock::now();

  auto phase1 = [&](size_t b) -> Status {
    const size_t start = b * static_cast<size_t>(batch);
    const size_t end = std::min(plan.size(), start + static_cast<size_t>(batch));
    int64_t batch_assignments = 0, batch_people = 0;
    WR_RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      Rng rng;
      rng.gen.seed(1000 + b);
      batch_assignments = batch_people = 0;
      storage::DirectoryStore store(tx);
      for (size_t i = start; i < end; ++i) {
        const Planned& pl = plan[i];
        WR_ASSIGN_OR_RETURN(core::Organisation org, store.InsertOrganisation(pl.org, now));
        ids[i] = org.id;
        const std::string domain = Slug(org.name_nl) + ".be";
        std::vector<int64_t> person_ids;
        for (int k = 0; k < pl.people; ++k) {
          WR_ASSIGN_OR_RETURN(core::Person p,
                              store.InsertPerson(MakePerson(rng, org.id, domain, k, now), now));
          person_ids.push_back(p.id);
        }
        batch_people += pl.people;
        const bool local = core::IsLocalGovernment(org.kind);
        if (!person_ids.empty() && (i == detail_index || (local && rng.Chance(0.7)))) {
          std::vector<int64_t> deputies;
          const size_t n_deputies =
              i == detail_index
                  ? 2
                  : std::min(person_ids.size() - 1, static_cast<size_t>(rng.Int(0, 2)));
          for (size_t d = 0; d < n_deputies && d + 1 < person_ids.size(); ++d) {
            deputies.push_back(person_ids[d + 1]);
          }
          WR_RETURN_IF_ERROR(store.ReplaceAssignments(org.id, person_ids[0], deputies));
          batch_assignments++;
        }
      }
      return Ok();
    }));
    assignments += batch_assignments;
    people_done += batch_people;
    return Ok();
  };

  std::vector<int64_t> provider_ids;
  auto phase2 = [&](size_t b) -> Status {
    const size_t start = b * static_cast<size_t>(batch);
    const size_t end = std::min(plan.size(), start + static_cast<size_t>(batch));
    int64_t batch_services = 0;
    WR_RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      Rng rng;
      rng.gen.seed(5'000'000 + b);
      batch_services = 0;
      storage::DirectoryStore store(tx);
      for (size_t i = start; i < end; ++i) {
        if (!core::IsLocalGovernment(plan[i].org.kind) || provider_ids.empty()) continue;
        const int n = i == detail_index ? 3 : rng.Int(0, 2);
        std::set<std::pair<int64_t, int>> seen;
        for (int s = 0; s < n; ++s) {
          const int64_t provider = provider_ids[rng.Index(provider_ids.size())];
          const int kind = rng.Int(0, 12);
          if (!seen.insert({provider, kind}).second) continue;
          WR_RETURN_IF_ERROR(StatusOf(store.InsertService(
              provider, ids[i], static_cast<core::ServiceKind>(kind), std::nullopt, now)));
          batch_services++;
        }
      }
      return Ok();
    }));
    services += batch_services;
    return Ok();
  };

  auto run_phase = [&](const char* name, const std::function<Status(size_t)>& fn) {
    next_batch = 0;
    batches_done = 0;
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t b = next_batch++; b < n_batches && !failed; b = next_batch++) {
          if (auto ok = fn(b); !ok) {
            std::lock_guard lock(fail_mu);
            failed = true;
            failure = std::string(name) + " batch " + std::to_string(b) + ": " + ok.error().message;
            return;
          }
          const size_t done = ++batches_done;
          if (done % 10 == 0 || done == n_batches) {
            std::fprintf(stderr, "seed: %s %zu/%zu batches, %.1f s\n", name, done, n_batches,
                         Since(t_orgs));
          }
        }
      });
    }
    for (auto& t : pool) t.join();
  };

  run_phase("organisations and people", phase1);
  if (failed) return Fail(failure);
  for (size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].org.kind == OrganisationKind::kIctProvider) provider_ids.push_back(ids[i]);
  }
  run_phase("provider services", phase2);
  if (failed) return Fail(failure);
  if (detail_index != SIZE_MAX) {
    detail_id = ids[detail_index];
    rare_name = plan[detail_index].org.name_nl;
  }
  const double t_seed = Since(t_orgs);

  // An existing database (re-run): find the detail organisation again.
  if (detail_id == 0) {
    (void)db.Read([&](storage::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          auto row,
          tx.QueryOptional("SELECT o.id, o.name_nl FROM organisations o WHERE o.kind = "
                           "'municipality' AND o.spoc_person_id IS NOT NULL AND (SELECT COUNT(*) "
                           "FROM people p WHERE p.organisation_id = o.id) >= 8 ORDER BY o.id "
                           "DESC LIMIT 1",
                           {}));
      if (row) {
        detail_id = row->Int(0);
        rare_name = row->Text(1);
      }
      return Ok();
    });
  }

  // The analyst: a war room role, so the sign-in needs TOTP enrolment (done by run.sh).
  service::InvitationInput analyst;
  analyst.email = analyst_email;
  analyst.display_name = "Bench Analyst";
  analyst.role = core::Role::kWarroomAnalyst;
  analyst.organisation_id = warroom_id;
  auto created = ctx.accounts->CreateWithSetupLink(analyst, "system:bench", false);
  if (!created) return Fail("analyst: " + created.error().message);

  int64_t total_orgs = 0, total_people = 0;
  (void)db.Read([&](storage::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto a, tx.QueryOne("SELECT COUNT(*) FROM organisations", {}));
    WR_ASSIGN_OR_RETURN(auto b, tx.QueryOne("SELECT COUNT(*) FROM people", {}));
    total_orgs = a.Int(0);
    total_people = b.Int(0);
    return Ok();
  });
  std::cerr << "seed: done: " << total_orgs << " organisations, " << total_people << " people, "
            << services.load() << " provider services, " << assignments.load()
            << " SPOC assignments; "
            << "synthetic rows in " << t_seed << " s, total " << Since(t_start) << " s\n";

  nlohmann::json out = {{"organisations", total_orgs},     {"people", total_people},
                        {"services", services.load()},     {"assignments", assignments.load()},
                        {"seed_seconds", t_seed},          {"threads", threads},
                        {"total_seconds", Since(t_start)}, {"detail_id", detail_id},
                        {"rare_name", rare_name},          {"analyst_email", created->first.email},
                        {"setup_token", created->second}};
  std::cout << out.dump() << "\n";
  return 0;
}
