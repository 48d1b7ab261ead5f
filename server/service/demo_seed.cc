#include "server/service/demo_seed.h"

#include <array>
#include <string>
#include <vector>

#include "server/core/directory/access.h"
#include "server/service/audited_write.h"
#include "server/service/demo_advisory.h"
#include "server/service/demo_verification.h"
#include "server/service/directory_import.h"
#include "server/service/directory_service.h"
#include "server/service/views.h"
#include "server/storage/repositories/account_store.h"
#include "server/storage/repositories/demo_store.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

constexpr const char* kActor = "system:demo-exercise";

core::Principal System() {
  core::Principal p;
  p.role = core::Role::kWarroomAdmin;
  p.label = kActor;
  return p;
}

int64_t NowMs(const ports::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

constexpr const char* kOrganisations =
    "kind,nis_code,external_id,name_nl,name_fr,name_en,region_nis,province_nis\n"
    "municipality,99001,,Oefenstad (OEFENING),Oefenstad (EXERCICE),Oefenstad (EXERCISE),"
    "02000,10000\n"
    "municipality,99002,,Proefdorp (OEFENING),Proefdorp (EXERCICE),Proefdorp (EXERCISE),"
    "02000,70000\n"
    "ict_provider,,demo-ict,Demo ICT NV (OEFENING),Demo ICT SA (EXERCICE),"
    "Demo ICT Ltd (EXERCISE),,\n"
    "ict_provider,,voorbeeld-software,Voorbeeld Software BV (OEFENING),"
    "Voorbeeld Software SRL (EXERCICE),Voorbeeld Software Ltd (EXERCISE),,\n"
    "ict_provider,,fictief-hosting,Fictief Hosting (OEFENING),Fictief Hosting (EXERCICE),"
    "Fictief Hosting (EXERCISE),,\n";

// Fictional people: obviously made-up names, .example addresses, +32 499 00 xx xx.
constexpr const char* kPeople =
    "organisation_nis,organisation_external_id,external_id,full_name,job_title,work_email,"
    "oob_email,mobile,landline,preferred_language,roles,spoc_order,verified_at\n"
    "99001,,demo-p-1,Sanne Oefenaar,ICT-coördinator,sanne.oefenaar@oefenstad.example,"
    "sanne.oefenaar@privemail.example,+32 499 00 10 01,,nl,ict_lead,0,2026-10-01\n"
    "99001,,demo-p-2,Bram Proefmans,Algemeen directeur,bram.proefmans@oefenstad.example,,"
    "+32 499 00 10 02,,nl,general_director,1,2026-10-01\n"
    "99001,,demo-p-3,Lotte Testaert,DPO,lotte.testaert@oefenstad.example,"
    "lotte.testaert@privemail.example,,,nl,dpo,2,2026-06-15\n"
    "99001,,demo-p-4,Koen Voorbeeldt,Burgemeester,koen.voorbeeldt@oefenstad.example,,,,nl,mayor,,\n"
    "99002,,demo-p-5,Femke Fictief,Informatieveiligheidsconsulent,"
    "femke.fictief@proefdorp.example,,,+32 11 00 20 01,nl,ciso,0,2025-11-02\n"
    "99002,,demo-p-6,Jens Oefening,ICT-medewerker,jens.oefening@proefdorp.example,,"
    "+32 499 00 20 02,,nl,ict_lead,,\n"
    ",demo-ict,demo-p-7,Nora Demonstra,Security manager,nora.demonstra@demo-ict.example,"
    "nora.demonstra@privemail.example,+32 499 00 30 01,,nl,ciso,0,2026-09-01\n"
    ",voorbeeld-software,demo-p-8,Wout Voorbeeld,Productverantwoordelijke,"
    "wout.voorbeeld@voorbeeld-software.example,,+32 499 00 30 02,,nl,other,0,2026-03-01\n"
    ",fictief-hosting,demo-p-9,Claire Essai,Responsable sécurité,"
    "claire.essai@fictief-hosting.example,,+32 499 00 30 03,,fr,ciso,0,2026-05-01\n";

constexpr std::array<const char*, 12> kFirstNames = {"An",   "Bart",  "Chloé", "Dirk",
                                                     "Eva",  "Filip", "Greet", "Hans",
                                                     "Ilse", "Joris", "Karen", "Luc"};
constexpr std::array<const char*, 8> kLastNames = {
    "Oefenaar", "Proefmans", "Testaert", "Voorbeeldt", "Demonstra", "Fictief", "Essai", "Simulé"};

}  // namespace

