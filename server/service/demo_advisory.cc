// Step 3 of the exercise (../shared/EXERCISE.md): 45 minutes after Oefenstad's call the war
// room warns Demo ICT NV's VPN customers and Demo ICT NV itself (TLP:AMBER), written by one
// analyst and approved by another. Most acknowledge through their link; six SPOCs do not
// answer within 30 minutes and their first deputy gets it; two of those end on the call
// list 15 minutes later. The story runs through the real service, on a clock set in the
// past, so that every row (deliveries, links, acknowledgements, escalation stages and the
// audit entries) is what the live system would have written. Its messages are recorded
// as delivered, never sent: exercise addresses are fictional.
#include "server/service/demo_advisory.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "server/service/advisory_service.h"
#include "server/storage/repositories/job_store.h"

namespace warroom::service {
namespace {

// Options with only the public URL set (the defaults for the rest).
AdvisoryOptions OptionsFor(std::string public_url) {
  AdvisoryOptions o;
  o.public_url = std::move(public_url);
  return o;
}

using namespace std::chrono_literals;

// A clock that a story moves forward by hand, from a start in the past.
class StoryClock final : public ports::Clock {
 public:
  explicit StoryClock(ports::TimePoint start) : now_(start) {}
  ports::TimePoint Now() const override { return now_; }
  void Advance(std::chrono::milliseconds d) { now_ += d; }
  void Set(ports::TimePoint t) { now_ = t; }

 private:
  ports::TimePoint now_;
};

// Records each message in the outbox as already delivered (body left empty, as the
// dispatcher leaves a sent message), and keeps the acknowledgement links.
class DeliveredMailer final : public ports::AdvisoryMailer {
 public:
  Result<std::vector<int64_t>> Queue(ports::Tx& tx, const std::vector<ports::AdvisoryMessage>& ms,
                                     int64_t now) override {
    std::vector<int64_t> ids;
    for (const auto& m : ms) {
      WR_ASSIGN_OR_RETURN(
          ports::Row row,
          tx.QueryOne("INSERT INTO outbox (channel, recipient, subject, body_text, status, "
                      "attempts, created_at, next_attempt_at, sent_at) VALUES ('email', $1, $2, "
                      "'', 'sent', 1, $3, $3, $4) RETURNING id",
                      {m.to, "[" + core::TlpLabel(m.tlp) + "] " + m.reference, now, now + 2'000}));
      links.push_back({m.to, m.ack_url.substr(m.ack_url.rfind('/') + 1)});
      ids.push_back(row.Int(0));
    }
    return ids;
  }
  std::vector<std::pair<std::string, std::string>> links;  // address, token
};

constexpr const char* kDemoDomain = "@oefening.warroom.example";

Result<int64_t> DemoAnalyst(ports::Database& db, int64_t war_room, const std::string& local,
                            const std::string& name, int64_t now) {
  int64_t id = 0;
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    const std::string email = local + kDemoDomain;
    WR_ASSIGN_OR_RETURN(auto existing,
                        tx.QueryOptional("SELECT id FROM users WHERE email = $1", {email}));
    if (existing) {
      id = existing->Int(0);
      return {};
    }
    // Disabled: the exercise's analysts exist to have written and approved; nobody signs
    // in as them.
    WR_ASSIGN_OR_RETURN(
        ports::Row row,
        tx.QueryOne("INSERT INTO users (email, display_name, role, organisation_id, status, "
                    "preferred_language, is_demo, created_at, updated_at) VALUES ($1, $2, "
                    "'warroom_analyst', $3, 'disabled', 'nl', 1, $4, $4) RETURNING id",
                    {email, name, war_room, now}));
    id = row.Int(0);
    return {};
  }));
  return id;
}

// Runs the escalation jobs due on the story's clock, as the job runner would: claimed,
// run and completed in one transaction each.
Status RunDueJobs(ports::Database& db, const ports::Clock& clock, AdvisoryService& service) {
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  std::vector<storage::JobRecord> due;
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        due, storage::JobStore(tx, db.engine()).ClaimDue(now, now + 60'000, "demo-exercise", 100));
    return {};
  }));
  for (const auto& job : due) {
    WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(service.RunEscalation(tx, job));
      WR_ASSIGN_OR_RETURN(bool held,
                          storage::JobStore(tx, db.engine()).Complete(job.id, job.attempts, now));
      (void)held;
      return {};
    }));
  }
  return {};
}

}  // namespace

