// AdvisoryService on both engines, below the HTTP layer, with a FakeClock and the real job
// runner (no sleeps): four eyes and the emergency path, the frozen audience, escalation of
// 300 organisations of which 40 never answer, acknowledgement links (expired, tampered,
// repeated), TLP:RED kept out of links, bad input that stores nothing, and two job
// runners on two connections firing each escalation step once.
#include "server/service/advisory_service.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/core/audit/audit_chain.h"
#include "server/delivery/job_runner.h"
#include "server/storage/testing/test_database.h"
#include "server/testing/fake_clock.h"

namespace warroom::service {
namespace {

// Options with only the public URL set (the defaults for the rest).
AdvisoryOptions OptionsFor(std::string public_url) {
  AdvisoryOptions o;
  o.public_url = std::move(public_url);
  return o;
}

using core::Principal;
using core::Role;
using ports::Engine;
using storage::testing::EngineTest;
using namespace std::chrono_literals;

std::shared_ptr<const core::AuditKey> TestKey() {
  std::array<unsigned char, core::AuditKey::kBytes> bytes{};
  bytes.fill(9);
  return std::make_shared<const core::AuditKey>(bytes);
}

// Records every message instead of rendering it; ids stand in for outbox ids, which the
// deliveries reference, so each message also gets a real outbox row.
class RecordingMailer final : public ports::AdvisoryMailer {
 public:
  Result<std::vector<int64_t>> Queue(ports::Tx& tx, const std::vector<ports::AdvisoryMessage>& ms,
                                     int64_t now) override {
    std::vector<int64_t> ids;
    for (const auto& m : ms) {
      WR_ASSIGN_OR_RETURN(ports::Row row,
                          tx.QueryOne("INSERT INTO outbox (channel, recipient, subject, body_text, "
                                      "status, attempts, created_at, next_attempt_at) VALUES "
                                      "('email', $1, $2, '', 'pending', 0, $3, $3) RETURNING id",
                                      {m.to, m.reference, now}));
      ids.push_back(row.Int(0));
    }
    std::lock_guard lock(mu_);
    queued_.insert(queued_.end(), ms.begin(), ms.end());
    return ids;
  }
  // Messages of transactions that may have rolled back are included: tests read the
  // database for what was committed and use this for the links and texts.
  std::vector<ports::AdvisoryMessage> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(queued_, {});
  }

