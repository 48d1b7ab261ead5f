#include "server/delivery/email/advisory_email_channel.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/core/directory/model.h"
#include "server/delivery/email/mime.h"

namespace warroom::delivery::email {
namespace {

// The subject of the stored row: what an operator reading the outbox sees before the mail is
// rendered. Never the title: the row must say nothing a RED advisory's reader could not.
std::string RowSubject(const ports::AdvisoryMessage& m) {
  return m.reference + " (revision " + std::to_string(m.revision) + ")";
}

Error Malformed(const std::string& what) {
  return Error::InvalidArgument("advisory mail row: " + what);
}

}  // namespace

Result<ports::OutboxMessage> AdvisoryOutboxMessage(const ports::AdvisoryMessage& m) {
  if (!IsValidMailAddress(m.to)) return Error::InvalidArgument("invalid recipient address");
  nlohmann::json j = {
      {"advisory", m.advisory_id},
      {"reference", m.reference},
      {"revision", m.revision},
      {"language", core::Name(m.language)},
      {"update", m.update},
      {"reacknowledge", m.reacknowledge},
      {"severity", core::Name(m.severity)},
      {"tlp", core::Name(m.tlp)},
      {"exercise", m.is_exercise},
      {"organisation", m.organisation_name},
      {"recipient", m.recipient_name},
      {"stage", m.stage_label},
      {"escalation", m.escalation},
      {"ack_url", m.ack_url},
      {"app_url", m.app_url},
  };
  // The names of attachments are content: they stay in the app for AMBER+STRICT and RED.
  j["attachments"] =
      core::TlpAllowsContentOutsideApp(m.tlp) ? m.attachment_names : std::vector<std::string>{};
  ports::OutboxMessage row;
  row.channel = std::string(kAdvisoryEmailChannel);
  row.recipient = m.to;
  row.subject = RowSubject(m);
  row.body_text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return row;
}

Result<ports::AdvisoryMessage> ParseAdvisoryOutboxMessage(const ports::OutboxMessage& row) {
  const nlohmann::json j = nlohmann::json::parse(row.body_text, nullptr, false);
  if (!j.is_object()) return Malformed("not a JSON object");
  const auto text = [&](const char* key) -> Result<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
      return Malformed(std::string(key) + " is not a string");
    }
    return it->get<std::string>();
  };
  const auto flag = [&](const char* key) -> Result<bool> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_boolean()) {
      return Malformed(std::string(key) + " is not true or false");
    }
    return it->get<bool>();
  };
  const auto number = [&](const char* key) -> Result<int64_t> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) {
      return Malformed(std::string(key) + " is not a whole number");
    }
    return it->get<int64_t>();
  };
  ports::AdvisoryMessage m;
  m.to = row.recipient;
  WR_ASSIGN_OR_RETURN(m.advisory_id, number("advisory"));
  WR_ASSIGN_OR_RETURN(m.reference, text("reference"));
  WR_ASSIGN_OR_RETURN(int64_t revision, number("revision"));
  if (revision < 1 || revision > 1'000'000) return Malformed("revision out of range");
  m.revision = static_cast<int>(revision);
  WR_ASSIGN_OR_RETURN(std::string language, text("language"));
  auto lang = core::ParseLanguage(language);
  if (!lang) return Malformed("unknown language");
  m.language = *lang;
  WR_ASSIGN_OR_RETURN(m.update, flag("update"));
  WR_ASSIGN_OR_RETURN(m.reacknowledge, flag("reacknowledge"));
  WR_ASSIGN_OR_RETURN(std::string severity, text("severity"));
  auto sev = core::ParseSeverity(severity);
  if (!sev) return Malformed("unknown severity");
  m.severity = *sev;
  WR_ASSIGN_OR_RETURN(std::string tlp, text("tlp"));
  auto label = core::ParseTlp(tlp);
  if (!label) return Malformed("unknown TLP");
  m.tlp = *label;
  WR_ASSIGN_OR_RETURN(m.is_exercise, flag("exercise"));
  WR_ASSIGN_OR_RETURN(m.organisation_name, text("organisation"));
  WR_ASSIGN_OR_RETURN(m.recipient_name, text("recipient"));
  WR_ASSIGN_OR_RETURN(m.stage_label, text("stage"));
  WR_ASSIGN_OR_RETURN(m.escalation, flag("escalation"));
  WR_ASSIGN_OR_RETURN(m.ack_url, text("ack_url"));
  WR_ASSIGN_OR_RETURN(m.app_url, text("app_url"));
  auto files = j.find("attachments");
  if (files == j.end() || !files->is_array()) return Malformed("attachments is not a list");
  for (const auto& f : *files) {
    if (!f.is_string()) return Malformed("an attachment name is not a string");
    m.attachment_names.push_back(f.get<std::string>());
  }
  return m;
}

