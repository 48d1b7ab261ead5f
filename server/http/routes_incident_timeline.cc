// An incident's timeline (issue 13, C2): GET and POST /api/incidents/{id}/timeline, and
// GET /api/incidents/{id}/people (whom a TLP:RED entry may name). Appending needs the
// incident's update permission but no If-Match: entries are never edited. Which entries a
// caller sees is the storage scope's business (storage::TimelineStore); these handlers
// only parse and render. Texts go out as JSON strings, exactly as written: the web app
// shows them as plain text.
#include <charconv>

#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/routes.h"
#include "server/service/incident_service.h"
#include "server/service/views.h"

namespace warroom::http {
namespace {

using nlohmann::json;
using service::OrNull;

constexpr Permission kRead{Resource::kIncident, Action::kRead};
constexpr Permission kUpdate{Resource::kIncident, Action::kUpdate};

// 10,000 characters of up to 4 bytes, with room for the other fields.
constexpr size_t kMaxTextBytes = 40'000;
constexpr size_t kBodyLimit = size_t{64} * 1024;

Response NotWired() {
  return Problem(Error::Unavailable("incidents are not available in this process"));
}

json PersonJson(const storage::TimelinePerson& p) {
  return {{"id", p.user_id},
          {"name", p.name},
          {"organisation", {{"id", p.organisation_id}, {"name", p.organisation_name}}}};
}

json EntryJson(const storage::TimelineEntryRecord& e) {
  json named = json::array();
  for (const auto& p : e.named) named.push_back(PersonJson(p));
  return {{"id", e.id},
          {"incident_id", e.incident_id},
          {"kind", core::Name(e.kind)},
          {"text", e.text},
          {"happened_at", FormatRfc3339(e.happened_at)},
          {"written_at", FormatRfc3339(e.written_at)},
          {"author", {{"id", OrNull(e.author_user_id)}, {"name", e.author}}},
          {"tlp", core::Name(e.tlp)},
          {"tlp_label", core::TlpLabel(e.tlp)},
          {"corrects", OrNull(e.corrects)},
          {"corrected_by", e.corrected_by},
          {"audience", OrNull(e.audience)},
          {"named", named}};
}

// A free text that may span lines, of at most `max_bytes`; its other rules (characters,
// length in characters) are the core's.
std::optional<std::string> Text(JsonInput& in, const std::string& key, size_t max_bytes) {
  const json* v = in.Raw(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    in.Fail(key, "must_be_string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    in.Fail(key, "too_long");
    return std::nullopt;
  }
  return s;
}

Result<core::TimelineEntryInput> ParseEntry(const Request& r) {
  JsonInput in(r.body);
  core::TimelineEntryInput out;
  if (auto kind = in.OptString("kind", 64)) {
    out.kind = *kind;
  } else if (!in.Has("kind")) {
    in.Fail("kind", "required");
  }
  if (auto text = Text(in, "text", kMaxTextBytes)) {
    out.text = *text;
  } else if (!in.Has("text")) {
    in.Fail("text", "required");
  }
  if (auto happened = in.OptString("happened_at", 64)) {
    if (auto ms = ParseRfc3339(*happened)) {
      out.happened_at = *ms;
    } else {
      in.Fail("happened_at", "invalid_time");
    }
  } else if (!in.Has("happened_at")) {
    in.Fail("happened_at", "required");
  }
  if (auto tlp = in.OptString("tlp", 64)) {
    out.tlp = *tlp;
  } else if (!in.Has("tlp")) {
    in.Fail("tlp", "required");
  }
  out.corrects = in.OptInt("corrects");
  out.audience = Text(in, "audience", 400);
  out.named_user_ids =
      in.OptIntArray("named_user_ids", core::kMaxNamedPeople + 1).value_or(std::vector<int64_t>{});
  WR_RETURN_IF_ERROR(in.Finish());
  return out;
}

// The position after which a page starts: "<happened_at ms>_<id>", as next_cursor gives it.
std::optional<storage::TimelineCursor> ParseCursor(std::string_view text) {
  const size_t sep = text.find('_');
  if (sep == std::string_view::npos) return std::nullopt;
  storage::TimelineCursor c;
  const auto number = [](std::string_view s, int64_t& v) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  if (!number(text.substr(0, sep), c.happened_at) || !number(text.substr(sep + 1), c.id) ||
      c.id <= 0) {
    return std::nullopt;
  }
  return c;
}

std::string FormatCursor(const storage::TimelineCursor& c) {
  return std::to_string(c.happened_at) + "_" + std::to_string(c.id);
}

Result<storage::TimelineQuery> ParseQuery(const Request& r) {
  storage::TimelineQuery q;
  WR_ASSIGN_OR_RETURN(q.limit, Limit(r, 100, 500));
  if (auto it = r.query.find("kind"); it != r.query.end() && it->second != "all") {
    q.kind = core::ParseTimelineKind(it->second);
    if (!q.kind) {
      return Error::Invalid(
          "the kind filter is not valid",
          {{"kind", 0, 0, "unknown_value", "all, observation, decision, action or communication"}});
    }
  }
  if (auto it = r.query.find("cursor"); it != r.query.end()) {
    q.after = ParseCursor(it->second);
    if (!q.after) {
      return Error::Invalid("the cursor is not valid",
                            {{"cursor", 0, 0, "invalid_cursor", "use next_cursor as given"}});
    }
  }
  return q;
}

}  // namespace

void RegisterIncidentTimelineRoutes(Router& router, const ApiDeps& deps) {
  router.Add(
      {"GET", "/api/incidents/{id}/timeline", Access::kSignedIn, kRead,
       [&deps](const Request& r, const service::Caller* c) {
         if (deps.incidents == nullptr) return NotWired();
         auto id = PathId(r);
         if (!id) return BadId();
         auto q = ParseQuery(r);
         if (!q) return Problem(q.error());
         auto page = deps.incidents->Entries(c->principal, *id, *q);
         if (!page) return Problem(page.error());
         json items = json::array();
         for (const auto& e : page->entries) items.push_back(EntryJson(e));
         return Response::Json(
             200, {{"items", items},
                   {"next_cursor", page->next ? json(FormatCursor(*page->next)) : json(nullptr)}});
       }});
  router.Add({"POST", "/api/incidents/{id}/timeline", Access::kSignedIn, kUpdate,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto in = ParseEntry(r);
                if (!in) return Problem(in.error());
                auto e = deps.incidents->AppendEntry(c->principal, *id, *in);
                if (!e) return Problem(e.error());
                return Response::Json(201, EntryJson(*e));
              },
              kBodyLimit});
  router.Add({"GET", "/api/incidents/{id}/people", Access::kSignedIn, kRead,
              [&deps](const Request& r, const service::Caller* c) {
                if (deps.incidents == nullptr) return NotWired();
                auto id = PathId(r);
                if (!id) return BadId();
                auto people = deps.incidents->People(c->principal, *id);
                if (!people) return Problem(people.error());
                json items = json::array();
                for (const auto& p : *people) items.push_back(PersonJson(p));
                return Response::Json(200, {{"items", items}});
              }});
}

}  // namespace warroom::http