 private:
  std::mutex mu_;
  std::vector<ports::AdvisoryMessage> queued_;
};

std::string TokenOf(const std::string& url) { return url.substr(url.rfind('/') + 1); }

class AdvisoryServiceTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->SetAuditKey(TestKey());
    service_ = std::make_unique<AdvisoryService>(*db_, clock_, mailer_,
                                                 OptionsFor("https://warroom.test"));
    // The reference geography the organisations point at.
    ASSERT_TRUE(db_->Write([](ports::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO regions (nis_code, name_nl, name_fr) VALUES "
                  "('02000', 'Vlaams Gewest', 'Région flamande')",
                  {}));
      return StatusOf(
          tx.Exec("INSERT INTO provinces (nis_code, name_nl, name_fr, region_nis) "
                  "VALUES ('10000', 'Antwerpen', 'Anvers', '02000'), ('70000', "
                  "'Limburg', 'Limbourg', '02000')",
                  {}));
    }));
    war_room_ = Org("War room", "war_room", std::nullopt);
    author_ = Member(1, Role::kWarroomAnalyst, war_room_, "author@warroom.test");
    approver_ = Member(2, Role::kWarroomAnalyst, war_room_, "second@warroom.test");
  }

  int64_t Now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
        .count();
  }

  int64_t Org(const std::string& name, const std::string& kind,
              std::optional<std::string> province) {
    int64_t id = 0;
    EXPECT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      ports::Value prov = nullptr;
      if (province) prov = *province;
      WR_ASSIGN_OR_RETURN(
          ports::Row row,
          tx.QueryOne("INSERT INTO organisations (kind, name_nl, name_sort, province_nis, "
                      "created_at, updated_at) VALUES ($1, $2, $2, $3, 0, 0) RETURNING id",
                      {kind, name, prov}));
      id = row.Int(0);
      return {};
    }));
    return id;
  }

  // A person in position `position` (0 the SPOC) of `org`.
  int64_t Contact(int64_t org, int position, const std::string& email,
                  const std::string& language = "nl") {
    int64_t id = 0;
    EXPECT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          ports::Row row,
          tx.QueryOne("INSERT INTO people (organisation_id, full_name, work_email, "
                      "preferred_language, created_at, updated_at) VALUES ($1, $2, $2, $3, 0, "
                      "0) RETURNING id",
                      {org, email, language}));
      id = row.Int(0);
      WR_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO spoc_assignments (organisation_id, position, "
                  "person_id) VALUES ($1, $2, $3)",
                  {org, int64_t{position}, id}));
      return {};
    }));
    return id;
  }

  Principal Member(int64_t n, Role role, int64_t org, const std::string& email) {
    Principal p;
    p.role = role;
    p.organisation_id = org;
    p.label = email;
    EXPECT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(
          ports::Row row,
          tx.QueryOne("INSERT INTO users (email, display_name, role, organisation_id, status, "
                      "created_at, updated_at) VALUES ($1, $1, $2, $3, 'active', 0, 0) "
                      "RETURNING id",
                      {email, std::string(core::Name(role)), org}));
      p.user_id = row.Int(0);
      return {};
    }));
    (void)n;
    return p;
  }

  AdvisoryInput Draft(core::Audience audience, core::Tlp tlp = core::Tlp::kAmber) {
    AdvisoryInput in;
    in.severity = core::Severity::kAlert;
    in.tlp = tlp;
    in.is_exercise = true;
    in.audience = std::move(audience);
    in.texts[core::Language::kNl] = {"VPN-accounts controleren",
                                     "Controleer **nu**.",
                                     {"Blokkeer de indicatoren", "Controleer de accounts"}};
    in.texts[core::Language::kFr] = {
        "Vérifier les comptes VPN", "Vérifiez.", {"Bloquer", "Vérifier"}};
    return in;
  }

  int64_t Scalar(const std::string& sql, const ports::Params& params = {}) {
    int64_t v = -1;
    EXPECT_TRUE(db_->Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(ports::Row row, tx.QueryOne(sql, params));
      v = row.Int(0);
      return {};
    }));
    return v;
  }

  // Runs every due job as the server's runner would.
  delivery::JobStats RunJobs(ports::Database& db) {
    delivery::JobRunner runner(db, clock_, delivery::JobRunnerOptions{});
    runner.Register(std::string(kEscalationJob),
                    [this](ports::Tx& tx, const storage::JobRecord& job) {
                      return service_->RunEscalation(tx, job);
                    });
    auto stats = runner.RunOnce();
    EXPECT_TRUE(stats.has_value()) << stats.error().message;
    return stats.value_or(delivery::JobStats{});
  }

  testing::FakeClock clock_;
  RecordingMailer mailer_;
  std::unique_ptr<AdvisoryService> service_;
  int64_t war_room_ = 0;
  Principal author_;
  Principal approver_;
};

