// AdvisoryStore: the SQL of advisories (C3) — drafts and their language versions, the
// audience frozen at send time with each organisation's escalation state, deliveries (with
// the outbox message that carries each), acknowledgement links, acknowledgements (UNIQUE
// per organisation, advisory and round), calls of the call list, escalation policies and
// help requests. Who may see an advisory is part of the SQL (VisibleSql): the war room
// sees all; an organisation sees what was sent to it; TLP:RED only its SPOC and deputies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/advisory/model.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct AdvisoryRecord {
  int64_t id = 0;
  std::string reference;
  core::Severity severity = core::Severity::kInfo;
  core::Tlp tlp = core::Tlp::kClear;
  bool is_exercise = false;
  core::AdvisoryStatus status = core::AdvisoryStatus::kDraft;
  std::string audience_json;
  int64_t policy_id = 0;
  std::string policy_name;
  int64_t author_user_id = 0;
  std::string author_name;
  std::optional<int64_t> approved_by_user_id;
  std::optional<std::string> approved_by_name;
  std::optional<int64_t> approved_at;
  std::optional<std::string> emergency_reason;
  std::optional<int64_t> sent_at;
  std::optional<int64_t> withdrawn_at;
  std::optional<std::string> withdraw_reason;
  int revision = 1;
  int ack_round = 1;
  int64_t recipient_count = 0;
  bool is_demo = false;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct AdvisoryCounts {
  int64_t recipients = 0;
  int64_t delivered = 0;
  int64_t opened = 0;
  int64_t acknowledged = 0;
  int64_t escalated = 0;
  int64_t call_list = 0;
  int64_t refused = 0;
};

struct AckRecord {
  int64_t at = 0;
  core::AckChannel channel = core::AckChannel::kApp;
  std::string by;
  int revision = 1;
  int round = 1;
};

// One organisation of the frozen audience.
struct RecipientRecord {
  int64_t organisation_id = 0;
  std::string organisation_name;
  std::string organisation_kind;
  std::optional<std::string> province_nis;
  int stage = 0;
  std::string stage_label;
  bool on_call_list = false;
  std::optional<int64_t> call_list_at;
  std::optional<int64_t> escalated_at;
  std::optional<int64_t> opened_at;
  bool delivered = false;
  bool refused = false;
  std::optional<AckRecord> acknowledged;  // of the current round
  std::string action_points_done = "[]";
};

// A SPOC or deputy of a recipient organisation.
struct ContactRecord {
  int64_t organisation_id = 0;
  std::string organisation_name;
  int position = 0;  // 0 the SPOC, 1.. deputies
  int64_t person_id = 0;
  std::string name;
  std::optional<std::string> work_email;
  std::optional<std::string> oob_email;
  std::optional<std::string> mobile;
  std::optional<std::string> landline;
  core::Language language = core::Language::kNl;
};

struct DeliveryRecord {
  int64_t id = 0;
  std::optional<int64_t> person_id;
  std::optional<std::string> person_name;
  std::string channel;
  std::string address;
  std::string reason;
  int stage = 0;
  std::string status;  // queued | accepted | deferred | refused (from the outbox message)
  int64_t attempts = 0;
  std::optional<std::string> last_error;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
};

struct CallRecord {
  int64_t id = 0;
  int64_t at = 0;
  std::string by;
  core::CallOutcome outcome = core::CallOutcome::kReached;
  std::optional<int64_t> person_id;
  std::optional<std::string> note;
  bool acknowledged = false;
};

struct LinkRecord {
  int64_t advisory_id = 0;
  int64_t organisation_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  std::string organisation_name;
  core::Language language = core::Language::kNl;
  int64_t expires_at = 0;
};

