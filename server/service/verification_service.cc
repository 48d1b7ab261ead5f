#include "server/service/verification_service.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "server/core/auth/secrets.h"
#include "server/service/advisory_service.h"
#include "server/service/audited_write.h"
#include "server/storage/repositories/advisory_store.h"
#include "server/storage/repositories/directory_store.h"

namespace warroom::service {
namespace {

Status RequireWarRoom(const core::Principal& p) {
  if (!core::CanEditOrganisations(p)) {
    return Error::PermissionDenied("only the war room starts contact-verification rounds");
  }
  return {};
}

// The address a request goes to: the work e-mail, else the out-of-band one.
std::optional<std::string> AddressOf(const storage::ContactRecord& c) {
  if (c.work_email && !c.work_email->empty()) return c.work_email;
  if (c.oob_email && !c.oob_email->empty()) return c.oob_email;
  return std::nullopt;
}

// Each person once (a person may be SPOC or deputy of several organisations: the first
// position found asks), and only those with an address.
std::vector<const storage::ContactRecord*> Askable(
    const std::vector<storage::ContactRecord>& contacts) {
  std::vector<const storage::ContactRecord*> out;
  std::set<int64_t> seen;
  for (const auto& c : contacts) {
    if (!AddressOf(c) || !seen.insert(c.person_id).second) continue;
    out.push_back(&c);
  }
  return out;
}

// The link acts for its one person: the audit log names the request it came through.
core::Principal LinkPrincipal(int64_t request_id) {
  core::Principal p;
  p.label = "verification-link:" + std::to_string(request_id);
  return p;
}

}  // namespace

int64_t VerificationService::Now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

Result<VerificationPreview> VerificationService::Preview(const core::Principal& p,
                                                         const core::Audience& audience) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  WR_RETURN_IF_ERROR(core::ValidateAudience(audience));
  VerificationPreview out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    storage::AdvisoryStore store(tx);
    WR_ASSIGN_OR_RETURN(out.organisations, store.CountAudience(audience));
    WR_ASSIGN_OR_RETURN(auto contacts, store.AudienceContacts(audience));
    out.people = static_cast<int64_t>(Askable(contacts).size());
    return {};
  }));
  return out;
}

Result<storage::VerificationRoundRecord> VerificationService::Start(
    const core::Principal& p, const VerificationRoundInput& in) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  if (in.expires_in_days < 1 || in.expires_in_days > kMaxVerificationDays) {
    return Error::Invalid("the expiry is not valid", {{"/expires_in_days", 0, 0, "out_of_range",
                                                       "must be between 1 and 90 days"}});
  }
  WR_RETURN_IF_ERROR(core::ValidateAudience(in.audience));
  const int64_t now = Now();
  storage::VerificationRoundRecord round;
  round.audience_json = AudienceJson(in.audience).dump();
  if (p.user_id != 0) round.created_by_user_id = p.user_id;
  round.created_by = p.label;
  round.expires_at = now + int64_t{in.expires_in_days} * 24 * 3600 * 1000;
  round.is_exercise = in.is_exercise;
  round.created_at = now;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto contacts, storage::AdvisoryStore(tx).AudienceContacts(in.audience));
    const auto askable = Askable(contacts);
    if (askable.empty()) {
      return Error::Invalid(
          "the audience has nobody to ask",
          {{"/audience", 0, 0, "empty", "selects no SPOC or deputy with an e-mail address"}});
    }
    storage::VerificationStore store(tx);
    round.asked = static_cast<int64_t>(askable.size());
    WR_ASSIGN_OR_RETURN(round.id, store.InsertRound(round));
    for (const auto* c : askable) {
      WR_ASSIGN_OR_RETURN(std::string token, core::auth::RandomToken(32));
      WR_RETURN_IF_ERROR(store.InsertRequest(round.id, c->person_id, c->organisation_id,
                                             c->position, core::auth::HashToken(token),
                                             round.expires_at, now));
      ports::VerificationMail mail;
      mail.to = *AddressOf(*c);
      mail.language = c->language;
      mail.recipient_name = c->name;
      mail.organisation_name = c->organisation_name;
      mail.link = options_.public_url + "/verify/" + token;
      mail.expires_at = round.expires_at;
      mail.is_exercise = round.is_exercise;
      WR_RETURN_IF_ERROR(mailer_.Queue(tx, mail, now));
    }
    nlohmann::json after = {{"audience", nlohmann::json::parse(round.audience_json)},
                            {"expires_at", round.expires_at},
                            {"asked", round.asked},
                            {"is_exercise", round.is_exercise}};
    return Audit(tx, ActorOf(p), "verification_round.start", {"verification_round", round.id, 0},
                 "", after.dump(), now);
  }));
  mailer_.Notify();
  return round;
}