TEST_P(AdvisoryServiceTest, FourEyesThenTheAudienceIsFrozenAndEverySpocGetsIt) {
  const int64_t a = Org("Oefenstad", "municipality", "10000");
  const int64_t b = Org("Proefdorp", "municipality", "70000");
  Contact(a, 0, "spoc-a@oefenstad.test");
  Contact(b, 0, "spoc-b@proefdorp.test", "fr");
  core::Audience all;
  all.all = true;
  auto draft = service_->Create(author_, Draft(all));
  ASSERT_TRUE(draft.has_value()) << draft.error().message;
  EXPECT_EQ(draft->advisory.status, core::AdvisoryStatus::kDraft);
  EXPECT_EQ(core::MissingLanguages(draft->texts), std::vector<core::Language>{core::Language::kEn});
  EXPECT_TRUE(mailer_.Take().empty()) << "a draft sends nothing";

  auto self = service_->Approve(author_, draft->advisory.id, draft->advisory.version);
  ASSERT_FALSE(self.has_value());
  EXPECT_EQ(self.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(self.error().message, "four_eyes");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients"), 0);

  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  EXPECT_EQ(sent->advisory.status, core::AdvisoryStatus::kSent);
  EXPECT_EQ(sent->advisory.approved_by_user_id, approver_.user_id);
  EXPECT_EQ(sent->advisory.recipient_count, 2);
  auto messages = mailer_.Take();
  ASSERT_EQ(messages.size(), 2u);
  std::map<std::string, core::Language> languages;
  for (const auto& m : messages) languages[m.to] = m.language;
  EXPECT_EQ(languages["spoc-a@oefenstad.test"], core::Language::kNl);
  EXPECT_EQ(languages["spoc-b@proefdorp.test"], core::Language::kFr);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_deliveries"), 2);

  // The audience is frozen: an organisation added later is not a recipient.
  const int64_t late = Org("Laatdorp", "municipality", "10000");
  Contact(late, 0, "spoc@laatdorp.test");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients WHERE organisation_id = $1", {late}),
            0);
  // Sent is sent: no second approval.
  auto again = service_->Approve(approver_, sent->advisory.id, sent->advisory.version);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_P(AdvisoryServiceTest, EmergencySendNeedsAWrittenReasonWhichIsKept) {
  const int64_t a = Org("Oefenstad", "municipality", "10000");
  Contact(a, 0, "spoc-a@oefenstad.test");
  core::Audience one;
  one.organisation_ids = {a};
  auto draft = service_->Create(author_, Draft(one));
  ASSERT_TRUE(draft.has_value());
  auto none = service_->EmergencySend(author_, draft->advisory.id, draft->advisory.version, " ");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
  const std::string reason = "Active exploitation tonight; second analyst unreachable";
  auto sent = service_->EmergencySend(author_, draft->advisory.id, draft->advisory.version, reason);
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  EXPECT_EQ(sent->advisory.emergency_reason, reason);
  EXPECT_FALSE(sent->advisory.approved_by_user_id.has_value());
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'advisory.emergency_send' AND "
                   "after_json LIKE $1",
                   {"%" + reason + "%"}),
            1);
}

TEST_P(AdvisoryServiceTest, AnAudienceOfNobodyIsRefusedAndNothingIsStored) {
  core::Audience empty;
  auto bad = service_->Create(author_, Draft(empty));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  // A valid definition that selects nobody today: refused at send, the draft stays a draft.
  core::Audience nobody;
  nobody.province_nis = {"99999"};
  auto draft = service_->Create(author_, Draft(nobody));
  ASSERT_TRUE(draft.has_value()) << draft.error().message;
  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients"), 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisories WHERE status = 'draft'"), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs"), 0);
  // Texts without a title in any language.
  AdvisoryInput untitled = Draft(nobody);
  untitled.texts[core::Language::kNl].title = "";
  EXPECT_FALSE(service_->Create(author_, untitled).has_value());
}