struct HelpRequestRecord {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string organisation_name;
  std::optional<int64_t> advisory_id;
  std::string subject;
  std::string body;
  core::HelpStatus status = core::HelpStatus::kOpen;
  std::optional<int64_t> owner_user_id;
  std::optional<std::string> owner_name;
  int64_t requested_by_user_id = 0;
  std::string requested_by_name;
  int version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct BoardQuery {
  std::string state = "all";  // all | unacknowledged | acknowledged | escalated | call_list |
                              // refused
  std::optional<std::string> province_nis;
  int64_t after_organisation_id = 0;  // keyset cursor
  int limit = 100;
};

struct AudienceMember {
  int64_t id = 0;
  std::string name;
  std::string kind;
  std::optional<std::string> province_nis;
};

// Whether the caller belongs to the war room (sees every advisory).
bool IsWarRoom(const core::Principal& p);

// The stage a recipient starts at, by the shape of its organisation's contacts: whether it
// has a SPOC, and how many deputies (0, 1, or 2 for two or more). The freeze gives each
// recipient the start of its shape, so that a send needs no pass to set them.
struct FrozenStart {
  bool has_spoc = false;
  int deputies = 0;  // 0, 1 or 2 (two or more)
  std::string label;
  bool call_list = false;
  std::optional<int64_t> next_due_at;
};

// One acknowledgement link or delivery of a send, for the bulk inserts.
struct NewLink {
  std::string token_hash;
  int64_t organisation_id = 0;
  int64_t person_id = 0;
};
struct NewDelivery {
  int64_t organisation_id = 0;
  std::optional<int64_t> person_id;
  int stage = 0;
  std::string reason;  // initial, update, reacknowledge, escalation
  std::string channel;
  std::string address;
  int64_t outbox_id = 0;
};

class AdvisoryStore {
 public:
  explicit AdvisoryStore(Tx& tx) : tx_(tx) {}

  // Policies.
  Result<std::vector<core::EscalationPolicy>> Policies();
  Result<core::EscalationPolicy> FindPolicy(int64_t id);
  Result<core::EscalationPolicy> DefaultPolicy();
  Result<int64_t> InsertPolicy(const core::EscalationPolicy& p, int64_t now);
  // kPreconditionFailed when the version moved.
  Status UpdatePolicy(const core::EscalationPolicy& p, int expected_version, int64_t now);

  // Advisories. Find/List apply the caller's visibility; NotFound outside it.
  Result<AdvisoryRecord> Find(int64_t id, const core::Principal& viewer);
  Result<AdvisoryRecord> FindForUpdate(int64_t id);
  Result<std::vector<AdvisoryRecord>> List(const core::Principal& viewer,
                                           std::optional<core::AdvisoryStatus> status,
                                           int64_t before_id, int limit);
  Result<core::AdvisoryTexts> Texts(int64_t advisory_id, int revision);
  Result<int64_t> Insert(const AdvisoryRecord& a, int64_t now);
  Status ReplaceTexts(int64_t advisory_id, int revision, const core::AdvisoryTexts& texts);
  // Updates every mutable column from `a` and bumps the version, if it is still
  // `expected_version` (kPreconditionFailed otherwise).
  Status Update(const AdvisoryRecord& a, int expected_version, int64_t now);
  Status Delete(int64_t id);
  Status InsertRevision(int64_t advisory_id, int revision, int64_t author, const std::string& note,
                        bool reacknowledge, int64_t now);
  // The next free reference of `year`: "ADV-2026-0001".
  Result<std::string> NextReference(int year);