Result<int> LoadDemoAdvisory(ports::Database& db, const ports::Clock& clock) {
  const auto real_now = clock.Now();
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(real_now.time_since_epoch()).count();
  int64_t war_room = 0;
  int64_t demo_ict = 0;
  bool already = false;
  WR_RETURN_IF_ERROR(db.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto wr, tx.QueryOptional("SELECT id FROM organisations WHERE kind = "
                                                  "'war_room' ORDER BY id LIMIT 1",
                                                  {}));
    if (wr) war_room = wr->Int(0);
    WR_ASSIGN_OR_RETURN(auto ict, tx.QueryOptional("SELECT id FROM organisations WHERE "
                                                   "external_id = 'demo-ict'",
                                                   {}));
    if (ict) demo_ict = ict->Int(0);
    WR_ASSIGN_OR_RETURN(ports::Row n,
                        tx.QueryOne("SELECT COUNT(*) FROM advisories WHERE is_demo = 1", {}));
    already = n.Int(0) > 0;
    return {};
  }));
  if (war_room == 0 || demo_ict == 0 || already) return 0;

  WR_ASSIGN_OR_RETURN(int64_t author_id,
                      DemoAnalyst(db, war_room, "analist.een", "Ann Alist (OEFENING)", now_ms));
  WR_ASSIGN_OR_RETURN(int64_t approver_id,
                      DemoAnalyst(db, war_room, "analist.twee", "Tom Tweede (OEFENING)", now_ms));
  core::Principal author;
  author.user_id = author_id;
  author.role = core::Role::kWarroomAnalyst;
  author.organisation_id = war_room;
  author.label = std::string("analist.een") + kDemoDomain;
  core::Principal approver = author;
  approver.user_id = approver_id;
  approver.label = std::string("analist.twee") + kDemoDomain;

  // T+45 min of an exercise that started three hours ago.
  StoryClock story(real_now - 3h + 45min);
  DeliveredMailer mailer;
  AdvisoryService service(db, story, mailer, OptionsFor("https://warroom.invalid"));

  AdvisoryInput in;
  in.severity = core::Severity::kAlert;
  in.tlp = core::Tlp::kAmber;
  in.is_exercise = true;
  in.audience.provider_id = demo_ict;
  in.audience.provider_service = core::ServiceKind::kVpn;
  in.audience.include_provider = true;
  in.texts[core::Language::kNl] = {
      "OEFENING — VPN van Demo ICT NV: accounts nakijken en indicatoren blokkeren",
      "Bij **Oefenstad** is vannacht ransomware uitgerold. De aanvaller kwam binnen via de "
      "VPN die **Demo ICT NV** beheert. Alle klanten van die VPN lopen hetzelfde risico.\n\n"
      "Doe vandaag wat hieronder staat en bevestig ontvangst.",
      {"Controleer alle VPN-accounts en schakel onbekende of ongebruikte accounts uit",
       "Blokkeer de indicatoren uit de bijlage op firewall en proxy",
       "Meld elke verdachte aanmelding van de laatste 30 dagen aan de war room"}};
  in.texts[core::Language::kFr] = {
      "EXERCICE — VPN de Demo ICT SA : vérifier les comptes et bloquer les indicateurs",
      "Un rançongiciel a été déployé cette nuit à **Oefenstad**, via le VPN géré par "
      "**Demo ICT SA**. Tous les clients de ce VPN courent le même risque.\n\n"
      "Faites aujourd'hui ce qui suit et confirmez la réception.",
      {"Vérifiez tous les comptes VPN et désactivez les comptes inconnus ou inutilisés",
       "Bloquez les indicateurs joints sur le pare-feu et le proxy",
       "Signalez au war room toute connexion suspecte des 30 derniers jours"}};
  in.texts[core::Language::kEn] = {
      "EXERCISE — Demo ICT VPN: review accounts and block the indicators",
      "Ransomware was deployed at **Oefenstad** last night through the VPN that **Demo ICT** "
      "manages. Every customer of that VPN runs the same risk.\n\n"
      "Do the following today and acknowledge receipt.",
      {"Review every VPN account and disable unknown or unused ones",
       "Block the attached indicators on firewall and proxy",
       "Report any suspicious sign-in of the last 30 days to the war room"}};
  WR_ASSIGN_OR_RETURN(AdvisoryView draft, service.Create(author, in));
  story.Advance(4min);
  WR_ASSIGN_OR_RETURN(AdvisoryView sent,
                      service.Approve(approver, draft.advisory.id, draft.advisory.version));
  const int64_t id = sent.advisory.id;
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("UPDATE advisories SET is_demo = 1 WHERE id = $1", {id}));
    return {};
  }));

  // Who answers: every organisation but six with exactly one deputy, which stay silent.
  std::vector<int64_t> silent;
  WR_RETURN_IF_ERROR(db.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        ports::Rows rows,
        tx.Query("SELECT r.organisation_id FROM advisory_recipients r WHERE r.advisory_id = $1 "
                 "AND EXISTS (SELECT 1 FROM spoc_assignments s WHERE s.organisation_id = "
                 "r.organisation_id AND s.position = 1) AND NOT EXISTS (SELECT 1 FROM "
                 "spoc_assignments s WHERE s.organisation_id = r.organisation_id AND s.position = "
                 "2) AND r.organisation_id <> $2 AND r.on_call_list = 0 ORDER BY "
                 "r.organisation_id DESC LIMIT 6",
                 {id, demo_ict}));
    for (const auto& r : rows) silent.push_back(r.Int(0));
    return {};
  }));
  auto first_links = mailer.links;
  for (size_t i = 0; i < first_links.size(); ++i) {
    story.Advance(std::chrono::milliseconds(20'000 + 7'000 * static_cast<int64_t>(i % 11)));
    auto view = service.ViewLink(first_links[i].second);
    if (!view) continue;
    if (std::find(silent.begin(), silent.end(), view->link.organisation_id) != silent.end()) {
      continue;
    }
    WR_RETURN_IF_ERROR(StatusOf(service.AcknowledgeLink(first_links[i].second)));
  }

  // The escalation, as the job runner runs it: at +30 the deputies, at +45 the call list.
  story.Set(ports::TimePoint{std::chrono::milliseconds(*sent.advisory.sent_at)} + 30min);
  mailer.links.clear();
  WR_RETURN_IF_ERROR(RunDueJobs(db, story, service));
  // Four of the six deputies acknowledge; the last two do not.
  auto deputy_links = mailer.links;
  for (size_t i = 0; i + 2 < deputy_links.size(); ++i) {
    story.Advance(2min);
    WR_RETURN_IF_ERROR(StatusOf(service.AcknowledgeLink(deputy_links[i].second)));
  }
  story.Set(ports::TimePoint{std::chrono::milliseconds(*sent.advisory.sent_at)} + 45min);
  WR_RETURN_IF_ERROR(RunDueJobs(db, story, service));
  return 1;
}

}  // namespace warroom::service