TEST_P(AdvisoryServiceTest, ThreeHundredOrganisationsFortyNeverAnswerEscalationRunsOnSchedule) {
  std::vector<int64_t> orgs;
  std::vector<Principal> spocs;
  for (int i = 0; i < 300; ++i) {
    const int64_t org = Org("Gemeente " + std::to_string(i), "municipality", "10000");
    Contact(org, 0, "spoc" + std::to_string(i) + "@gemeente.test");
    Contact(org, 1, "deputy" + std::to_string(i) + "@gemeente.test");
    orgs.push_back(org);
  }
  core::Audience all;
  all.all = true;
  auto draft = service_->Create(author_, Draft(all));
  ASSERT_TRUE(draft.has_value());
  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const int64_t id = sent->advisory.id;
  EXPECT_EQ(mailer_.Take().size(), 300u);

  // 260 acknowledge in the app within the SPOC's 30 minutes; the first twice.
  for (int i = 0; i < 260; ++i) {
    Principal spoc = Member(10 + i, Role::kSpoc, orgs[static_cast<size_t>(i)],
                            "spoc-user" + std::to_string(i) + "@gemeente.test");
    auto ack = service_->Acknowledge(spoc, id);
    ASSERT_TRUE(ack.has_value()) << ack.error().message;
    EXPECT_FALSE(ack->already);
    if (i == 0) {
      auto twice = service_->Acknowledge(spoc, id);
      ASSERT_TRUE(twice.has_value());
      EXPECT_TRUE(twice->already);
      EXPECT_EQ(twice->ack.by, spoc.label);
    }
  }
  // Nothing is due before 30 minutes.
  clock_.Advance(29min);
  EXPECT_EQ(RunJobs(*db_).done, 0);
  EXPECT_TRUE(mailer_.Take().empty());

  clock_.Advance(1min);
  EXPECT_EQ(RunJobs(*db_).done, 1);
  auto deputies = mailer_.Take();
  ASSERT_EQ(deputies.size(), 40u);
  for (const auto& m : deputies) {
    EXPECT_TRUE(m.to.starts_with("deputy")) << m.to;
    EXPECT_TRUE(m.escalation);
    EXPECT_EQ(m.stage_label, "deputy 1");
  }
  auto board = service_->Board(author_, id, storage::BoardQuery{});
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->counts.recipients, 300);
  EXPECT_EQ(board->counts.acknowledged, 260);
  EXPECT_EQ(board->counts.escalated, 40);
  EXPECT_EQ(board->counts.call_list, 0);

  // One deputy acknowledges by link; the other 39 land on the call list after 15 minutes.
  auto link = service_->AcknowledgeLink(TokenOf(deputies.front().ack_url));
  ASSERT_TRUE(link.has_value()) << link.error().message;
  EXPECT_EQ(link->ack.channel, core::AckChannel::kLink);
  clock_.Advance(14min);
  EXPECT_EQ(RunJobs(*db_).done, 0);
  clock_.Advance(1min);
  EXPECT_EQ(RunJobs(*db_).done, 1);
  EXPECT_TRUE(mailer_.Take().empty()) << "the call list sends nothing";
  auto calls = service_->CallList(author_, id);
  ASSERT_TRUE(calls.has_value());
  EXPECT_EQ(calls->size(), 39u);
  ASSERT_FALSE(calls->front().contacts.empty());
  // Nothing left to run, ever.
  clock_.Advance(24h);
  EXPECT_EQ(RunJobs(*db_).done, 0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM jobs WHERE status <> 'done'"), 0);

  // The war room reaches one by phone and acknowledges for it.
  const auto& first = calls->front();
  storage::CallRecord call;
  call.outcome = core::CallOutcome::kReached;
  call.person_id = first.contacts.front().person_id;
  call.note = "reached the deputy by phone";
  call.acknowledged = true;
  auto recorded = service_->RecordCall(author_, id, first.recipient.organisation_id, call);
  ASSERT_TRUE(recorded.has_value()) << recorded.error().message;
  board = service_->Board(author_, id, storage::BoardQuery{});
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->counts.acknowledged, 262);
  EXPECT_EQ(board->counts.call_list, 39) << "the call list keeps its history";
}