Result<DemoReport> LoadDemo(ports::Database& db, const ports::Clock& clock) {
  DemoReport report;
  ImportOptions demo;
  demo.is_demo = true;
  DirectoryImport importer(db, clock);
  WR_ASSIGN_OR_RETURN(auto orgs, importer.ImportOrganisations(System(), kOrganisations, demo));
  report.organisations = orgs.rows;

  // Demo ICT NV manages network, VPN and firewall for Oefenstad and about forty real
  // municipalities of the province of Antwerp; Voorbeeld Software BV delivers the
  // population register and financial software to many; Fictief Hosting hosts and backs
  // up a few. Each of those customers gets a fictional SPOC, some without a deputy or an
  // out-of-band channel, so that the directory shows real gaps. A customer that has real
  // people keeps them as they are: no fictional contact, no change of its SPOC.
  std::vector<std::string> customers;
  std::vector<bool> has_real_people;
  WR_RETURN_IF_ERROR(db.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        ports::Rows rows,
        tx.Query("SELECT o.nis_code, CASE WHEN EXISTS (SELECT 1 FROM people p WHERE "
                 "p.organisation_id = o.id AND p.is_demo = 0) THEN 1 ELSE 0 END "
                 "FROM organisations o WHERE o.kind = 'municipality' AND o.status = 'active' "
                 "AND o.province_nis = '10000' AND o.is_demo = 0 ORDER BY o.nis_code LIMIT 40",
                 {}));
    for (const auto& r : rows) {
      customers.push_back(r.Text(0));
      has_real_people.push_back(r.Int(1) != 0);
    }
    return Ok();
  }));
  std::string people = kPeople;
  for (size_t i = 0; i < customers.size(); ++i) {
    if (has_real_people[i]) continue;
    const std::string first = kFirstNames[i % kFirstNames.size()];
    const std::string last = kLastNames[(i / kFirstNames.size() + i) % kLastNames.size()];
    const std::string slug = first + "." + last;
    std::string mail;
    for (char c : slug) mail.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    const std::string n = std::to_string(i + 1);
    const std::string mobile =
        "+32 499 00 " + std::to_string(40 + i / 10) + " " + std::to_string(10 + i % 90);
    const bool has_oob = i % 4 != 0;
    const bool verified_recently = i % 5 != 0;
    people += customers[i] + ",,demo-c-" + n + "," + first + " " + last + " (OEFENING),SPOC," +
              mail + "@gemeente" + n + ".example," +
              (has_oob ? mail + "@privemail.example" : std::string()) + "," +
              (has_oob ? mobile : std::string()) + ",,nl,ict_lead,0," +
              (verified_recently ? "2026-09-15" : "2025-01-10") + "\n";
    if (i % 3 != 0) {
      people += customers[i] + ",,demo-d-" + n + ",Plaatsvervanger " + n +
                " (OEFENING),Adjunct ICT,deputy" + n + "@gemeente" + n + ".example,,+32 499 00 9" +
                std::to_string(i % 10) + " " + std::to_string(10 + i % 90) +
                ",,nl,other,1,2026-09-15\n";
    }
  }
  WR_ASSIGN_OR_RETURN(auto imported, importer.ImportPeople(System(), people, demo));
  report.people = imported.rows;

  const int64_t now = NowMs(clock);
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    storage::DirectoryStore store(tx);
    auto ext = [&](const char* id) -> Result<int64_t> {
      WR_ASSIGN_OR_RETURN(auto o, store.FindByExternalId(id));
      if (!o) return Error::NotFound(std::string("demo organisation ") + id);
      return o->id;
    };
    auto nis = [&](const std::string& code) -> Result<int64_t> {
      WR_ASSIGN_OR_RETURN(auto o, store.FindByNisCode(code));
      if (!o) return Error::NotFound("organisation " + code);
      return o->id;
    };
    WR_ASSIGN_OR_RETURN(int64_t demo_ict, ext("demo-ict"));
    WR_ASSIGN_OR_RETURN(int64_t software, ext("voorbeeld-software"));
    WR_ASSIGN_OR_RETURN(int64_t hosting, ext("fictief-hosting"));
    WR_ASSIGN_OR_RETURN(int64_t oefenstad, nis("99001"));
    WR_ASSIGN_OR_RETURN(int64_t proefdorp, nis("99002"));
    struct Link {
      int64_t provider;
      int64_t customer;
      core::ServiceKind service;
    };
    std::vector<Link> links = {
        {demo_ict, oefenstad, core::ServiceKind::kNetwork},
        {demo_ict, oefenstad, core::ServiceKind::kVpn},
        {demo_ict, oefenstad, core::ServiceKind::kFirewall},
        {software, oefenstad, core::ServiceKind::kPopulationRegisterSoftware},
        {software, oefenstad, core::ServiceKind::kFinancialSoftware},
        {hosting, oefenstad, core::ServiceKind::kHosting},
        {hosting, oefenstad, core::ServiceKind::kBackup},
        {software, proefdorp, core::ServiceKind::kPopulationRegisterSoftware},
        {hosting, proefdorp, core::ServiceKind::kEmail},
    };
    for (size_t i = 0; i < customers.size(); ++i) {
      WR_ASSIGN_OR_RETURN(int64_t c, nis(customers[i]));
      links.push_back({demo_ict, c, core::ServiceKind::kVpn});
      links.push_back({demo_ict, c, core::ServiceKind::kFirewall});
      if (i % 2 == 0)
        links.push_back({software, c, core::ServiceKind::kPopulationRegisterSoftware});
      if (i % 5 == 0) links.push_back({hosting, c, core::ServiceKind::kBackup});
    }
    for (const Link& l : links) {
      WR_ASSIGN_OR_RETURN(auto existing, store.ServicesOfProvider(l.provider, l.service));
      bool present = false;
      for (const auto& s : existing) present = present || s.customer.id == l.customer;
      if (present) continue;
      WR_RETURN_IF_ERROR(
          StatusOf(DirectoryWrites(tx, System(), now)
                       .CreateService(l.provider, l.customer, l.service, "OEFENING / EXERCISE")));
      ++report.services;
    }
    return Ok();
  }));
  WR_ASSIGN_OR_RETURN(report.advisories, LoadDemoAdvisory(db, clock));
  WR_ASSIGN_OR_RETURN(report.verification_rounds, LoadDemoVerificationRound(db, clock));
  return report;
}

