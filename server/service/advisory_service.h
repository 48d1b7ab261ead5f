// AdvisoryService: the war room's advisories (C3). A draft is written by a war-room member
// and goes out only when a second member approves it (four eyes), or at once with a written
// emergency reason. Sending freezes the audience, queues every first message in the outbox
// and schedules the escalation in the same transaction; each organisation's escalation then
// follows its policy (durable jobs, run once even with several servers) until somebody of
// the organisation acknowledges — by link, in the app, or by phone to the war room.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/access/access.h"
#include "server/core/advisory/model.h"
#include "server/ports/advisory_mailer.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/storage/repositories/advisory_store.h"
#include "server/storage/repositories/attachment_store.h"
#include "server/storage/repositories/job_store.h"

namespace warroom::service {

// The job kind of an advisory's escalation timer.
inline constexpr std::string_view kEscalationJob = "advisory.escalate";

struct AdvisoryOptions {
  std::string public_url;  // links in messages: <public_url>/ack/<token>
  int64_t link_ttl_ms = 14LL * 24 * 3600 * 1000;
  // Wakes the live event stream after a change published events (the hub's Notify).
  std::function<void()> notify_events;
  // Where attachments' bytes live (<data-dir>/attachments, never under the web root);
  // empty: attachments are unavailable (kUnavailable).
  std::string attachments_dir;
  int64_t attachment_max_bytes = int64_t{8} * 1024 * 1024;
  int attachment_max_count = 10;
};

// The audience as JSON (stored with the advisory, shown by the API) and back; ParseAudience
// refuses unknown fields and values with field errors under /audience.
nlohmann::json AudienceJson(const core::Audience& a);
Result<core::Audience> ParseAudience(const nlohmann::json& j);

struct AdvisoryInput {
  core::Severity severity = core::Severity::kInfo;
  core::Tlp tlp = core::Tlp::kAmber;
  bool is_exercise = false;
  std::optional<int64_t> policy_id;  // the default policy when absent
  core::Audience audience;
  core::AdvisoryTexts texts;
};

struct AdvisoryView {
  storage::AdvisoryRecord advisory;
  core::AdvisoryTexts texts;
  std::optional<storage::AdvisoryCounts> counts;      // for the war room
  std::optional<storage::RecipientRecord> recipient;  // for a recipient organisation
  std::optional<core::Language> language;             // the version a recipient reads
  std::vector<storage::AttachmentRecord> attachments;
};

// An attachment with its bytes, for download.
struct AttachmentFile {
  storage::AttachmentRecord record;
  std::string bytes;
};

struct AckResult {
  storage::AckRecord ack;
  bool already = false;
};

struct LinkView {
  storage::LinkRecord link;
  storage::AdvisoryRecord advisory;
  core::Language language = core::Language::kNl;
  std::optional<core::AdvisoryText> text;  // absent for AMBER+STRICT and RED
  std::string title_hidden_reason;
  std::optional<storage::AckRecord> acknowledged;
};

struct BoardView {
  storage::AdvisoryCounts counts;
  std::vector<storage::RecipientRecord> items;
  std::optional<int64_t> next_after;
};

struct RecipientDetail {
  storage::RecipientRecord recipient;
  std::vector<storage::DeliveryRecord> deliveries;
  std::vector<storage::AckRecord> acknowledgements;
  std::vector<storage::CallRecord> calls;
  std::vector<storage::ContactRecord> contacts;
};

struct InboxItem {
  storage::AdvisoryRecord advisory;
  storage::RecipientRecord recipient;
  std::string title;
};

struct AudiencePreview {
  int64_t count = 0;
  std::vector<storage::AudienceMember> items;
};

class AdvisoryService {
 public:
  AdvisoryService(ports::Database& db, const ports::Clock& clock, ports::AdvisoryMailer& mailer,
                  AdvisoryOptions options)
      : db_(db), clock_(clock), mailer_(mailer), options_(std::move(options)) {}

  // Escalation policies (the war room's).
  Result<std::vector<core::EscalationPolicy>> Policies(const core::Principal& p);
  Result<core::EscalationPolicy> CreatePolicy(const core::Principal& p, core::EscalationPolicy in);
  Result<core::EscalationPolicy> UpdatePolicy(const core::Principal& p, int64_t id,
                                              int expected_version, core::EscalationPolicy in);

  // Drafts.
  Result<AdvisoryView> Create(const core::Principal& p, const AdvisoryInput& in);
  Result<AdvisoryView> Update(const core::Principal& p, int64_t id, int expected_version,
                              const AdvisoryInput& in);
  Status Delete(const core::Principal& p, int64_t id, int expected_version);
  Result<AudiencePreview> PreviewAudience(const core::Principal& p, const core::Audience& a);
  Result<std::vector<AdvisoryView>> List(const core::Principal& p,
                                         std::optional<core::AdvisoryStatus> status,
                                         int64_t before_id, int limit);
  // One advisory as the caller may see it; a recipient organisation's first look marks it
  // opened.
  Result<AdvisoryView> Get(const core::Principal& p, int64_t id);