// A send moves most recipients in one statement and the rest by their lists: each must
// still start where its own contacts put it. Two audiences: one where the SPOC stage is the
// largest group, one where the call list is (which never takes the one-statement path).
TEST_P(AdvisoryServiceTest, EachOrganisationStartsAtTheFirstStageItsContactsAllow) {
  std::vector<int64_t> full, deputy_only, nobody;
  for (int i = 0; i < 12; ++i) {
    const int64_t org = Org("Volledig " + std::to_string(i), "municipality", "10000");
    Contact(org, 0, "spoc" + std::to_string(i) + "@volledig.test");
    Contact(org, 1, "deputy" + std::to_string(i) + "@volledig.test");
    full.push_back(org);
  }
  for (int i = 0; i < 3; ++i) {
    const int64_t org = Org("Plaatsvervanger " + std::to_string(i), "municipality", "70000");
    Contact(org, 1, "deputy" + std::to_string(i) + "@plaatsvervanger.test");
    deputy_only.push_back(org);
  }
  for (int i = 0; i < 5; ++i) {
    nobody.push_back(Org("Niemand " + std::to_string(i), "municipality", "70000"));
  }
  const auto send = [&](std::vector<int64_t> orgs) {
    core::Audience audience;
    audience.organisation_ids = std::move(orgs);
    auto draft = service_->Create(author_, Draft(audience));
    EXPECT_TRUE(draft.has_value());
    auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
    EXPECT_TRUE(sent.has_value()) << sent.error().message;
    return sent->advisory.id;
  };
  const int64_t now = Now();
  const auto expect_start = [&](int64_t id, int64_t org, const std::string& label, bool call_list,
                                int64_t due_minutes) {
    const std::string where =
        "advisory_id = " + std::to_string(id) + " AND organisation_id = " + std::to_string(org);
    EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients WHERE " + where +
                         " AND stage = 0 AND stage_label = $1 AND escalated_at IS NULL",
                     {label}),
              1)
        << label << " " << org;
    EXPECT_EQ(Scalar("SELECT on_call_list FROM advisory_recipients WHERE " + where),
              int64_t{call_list})
        << org;
    EXPECT_EQ(Scalar("SELECT COALESCE(call_list_at, -1) FROM advisory_recipients WHERE " + where),
              call_list ? now : -1)
        << org;
    EXPECT_EQ(Scalar("SELECT COALESCE(next_due_at, -1) FROM advisory_recipients WHERE " + where),
              due_minutes < 0 ? -1 : now + due_minutes * 60'000)
        << org;
  };

  std::vector<int64_t> mixed = full;
  mixed.insert(mixed.end(), deputy_only.begin(), deputy_only.end());
  mixed.insert(mixed.end(), nobody.begin(), nobody.end());
  const int64_t first = send(mixed);
  for (int64_t org : full) expect_start(first, org, "spoc", false, 30);
  for (int64_t org : deputy_only) expect_start(first, org, "deputy 1", false, 15);
  for (int64_t org : nobody) expect_start(first, org, "call list", true, -1);
  EXPECT_EQ(mailer_.Take().size(), full.size() + deputy_only.size());

  std::vector<int64_t> mostly_nobody = {full[0], deputy_only[0]};
  mostly_nobody.insert(mostly_nobody.end(), nobody.begin(), nobody.end());
  const int64_t second = send(mostly_nobody);
  expect_start(second, full[0], "spoc", false, 30);
  expect_start(second, deputy_only[0], "deputy 1", false, 15);
  for (int64_t org : nobody) expect_start(second, org, "call list", true, -1);
  // The first advisory's recipients are untouched by the second send.
  expect_start(first, full[1], "spoc", false, 30);
}