Result<std::vector<storage::VerificationRoundRecord>> VerificationService::List(
    const core::Principal& p) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  std::vector<storage::VerificationRoundRecord> out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(out, storage::VerificationStore(tx).ListRounds(100));
    return {};
  }));
  return out;
}

Result<VerificationBoard> VerificationService::Board(const core::Principal& p, int64_t id) {
  WR_RETURN_IF_ERROR(RequireWarRoom(p));
  VerificationBoard out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    storage::VerificationStore store(tx);
    WR_ASSIGN_OR_RETURN(auto round, store.FindRound(id));
    if (!round) return Error::NotFound("verification round not found");
    out.round = std::move(*round);
    WR_ASSIGN_OR_RETURN(out.requests, store.Requests(id));
    return {};
  }));
  return out;
}

Result<VerificationLinkView> VerificationService::ViewLink(const std::string& token) {
  const int64_t now = Now();
  VerificationLinkView out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        auto request, storage::VerificationStore(tx).FindByTokenHash(core::auth::HashToken(token)));
    if (!request) return Error::NotFound("this verification link is not valid");
    if (request->expires_at <= now) return Error::Gone("this verification link has expired");
    WR_ASSIGN_OR_RETURN(
        auto person, storage::DirectoryStore(tx).FindPerson(request->person_id,
                                                            {core::DirectoryScope::Kind::kAll, 0}));
    if (!person) return Error::NotFound("this verification link is not valid");
    out.request = std::move(*request);
    out.person = std::move(*person);
    return {};
  }));
  return out;
}

Result<VerificationConfirmResult> VerificationService::ConfirmLink(
    const std::string& token, const VerificationCorrection& correction) {
  const int64_t now = Now();
  VerificationConfirmResult out;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    storage::VerificationStore store(tx);
    WR_ASSIGN_OR_RETURN(auto request, store.FindByTokenHash(core::auth::HashToken(token)));
    if (!request) return Error::NotFound("this verification link is not valid");
    if (request->expires_at <= now) return Error::Gone("this verification link has expired");
    storage::DirectoryStore directory(tx);
    WR_ASSIGN_OR_RETURN(auto current, directory.FindPerson(request->person_id,
                                                           {core::DirectoryScope::Kind::kAll, 0}));
    if (!current) return Error::NotFound("this verification link is not valid");
    if (request->confirmed_at) {
      // A second press (or a reload of the form) changes nothing.
      out.already = true;
      out.request = std::move(*request);
      out.person = std::move(*current);
      return {};
    }
    PersonInput in = InputOf(*current);
    if (correction.full_name) in.full_name = *correction.full_name;
    if (correction.work_email) in.work_email = *correction.work_email;
    if (correction.oob_email) in.oob_email = *correction.oob_email;
    if (correction.mobile) in.mobile = *correction.mobile;
    if (correction.landline) in.landline = *correction.landline;
    if (correction.preferred_language) in.preferred_language = *correction.preferred_language;
    in.verified_at = now;
    WR_ASSIGN_OR_RETURN(core::Person next, DirectoryService::ValidatePerson(in));
    next.id = current->id;
    next.organisation_id = current->organisation_id;
    const bool corrected = next.full_name != current->full_name ||
                           next.work_email != current->work_email ||
                           next.oob_email != current->oob_email || next.mobile != current->mobile ||
                           next.landline != current->landline ||
                           next.preferred_language != current->preferred_language;
    const core::Principal link = LinkPrincipal(request->id);
    WR_ASSIGN_OR_RETURN(
        out.person,
        DirectoryWrites(tx, link, now)
            .UpdatePerson(*current, next, corrected ? "person.update" : "person.verify"));
    WR_ASSIGN_OR_RETURN(bool confirmed, store.Confirm(request->id, corrected, now));
    if (!confirmed) return Error::Conflict("the request was confirmed meanwhile");
    request->confirmed_at = now;
    request->corrected = corrected;
    out.request = std::move(*request);
    return {};
  }));
  return out;
}

}  // namespace warroom::service