  // Attachments (advisory_attachments.cc). A war-room member adds them to a draft and
  // removes them from it; once sent they are frozen with the advisory (a revision cannot
  // change them). AddAttachment refuses, storing nothing, with kInvalidArgument and the
  // message "attachment_empty", "attachment_too_large" (over attachment_max_bytes),
  // "attachment_type_refused" (core/advisory/attachment.h) or "attachment_limit_reached"
  // (attachment_max_count), and kConflict "attachment_duplicate" for the same bytes twice.
  // The bytes are on disk before the row commits. ReadAttachment serves whoever may read
  // the advisory (Get's visibility: the war room, and recipients within the TLP rule).
  // Files of removed attachments stay on disk (content-addressed, maybe shared).
  Result<storage::AttachmentRecord> AddAttachment(const core::Principal& p, int64_t id,
                                                  const std::string& file_name,
                                                  const std::string& bytes);
  Result<AttachmentFile> ReadAttachment(const core::Principal& p, int64_t id,
                                        int64_t attachment_id);
  Status DeleteAttachment(const core::Principal& p, int64_t id, int64_t attachment_id);
  int64_t attachment_max_bytes() const { return options_.attachment_max_bytes; }
  int attachment_max_count() const { return options_.attachment_max_count; }

  // Sending. Approve needs a war-room member who is not the author (403 four_eyes);
  // EmergencySend needs a reason of at least 10 characters, kept in the audit log and shown.
  Result<AdvisoryView> Approve(const core::Principal& p, int64_t id, int expected_version);
  Result<AdvisoryView> EmergencySend(const core::Principal& p, int64_t id, int expected_version,
                                     const std::string& reason);
  // A new revision to the same audience; with `reacknowledge` every organisation must
  // acknowledge again and escalation starts over.
  Result<AdvisoryView> Revise(const core::Principal& p, int64_t id, int expected_version,
                              const core::AdvisoryTexts& texts, const std::string& note,
                              bool reacknowledge);
  Result<AdvisoryView> Withdraw(const core::Principal& p, int64_t id, int expected_version,
                                const std::string& reason);

  // The war room's board, one recipient in detail, and the call list.
  Result<BoardView> Board(const core::Principal& p, int64_t id, const storage::BoardQuery& q);
  Result<RecipientDetail> Recipient(const core::Principal& p, int64_t id, int64_t organisation_id);
  Result<std::vector<RecipientDetail>> CallList(const core::Principal& p, int64_t id);
  Result<storage::CallRecord> RecordCall(const core::Principal& p, int64_t id,
                                         int64_t organisation_id, storage::CallRecord call);

  // A recipient organisation's side.
  Result<std::vector<InboxItem>> Inbox(const core::Principal& p);
  Result<AckResult> Acknowledge(const core::Principal& p, int64_t id);
  Result<std::vector<int>> SetActionPoint(const core::Principal& p, int64_t id, int index,
                                          bool done);

  // The acknowledgement link (no sign-in): kNotFound for an unknown or tampered token,
  // kGone once expired.
  Result<LinkView> ViewLink(const std::string& token);
  Result<AckResult> AcknowledgeLink(const std::string& token);

  // Help requests: a recipient organisation asks, the war room takes and closes them.
  Result<storage::HelpRequestRecord> CreateHelp(const core::Principal& p,
                                                std::optional<int64_t> advisory_id,
                                                const std::string& subject,
                                                const std::string& body);
  Result<std::vector<storage::HelpRequestRecord>> ListHelp(const core::Principal& p,
                                                           std::optional<core::HelpStatus> status);
  Result<storage::HelpRequestRecord> UpdateHelp(const core::Principal& p, int64_t id,
                                                int expected_version,
                                                std::optional<core::HelpStatus> status,
                                                std::optional<std::optional<int64_t>> owner);

  // The escalation job's handler: moves every due organisation of the advisory in the job
  // to its next stage (messages, or the call list) and schedules the next timer. Runs in
  // the job's transaction; a stage is taken once even when two runners race (the stage
  // update is conditional on the stage it read).
  Status RunEscalation(ports::Tx& tx, const storage::JobRecord& job);

 private:
  int64_t Now() const;
  void Published() const {
    if (options_.notify_events) options_.notify_events();
  }
  Status Send(ports::Tx& tx, const core::Principal& p, storage::AdvisoryRecord a, int version,
              int64_t now);
  // Sends every recipient's first stage and sets where it starts. `frozen`: the starts the
  // freeze gave each shape of contacts (a send); nullptr after the reset for
  // re-acknowledgement, which leaves every row at the blank start.
  Status StartStages(ports::Tx& tx, const storage::AdvisoryRecord& a,
                     const core::AdvisoryTexts& texts, const std::string& reason, int64_t now,
                     const std::vector<storage::FrozenStart>* frozen);
  // The links, mails and deliveries of one send, written a few hundred at a time.
  struct Outgoing;
  // Adds a stage's messages to one organisation's `contacts` to `out`; writes `out` when
  // it is full. The caller writes the rest with Flush before its transaction ends.
  Status DeliverStage(ports::Tx& tx, Outgoing& out, const storage::AdvisoryRecord& a,
                      const core::AdvisoryTexts& texts, const core::EscalationPolicy& policy,
                      const std::vector<std::string>& attachment_names,
                      const std::vector<const storage::ContactRecord*>& contacts,
                      const core::Stage& stage, int stage_index, const std::string& reason,
                      int64_t now);
  Status Flush(ports::Tx& tx, Outgoing& out, int64_t now);
  Status ScheduleEscalation(ports::Tx& tx, int64_t advisory_id, int64_t now);
  Result<AdvisoryView> Load(ports::Tx& tx, const core::Principal& p, int64_t id);

  ports::Database& db_;
  const ports::Clock& clock_;
  ports::AdvisoryMailer& mailer_;
  AdvisoryOptions options_;
};

}  // namespace warroom::service