TEST_P(AdvisoryServiceTest, ASendLargerThanOneBatchPairsEachDeliveryWithItsOwnMailAndLink) {
  // 600 organisations: more mails than one batch holds, so the send writes twice.
  std::map<int64_t, std::string> spoc_of;  // organisation -> its SPOC's address
  for (int i = 0; i < 600; ++i) {
    const int64_t org = Org("Gemeente " + std::to_string(i), "municipality", "10000");
    spoc_of[org] = "spoc" + std::to_string(i) + "@gemeente.test";
    Contact(org, 0, spoc_of[org]);
  }
  core::Audience all;
  all.all = true;
  auto draft = service_->Create(author_, Draft(all));
  ASSERT_TRUE(draft.has_value());
  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const int64_t id = sent->advisory.id;
  const auto mails = mailer_.Take();
  ASSERT_EQ(mails.size(), 600u);

  // Every delivery points at the outbox row of its own address, each at a different one.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_deliveries WHERE advisory_id = $1", {id}), 600);
  EXPECT_EQ(Scalar("SELECT COUNT(DISTINCT outbox_id) FROM advisory_deliveries WHERE "
                   "advisory_id = $1",
                   {id}),
            600);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_deliveries d JOIN outbox o ON o.id = "
                   "d.outbox_id JOIN people p ON p.id = d.person_id WHERE d.advisory_id = $1 "
                   "AND o.recipient = d.address AND p.work_email = d.address",
                   {id}),
            600);
  // Every organisation moved to its first stage, with the deputy's timer set.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients WHERE advisory_id = $1 AND "
                   "stage_label = 'spoc' AND next_due_at IS NOT NULL",
                   {id}),
            600);
  // Each mail's link belongs to the organisation of the address it went to, in both batches.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_links WHERE advisory_id = $1", {id}), 600);
  for (size_t i : {size_t{0}, size_t{511}, size_t{512}, size_t{599}}) {
    auto link = service_->ViewLink(TokenOf(mails[i].ack_url));
    ASSERT_TRUE(link.has_value()) << link.error().message;
    EXPECT_EQ(spoc_of[link->link.organisation_id], mails[i].to) << i;
  }
}

TEST_P(AdvisoryServiceTest, TheBoardCountsDeliveredAndRefusedMailPerOrganisation) {
  // Three organisations: one mail accepted by the relay, one refused for good, one waiting;
  // the fourth gets two mails (SPOC and out-of-band), one accepted and one refused.
  std::vector<int64_t> orgs;
  for (int i = 0; i < 4; ++i) {
    orgs.push_back(Org("Gemeente " + std::to_string(i), "municipality", "10000"));
    Contact(orgs.back(), 0, "spoc" + std::to_string(i) + "@gemeente.test");
  }
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    return StatusOf(
        tx.Exec("UPDATE people SET oob_email = 'private3@example.org' WHERE "
                "work_email = 'spoc3@gemeente.test'",
                {}));
  }));
  core::Audience all;
  all.all = true;
  AdvisoryInput in = Draft(all);
  in.severity = core::Severity::kCritical;  // out-of-band at once, under the default policy
  auto draft = service_->Create(author_, in);
  ASSERT_TRUE(draft.has_value());
  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_TRUE(sent.has_value()) << sent.error().message;
  const int64_t id = sent->advisory.id;
  const auto mails = mailer_.Take();
  ASSERT_EQ(mails.size(), 5u);
  const auto set = [&](const std::string& address, const std::string& status) {
    ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
      return StatusOf(
          tx.Exec("UPDATE outbox SET status = $1 WHERE recipient = $2", {status, address}));
    }));
  };
  set("spoc0@gemeente.test", "sent");
  set("spoc1@gemeente.test", "failed");
  set("spoc3@gemeente.test", "sent");
  set("private3@example.org", "failed");

  auto board = service_->Board(author_, id, storage::BoardQuery{});
  ASSERT_TRUE(board.has_value()) << board.error().message;
  EXPECT_EQ(board->counts.recipients, 4);
  EXPECT_EQ(board->counts.delivered, 2);
  EXPECT_EQ(board->counts.refused, 2);
  std::map<int64_t, std::pair<bool, bool>> rows;  // organisation -> delivered, refused
  for (const auto& r : board->items) rows[r.organisation_id] = {r.delivered, r.refused};
  EXPECT_EQ(rows[orgs[0]], std::make_pair(true, false));
  EXPECT_EQ(rows[orgs[1]], std::make_pair(false, true));
  EXPECT_EQ(rows[orgs[2]], std::make_pair(false, false));
  EXPECT_EQ(rows[orgs[3]], std::make_pair(true, true));
}