Result<DemoRemovalReport> RemoveDemo(ports::Database& db, const ports::Clock& clock) {
  const int64_t now = NowMs(clock);
  DemoRemovalReport report;
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    report = {};  // PostgreSQL may run this again after a serialization failure
    storage::DemoStore demo(tx);
    storage::DirectoryStore store(tx);
    storage::AccountStore accounts(tx);
    const core::DirectoryScope all{core::DirectoryScope::Kind::kAll, 0};
    auto audit = [&](const char* action, const char* type, int64_t id, int64_t organisation_id,
                     std::string before, std::string after) -> Status {
      return Audit(tx, Actor{0, kActor}, action, {type, id, organisation_id}, std::move(before),
                   std::move(after), now);
    };

    // Advisories first: they refer to organisations, people and the exercise's accounts.
    WR_ASSIGN_OR_RETURN(auto advisory_ids, demo.AdvisoryIds());
    for (int64_t id : advisory_ids) {
      WR_RETURN_IF_ERROR(demo.DeleteAdvisory(id));
      WR_RETURN_IF_ERROR(audit("advisory.delete", "advisory", id, 0, R"({"is_demo":true})", ""));
      ++report.advisories;
    }
    WR_ASSIGN_OR_RETURN(auto round_ids, demo.VerificationRoundIds());
    for (int64_t id : round_ids) {
      WR_RETURN_IF_ERROR(demo.DeleteVerificationRound(id));
      WR_RETURN_IF_ERROR(audit("verification_round.delete", "verification_round", id, 0,
                               R"({"is_demo":true})", ""));
      ++report.verification_rounds;
    }
    WR_ASSIGN_OR_RETURN(int64_t detached, demo.DetachDemoRecipients());
    (void)detached;

    // Accounts next: they refer to organisations and people.
    WR_ASSIGN_OR_RETURN(auto account_ids, demo.AccountIds());
    for (int64_t id : account_ids) {
      WR_ASSIGN_OR_RETURN(auto user, accounts.FindUser(id));
      if (!user) return Error::NotFound("account not found");
      WR_RETURN_IF_ERROR(demo.DeleteAccount(id));
      WR_RETURN_IF_ERROR(
          audit("user.delete", "user", id, user->organisation_id, ToJson(*user).dump(), ""));
      ++report.accounts;
    }
    WR_ASSIGN_OR_RETURN(auto linked_ids, demo.AccountsLinkedToDemoPeople());
    for (int64_t id : linked_ids) {
      WR_ASSIGN_OR_RETURN(auto before, accounts.FindUser(id));
      WR_RETURN_IF_ERROR(demo.UnlinkAccountPerson(id, now));
      WR_ASSIGN_OR_RETURN(auto after, accounts.FindUser(id));
      if (!before || !after) return Error::NotFound("account not found");
      WR_RETURN_IF_ERROR(audit("user.update", "user", id, after->organisation_id,
                               ToJson(*before).dump(), ToJson(*after).dump()));
      ++report.accounts_unlinked;
    }

    WR_ASSIGN_OR_RETURN(auto service_ids, demo.ServiceIds());
    for (int64_t id : service_ids) {
      WR_ASSIGN_OR_RETURN(auto service, store.FindService(id));
      if (!service) return Error::NotFound("service not found");
      WR_RETURN_IF_ERROR(store.DeleteService(id));
      WR_RETURN_IF_ERROR(audit("service.delete", "provider_service", id, service->customer.id,
                               ToJson(*service).dump(), ""));
      ++report.services;
    }

    // A real organisation keeps its real SPOC and deputies, in their order; an exercise
    // SPOC leaves the SPOC place empty rather than promoting a deputy.
    WR_ASSIGN_OR_RETURN(auto real_ids, demo.RealOrganisationsWithDemoPeople());
    for (int64_t id : real_ids) {
      WR_ASSIGN_OR_RETURN(auto assignment, demo.Assignment(id));
      std::optional<int64_t> spoc;
      std::vector<int64_t> deputies;
      std::vector<int64_t> before;
      bool changed = false;
      for (const auto& [position, person] : assignment) {
        before.push_back(person);
        WR_ASSIGN_OR_RETURN(bool is_demo, demo.IsDemoPerson(person));
        if (is_demo) {
          changed = true;
        } else if (position == 0) {
          spoc = person;
        } else {
          deputies.push_back(person);
        }
      }
      if (!changed) continue;
      WR_ASSIGN_OR_RETURN(auto org, store.FindOrganisation(id, all));
      if (!org) return Error::NotFound("organisation not found");
      WR_RETURN_IF_ERROR(DirectoryWrites(tx, System(), now).SetSpoc(*org, spoc, deputies));
      ++report.organisations_reassigned;
    }

    WR_ASSIGN_OR_RETURN(auto organisation_ids, demo.OrganisationIds());
    for (int64_t id : organisation_ids) {
      WR_RETURN_IF_ERROR(store.ReplaceAssignments(id, std::nullopt, {}));
    }
    WR_ASSIGN_OR_RETURN(auto person_ids, demo.PersonIds());
    for (int64_t id : person_ids) {
      WR_ASSIGN_OR_RETURN(auto person, store.FindPerson(id, all));
      if (!person) return Error::NotFound("person not found");
      WR_RETURN_IF_ERROR(demo.DeletePerson(id));
      WR_RETURN_IF_ERROR(audit("person.delete", "person", id, person->organisation_id,
                               ToJson(*person).dump(), ""));
      ++report.people;
    }
    for (int64_t id : organisation_ids) {
      WR_ASSIGN_OR_RETURN(auto org, store.FindOrganisation(id, all));
      if (!org) return Error::NotFound("organisation not found");
      WR_RETURN_IF_ERROR(demo.DeleteOrganisation(id));
      WR_RETURN_IF_ERROR(
          audit("organisation.delete", "organisation", id, id, ToJson(*org).dump(), ""));
      ++report.organisations;
    }
    return Ok();
  }));
  return report;
}

}  // namespace warroom::service