AdvisoryMailInput MailInputOf(const ports::AdvisoryMessage& m, const std::string& instance_name,
                              const std::string& public_url) {
  AdvisoryMailInput in;
  in.to = m.to;
  in.language = m.language;
  in.instance_name = instance_name;
  in.app_base_url = public_url;
  in.advisory_id = m.advisory_id;
  in.reference = m.reference;
  in.revision = m.revision;
  in.is_update = m.update || m.reacknowledge;
  in.reacknowledge = m.reacknowledge;
  in.title = m.text.title;
  in.body_markdown = m.text.body;
  in.action_points = m.text.action_points;
  in.attachment_names = m.attachment_names;
  in.severity = m.severity;
  in.tlp = m.tlp;
  in.exercise = m.is_exercise;
  in.organisation_name = m.organisation_name;
  // "deputy N" stages reach deputies; the SPOC and out-of-band stages the SPOC's role.
  if (m.stage_label.rfind("deputy ", 0) == 0) {
    in.role = RecipientRole::kDeputy;
    in.deputy_rank = std::atoi(m.stage_label.c_str() + 7);
  } else if (m.stage_label == "deputies") {
    in.role = RecipientRole::kDeputy;
  }
  in.escalation = m.escalation;
  in.acknowledge_url = m.ack_url;
  return in;
}

Result<core::AdvisoryText> AdvisoryEmailChannel::Text(const TextKey& key) {
  {
    MutexLock lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  auto text = texts_(std::get<0>(key), std::get<1>(key), std::get<2>(key));
  if (!text) return text;
  MutexLock lock(mu_);
  if (cache_.size() >= kCachedTexts) cache_.clear();
  cache_.emplace(key, *text);
  return text;
}

Status AdvisoryEmailChannel::Send(const ports::OutboxMessage& message) {
  WR_ASSIGN_OR_RETURN(ports::AdvisoryMessage m, ParseAdvisoryOutboxMessage(message));
  if (core::TlpAllowsContentOutsideApp(m.tlp)) {
    auto text = Text({m.advisory_id, m.revision, m.language});
    if (!text) {
      if (text.error().code == ErrorCode::kNotFound) {
        return Error::NotFound("advisory " + m.reference + " revision " +
                               std::to_string(m.revision) + " has no text in " +
                               std::string(core::Name(m.language)));
      }
      return Error::Unavailable("cannot read the text of " + m.reference + ": " +
                                text.error().message);
    }
    m.text = std::move(*text);
  }
  WR_ASSIGN_OR_RETURN(
      ports::OutboxMessage mail,
      EmailOutboxMessage(RenderAdvisoryMail(MailInputOf(m, instance_, public_url_))));
  // The row's identity: its Message-ID stays the same on every retry.
  mail.id = message.id;
  mail.attempts = message.attempts;
  mail.created_at = message.created_at;
  return email_.Send(mail);
}

}  // namespace warroom::delivery::email