TEST_P(AdvisoryServiceTest, LinksExpireRefuseTamperingAndRepeatHarmlessly) {
  const int64_t a = Org("Oefenstad", "municipality", "10000");
  const int64_t b = Org("Proefdorp", "municipality", "70000");
  Contact(a, 0, "spoc-a@oefenstad.test");
  Contact(b, 0, "spoc-b@proefdorp.test");
  core::Audience both;
  both.organisation_ids = {a, b};
  auto draft = service_->Create(author_, Draft(both));
  ASSERT_TRUE(draft.has_value());
  ASSERT_TRUE(service_->Approve(approver_, draft->advisory.id, draft->advisory.version));
  auto messages = mailer_.Take();
  ASSERT_EQ(messages.size(), 2u);
  const auto& to_a = messages[0].to == "spoc-a@oefenstad.test" ? messages[0] : messages[1];
  const std::string token = TokenOf(to_a.ack_url);

  auto view = service_->ViewLink(token);
  ASSERT_TRUE(view.has_value()) << view.error().message;
  EXPECT_EQ(view->link.organisation_id, a);
  ASSERT_TRUE(view->text.has_value()) << "TLP:AMBER shows its text on the link page";
  EXPECT_FALSE(view->acknowledged.has_value()) << "viewing acknowledges nothing";

  std::string tampered = token;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  auto bad = service_->AcknowledgeLink(tampered);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);

  auto first = service_->AcknowledgeLink(token);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->already);
  auto second = service_->AcknowledgeLink(token);
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->already);
  EXPECT_EQ(second->ack.at, first->ack.at);
  // A's link acknowledged A only.
  EXPECT_EQ(
      Scalar("SELECT COUNT(*) FROM advisory_acknowledgements WHERE organisation_id = $1", {b}), 0);

  clock_.Advance(15 * 24h);
  auto expired = service_->ViewLink(token);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kGone);
}

TEST_P(AdvisoryServiceTest, RedContentNeverReachesTheLinkPageAndOnlyItsSpocSeesIt) {
  const int64_t a = Org("Oefenstad", "municipality", "10000");
  const int64_t spoc_person = Contact(a, 0, "spoc-a@oefenstad.test");
  core::Audience one;
  one.organisation_ids = {a};
  auto draft = service_->Create(author_, Draft(one, core::Tlp::kRed));
  ASSERT_TRUE(draft.has_value());
  ASSERT_TRUE(service_->Approve(approver_, draft->advisory.id, draft->advisory.version));
  auto messages = mailer_.Take();
  ASSERT_EQ(messages.size(), 1u);
  auto view = service_->ViewLink(TokenOf(messages[0].ack_url));
  ASSERT_TRUE(view.has_value());
  EXPECT_FALSE(view->text.has_value());

  Principal member = Member(3, Role::kMember, a, "member@oefenstad.test");
  auto hidden = service_->Get(member, draft->advisory.id);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  Principal spoc = Member(4, Role::kSpoc, a, "spoc-user@oefenstad.test");
  ASSERT_TRUE(db_->Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(
        tx.Exec("UPDATE users SET person_id = $1 WHERE id = $2", {spoc_person, spoc.user_id}));
    return {};
  }));
  auto seen = service_->Get(spoc, draft->advisory.id);
  ASSERT_TRUE(seen.has_value()) << seen.error().message;
  ASSERT_TRUE(seen->recipient.has_value());
  EXPECT_TRUE(seen->recipient->opened_at.has_value()) << "the first look marks it opened";
  // Another organisation's member never sees it.
  const int64_t b = Org("Proefdorp", "municipality", "70000");
  Principal other = Member(5, Role::kSpoc, b, "spoc@proefdorp.test");
  EXPECT_FALSE(service_->Get(other, draft->advisory.id).has_value());
  auto inbox = service_->Inbox(other);
  ASSERT_TRUE(inbox.has_value());
  EXPECT_TRUE(inbox->empty());
}

