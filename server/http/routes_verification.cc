// Contact-verification rounds (issue 12): the war room starts a round and follows its
// board; each SPOC and deputy confirms or corrects their details through a link that
// works without signing in (the GET only shows, the POST records).
#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/advisory_service.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using nlohmann::json;
using service::OrNull;

constexpr Permission kRoundPermission{Resource::kOrganisation, Action::kUpdate};

service::VerificationService* Service(const ApiDeps& deps) { return deps.verifications; }

Response NotWired() {
  return Problem(Error::Unavailable("verification rounds are not available in this process"));
}

// Times go out as RFC 3339, as everywhere in the API.
json Time(const std::optional<int64_t>& ms) {
  return ms ? json(FormatRfc3339(*ms)) : json(nullptr);
}

std::string Token(const Request& r) {
  auto it = r.params.find("token");
  return it == r.params.end() ? std::string() : it->second;
}

json RoundJson(const storage::VerificationRoundRecord& r) {
  return {{"id", r.id},
          {"audience", json::parse(r.audience_json, nullptr, false)},
          {"created_by", r.created_by},
          {"created_at", Time(r.created_at)},
          {"expires_at", Time(r.expires_at)},
          {"is_exercise", r.is_exercise},
          {"asked", r.asked},
          {"confirmed", r.confirmed},
          {"corrected", r.corrected},
          {"outstanding", r.asked - r.confirmed}};
}

std::string_view StateOf(const storage::VerificationRequestRecord& q) {
  if (q.confirmed_at) return q.corrected ? "corrected" : "confirmed";
  return "outstanding";
}

json PersonJson(const core::Person& p) {
  return {{"id", p.id},
          {"full_name", p.full_name},
          {"work_email", OrNull(p.work_email)},
          {"oob_email", OrNull(p.oob_email)},
          {"mobile", OrNull(p.mobile)},
          {"landline", OrNull(p.landline)},
          {"preferred_language", core::Name(p.preferred_language)},
          {"verified_at", Time(p.verified_at)}};
}

json LinkJson(const storage::VerificationRequestRecord& q, const core::Person& person) {
  return {{"language", core::Name(person.preferred_language)},
          {"organisation", {{"name", q.organisation_name}}},
          {"position", q.position},
          {"person", PersonJson(person)},
          {"state", StateOf(q)},
          {"confirmed_at", Time(q.confirmed_at)},
          {"expires_at", Time(q.expires_at)},
          {"is_exercise", q.is_exercise}};
}

// The audience, the expiry in days and the exercise flag of a new round.
Result<service::VerificationRoundInput> ParseRound(const Request& r) {
  JsonInput in(r.body);
  service::VerificationRoundInput out;
  const json* audience = in.Raw("audience");
  if (audience == nullptr) in.Fail("audience", "required");
  auto days = in.OptInt("expires_in_days");
  out.is_exercise = in.OptBool("is_exercise").value_or(false);
  WR_RETURN_IF_ERROR(in.Finish());
  WR_ASSIGN_OR_RETURN(out.audience, service::ParseAudience(*audience));
  if (days) {
    if (*days < 1 || *days > service::kMaxVerificationDays) {
      return Error::Invalid("the expiry is not valid", {{"/expires_in_days", 0, 0, "out_of_range",
                                                         "must be between 1 and 90 days"}});
    }
    out.expires_in_days = static_cast<int>(*days);
  }
  return out;
}

Result<service::VerificationCorrection> ParseCorrection(const Request& r) {
  service::VerificationCorrection out;
  if (r.body.empty()) return out;  // confirming as is may send no body
  JsonInput in(r.body);
  if (auto s = in.OptString("full_name", 200)) out.full_name = *s;
  out.work_email = in.NullableString("work_email", 254);
  out.oob_email = in.NullableString("oob_email", 254);
  out.mobile = in.NullableString("mobile", 40);
  out.landline = in.NullableString("landline", 40);
  out.preferred_language = in.OptEnum<core::Language>("preferred_language", core::ParseLanguage);
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

}  // namespace

void RegisterVerificationRoutes(Router& router, const ApiDeps& deps) {
  router.Add({"GET", "/api/verification-rounds", Access::kSignedIn, kRoundPermission,
              [&deps](const Request&, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto list = Service(deps)->List(c->principal);
                if (!list) return Problem(list.error());
                json items = json::array();
                for (const auto& round : *list) items.push_back(RoundJson(round));
                return Response::Json(200, {{"items", items}});
              }});
  router.Add({"POST", "/api/verification-rounds", Access::kSignedIn, kRoundPermission,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto input = ParseRound(r);
                if (!input) return Problem(input.error());
                auto round = Service(deps)->Start(c->principal, *input);
                if (!round) return Problem(round.error());
                return Response::Json(201, RoundJson(*round))
                    .With("Location", "/api/verification-rounds/" + std::to_string(round->id));
              },
              size_t{512} * 1024});
  router.Add({"POST", "/api/verification-rounds/preview", Access::kSignedIn, kRoundPermission,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                JsonInput in(r.body);
                const json* audience = in.Raw("audience");
                if (audience == nullptr) in.Fail("audience", "required");
                if (auto ok = in.Finish(); !ok) return Problem(ok.error());
                auto a = service::ParseAudience(*audience);
                if (!a) return Problem(a.error());
                auto preview = Service(deps)->Preview(c->principal, *a);
                if (!preview) return Problem(preview.error());
                return Response::Json(
                    200, {{"organisations", preview->organisations}, {"people", preview->people}});
              },
              size_t{512} * 1024});
  router.Add({"GET", "/api/verification-rounds/{id}", Access::kSignedIn, kRoundPermission,
              [&deps](const Request& r, const service::Caller* c) {
                if (Service(deps) == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto board = Service(deps)->Board(c->principal, *id);
                if (!board) return Problem(board.error());
                json items = json::array();
                for (const auto& q : board->requests) {
                  items.push_back({{"request_id", q.id},
                                   {"organisation_id", q.organisation_id},
                                   {"organisation_name", q.organisation_name},
                                   {"person_id", q.person_id},
                                   {"person_name", q.person_name},
                                   {"position", q.position},
                                   {"state", StateOf(q)},
                                   {"confirmed_at", Time(q.confirmed_at)}});
                }
                return Response::Json(200, {{"round", RoundJson(board->round)}, {"items", items}});
              }});

  // ---- The verification link: no sign-in; the GET only shows ----
  router.Add(Route{"GET", "/api/verification-links/{token}", Access::kPublic, kNoPermission,
                   [&deps](const Request& r, const service::Caller*) {
                     if (Service(deps) == nullptr) return NotWired();
                     auto v = Service(deps)->ViewLink(Token(r));
                     if (!v) return Problem(v.error());
                     return Response::Json(200, LinkJson(v->request, v->person));
                   },
                   size_t{64} * 1024, true, true});
  router.Add(Route{"POST", "/api/verification-links/{token}/confirm", Access::kPublic,
                   kNoPermission,
                   [&deps](const Request& r, const service::Caller*) {
                     if (Service(deps) == nullptr) return NotWired();
                     auto correction = ParseCorrection(r);
                     if (!correction) return Problem(correction.error());
                     auto done = Service(deps)->ConfirmLink(Token(r), *correction);
                     if (!done) return Problem(done.error());
                     json body = LinkJson(done->request, done->person);
                     body["already"] = done->already;
                     return Response::Json(200, body);
                   },
                   size_t{64} * 1024, true, true});
}

}  // namespace warroom::http