  // The audience: organisations (active) the definition selects, ordered by id.
  Result<std::vector<AudienceMember>> Resolve(const core::Audience& audience, int limit);
  Result<int64_t> CountAudience(const core::Audience& audience);
  // The SPOCs and deputies of the organisations the audience selects now, by organisation
  // and position (contact-verification rounds ask each of them).
  Result<std::vector<ContactRecord>> AudienceContacts(const core::Audience& audience);
  // Freezes the audience: one recipient row per organisation selected now, at the start of
  // its shape in `starts` (call list ones put on the call list at `now`); a shape not in
  // `starts` starts at stage 0, "spoc", with nothing due. Returns the count.
  Result<int64_t> FreezeAudience(int64_t advisory_id, const core::Audience& audience,
                                 const std::vector<FrozenStart>& starts, int64_t now);
  Result<std::vector<int64_t>> RecipientIds(int64_t advisory_id);
  // SPOCs and deputies of the recipients (all, or those of `organisation_id`).
  Result<std::vector<ContactRecord>> Contacts(int64_t advisory_id,
                                              std::optional<int64_t> organisation_id);
  // Moves recipients to their first stage in bulk (organisation id -> stage fields).
  Status SetStage(int64_t advisory_id, int64_t organisation_id, int expected_stage, int stage,
                  const std::string& label, bool call_list, std::optional<int64_t> next_due_at,
                  bool escalated, int64_t now, bool* moved);
  // Recipients not acknowledged, not on the call list, whose next stage is due by `now`.
  Result<std::vector<std::pair<int64_t, int>>> DueRecipients(int64_t advisory_id, int64_t now);
  // The earliest next stage of the advisory's unacknowledged recipients.
  Result<std::optional<int64_t>> NextDue(int64_t advisory_id);
  Status InsertDelivery(int64_t advisory_id, int64_t organisation_id,
                        std::optional<int64_t> person_id, int stage, const std::string& reason,
                        const std::string& channel, const std::string& address, int64_t outbox_id,
                        int64_t now);
  Status InsertLink(const std::string& token_hash, int64_t advisory_id, int64_t organisation_id,
                    int64_t person_id, int64_t now, int64_t expires_at);
  // The bulk forms, for a send to many organisations (few statements; see bulk_insert.h).
  // SetStages moves each of `organisation_ids` that is at `expected_stage` and not
  // acknowledged, as SetStage does.
  Status SetStages(int64_t advisory_id, const std::vector<int64_t>& organisation_ids,
                   int expected_stage, int stage, const std::string& label, bool call_list,
                   std::optional<int64_t> next_due_at, bool escalated, int64_t now);
  // The same for every recipient of the advisory at `expected_stage` and not acknowledged: one
  // statement, for the stage most of a large audience starts at.
  Status SetAllStages(int64_t advisory_id, int expected_stage, int stage, const std::string& label,
                      bool call_list, std::optional<int64_t> next_due_at, bool escalated,
                      int64_t now);
  Status InsertLinks(int64_t advisory_id, const std::vector<NewLink>& links, int64_t now,
                     int64_t expires_at);
  Status InsertDeliveries(int64_t advisory_id, const std::vector<NewDelivery>& deliveries,
                          int64_t now);
  Result<std::optional<LinkRecord>> FindLink(const std::string& token_hash);

  // The recipient row of one organisation (with its acknowledgement of the current round).
  Result<std::optional<RecipientRecord>> Recipient(int64_t advisory_id, int64_t organisation_id,
                                                   int ack_round);
  Result<std::vector<RecipientRecord>> Board(int64_t advisory_id, int ack_round,
                                             const BoardQuery& q);
  Result<AdvisoryCounts> Counts(int64_t advisory_id);
  Result<std::vector<DeliveryRecord>> Deliveries(int64_t advisory_id, int64_t organisation_id);
  Result<std::vector<AckRecord>> Acknowledgements(int64_t advisory_id, int64_t organisation_id);
  // Inserts the acknowledgement unless the organisation has one for the round; returns the
  // one that holds (the new one, or the earlier) and whether it was new.
  Result<std::pair<AckRecord, bool>> Acknowledge(int64_t advisory_id, int64_t organisation_id,
                                                 int ack_round, int revision,
                                                 core::AckChannel channel,
                                                 std::optional<int64_t> user_id,
                                                 std::optional<int64_t> person_id,
                                                 const std::string& by, int64_t now);
  // Starts a new round: clears the recipients' acknowledgement mirror and escalation.
  Status ResetAcknowledgements(int64_t advisory_id);
  Status MarkOpened(int64_t advisory_id, int64_t organisation_id, int64_t now, bool* first);
  Status SetActionPoints(int64_t advisory_id, int64_t organisation_id, const std::string& json);
  Result<std::vector<RecipientRecord>> CallList(int64_t advisory_id, int ack_round);
  Result<std::vector<CallRecord>> Calls(int64_t advisory_id, int64_t organisation_id);
  Result<int64_t> InsertCall(int64_t advisory_id, int64_t organisation_id, int64_t user_id,
                             const CallRecord& call);

  // The advisories sent to `organisation_id` the viewer may see, newest first.
  Result<std::vector<std::pair<AdvisoryRecord, RecipientRecord>>> Inbox(
      const core::Principal& viewer, int limit);

  // Help requests.
  Result<int64_t> InsertHelp(const HelpRequestRecord& h, int64_t now);
  Result<HelpRequestRecord> FindHelp(int64_t id, const core::Principal& viewer);
  Result<std::vector<HelpRequestRecord>> ListHelp(const core::Principal& viewer,
                                                  std::optional<core::HelpStatus> status);
  Status UpdateHelp(const HelpRequestRecord& h, int expected_version, int64_t now);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