TEST_P(AdvisoryServiceTest, ReacknowledgementStartsANewRoundAndPlainUpdatesKeepAcks) {
  const int64_t a = Org("Oefenstad", "municipality", "10000");
  Contact(a, 0, "spoc-a@oefenstad.test");
  core::Audience one;
  one.organisation_ids = {a};
  auto draft = service_->Create(author_, Draft(one));
  ASSERT_TRUE(draft.has_value());
  auto sent = service_->Approve(approver_, draft->advisory.id, draft->advisory.version);
  ASSERT_TRUE(sent.has_value());
  Principal spoc = Member(3, Role::kSpoc, a, "spoc-user@oefenstad.test");
  ASSERT_TRUE(service_->Acknowledge(spoc, sent->advisory.id));
  mailer_.Take();

  auto texts = Draft(one).texts;
  texts[core::Language::kNl].title = "Update: ook de firewall";
  auto plain = service_->Revise(author_, sent->advisory.id, sent->advisory.version, texts,
                                "firewall toegevoegd", false);
  ASSERT_TRUE(plain.has_value()) << plain.error().message;
  EXPECT_EQ(plain->advisory.revision, 2);
  auto update_mail = mailer_.Take();
  ASSERT_EQ(update_mail.size(), 1u);
  EXPECT_TRUE(update_mail[0].update);
  EXPECT_EQ(update_mail[0].text.title, "Update: ook de firewall");
  ASSERT_TRUE(plain->counts.has_value());
  EXPECT_EQ(plain->counts->acknowledged, 1) << "a plain update resets nothing";

  auto reack = service_->Revise(author_, sent->advisory.id, plain->advisory.version, texts,
                                "opnieuw bevestigen", true);
  ASSERT_TRUE(reack.has_value()) << reack.error().message;
  EXPECT_EQ(reack->advisory.ack_round, 2);
  EXPECT_EQ(reack->counts->acknowledged, 0);
  auto again = service_->Acknowledge(spoc, sent->advisory.id);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->already) << "a new round takes a new acknowledgement";
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_acknowledgements"), 2);
}

TEST_P(AdvisoryServiceTest, TwoRunnersOnTwoConnectionsFireEachStepOnce) {
  for (int i = 0; i < 20; ++i) {
    const int64_t org = Org("Gemeente " + std::to_string(i), "municipality", "10000");
    Contact(org, 0, "spoc" + std::to_string(i) + "@gemeente.test");
    Contact(org, 1, "deputy" + std::to_string(i) + "@gemeente.test");
  }
  core::Audience all;
  all.all = true;
  auto draft = service_->Create(author_, Draft(all));
  ASSERT_TRUE(draft.has_value());
  ASSERT_TRUE(service_->Approve(approver_, draft->advisory.id, draft->advisory.version));
  mailer_.Take();
  auto other = Reopen(false);
  ASSERT_TRUE(other);
  other->SetAuditKey(TestKey());
  AdvisoryService second(*other, clock_, mailer_, OptionsFor("https://warroom.test"));
  clock_.Advance(30min);
  delivery::JobStats s1{}, s2{};
  std::thread t1([&] { s1 = RunJobs(*db_); });
  std::thread t2([&] {
    delivery::JobRunner runner(*other, clock_, delivery::JobRunnerOptions{});
    runner.Register(std::string(kEscalationJob),
                    [&second](ports::Tx& tx, const storage::JobRecord& job) {
                      return second.RunEscalation(tx, job);
                    });
    auto stats = runner.RunOnce();
    if (stats) s2 = *stats;
  });
  t1.join();
  t2.join();
  EXPECT_EQ(s1.done + s2.done, 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_deliveries WHERE reason = 'escalation'"), 20);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM advisory_recipients WHERE stage = 1"), 20);
}

INSTANTIATE_TEST_SUITE_P(Engines, AdvisoryServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         storage::testing::EngineName);

}  // namespace
}  // namespace warroom::service
