// Unit tests of the HTTP layer's pieces that need no socket: strict JSON input,
// problem+json, cookies and URL decoding, the router, and cursors.
#include <gtest/gtest.h>

#include "libs/base/rfc3339.h"
#include "server/http/api_util.h"
#include "server/http/json_input.h"
#include "server/http/message.h"
#include "server/http/router.h"
#include "server/service/directory_service.h"

namespace warroom::http {
namespace {

std::vector<std::string> FieldsOf(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.error().fields) out.push_back(f.field + ":" + f.code);
  return out;
}

TEST(JsonInputTest, ReadsTypedFieldsAndRejectsUnknownOnes) {
  JsonInput in(R"({"name_nl":"Oefenstad","parent_id":null,"deputy_ids":[3,4],"extra":1})");
  EXPECT_EQ(in.String("name_nl"), "Oefenstad");
  auto parent = in.NullableInt("parent_id");
  ASSERT_TRUE(parent.has_value());
  EXPECT_FALSE(parent->has_value());
  EXPECT_EQ(in.OptIntArray("deputy_ids").value(), (std::vector<int64_t>{3, 4}));
  auto status = in.Finish();
  ASSERT_FALSE(status);
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{"/extra:unknown_field"}));
}

TEST(JsonInputTest, CollectsEveryBadField) {
  JsonInput in(R"({"name_nl":5,"status":"gone","roles":"dpo"})");
  (void)in.String("name_nl");
  (void)in.String("email");
  (void)in.OptEnum<core::OrganisationStatus>("status", core::ParseOrganisationStatus);
  (void)in.OptStringArray("roles");
  auto status = in.Finish();
  ASSERT_FALSE(status);
  EXPECT_EQ(FieldsOf(status),
            (std::vector<std::string>{"/name_nl:must_be_string", "/email:required",
                                      "/status:unknown_value", "/roles:must_be_array"}));
}

TEST(JsonInputTest, RefusesARepeatedKeyAndNamesIt) {
  // nlohmann::json keeps the last value; another reader may keep the first.
  JsonInput top(R"({"role":"member","name":"x","role":"admin"})");
  (void)top.String("role");
  (void)top.String("name");
  auto status = top.Finish();
  ASSERT_FALSE(status);
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{"/role:duplicate_field"}));
  const Response problem = Problem(status.error());
  EXPECT_EQ(problem.status, 400);
  EXPECT_EQ(problem.content_type, "application/problem+json");
  EXPECT_NE(problem.body.find(R"("field":"/role")"), std::string::npos) << problem.body;

  // At any depth, named by its JSON pointer with "~" and "/" escaped.
  JsonInput nested(R"({"ids":[1,2],"list":[{"a":1},{"b":2,"x/y~":3,"x/y~":4}]})");
  (void)nested.OptIntArray("ids");
  EXPECT_EQ(FieldsOf(nested.Finish()),
            (std::vector<std::string>{"/list/1/x~1y~0:duplicate_field", "/list:unknown_field"}));

  // The same key in different objects is fine.
  JsonInput distinct(R"({"a":{"k":1},"b":{"k":2}})");
  (void)distinct.Has("a");
  auto ok = distinct.Finish();
  ASSERT_FALSE(ok);
  EXPECT_EQ(FieldsOf(ok), (std::vector<std::string>{"/a:unknown_field", "/b:unknown_field"}));
}

TEST(JsonInputTest, RejectsNonObjectsAndControlCharacters) {
  for (const char* body : {"", "[]", "{", "null", "\"x\"", "{\"a\":1,}"}) {
    JsonInput in(body);
    auto status = in.Finish();
    ASSERT_FALSE(status) << body;
    EXPECT_EQ(status.error().fields.at(0).code, "malformed_json") << body;
  }
  JsonInput in(R"({"name_nl":"a\u0000b"})");
  (void)in.String("name_nl");
  EXPECT_EQ(FieldsOf(in.Finish()), (std::vector<std::string>{"/name_nl:invalid_text"}));
  JsonInput big(R"({"name_nl":")" + std::string(201, 'x') + R"("})");
  (void)big.String("name_nl");
  EXPECT_EQ(FieldsOf(big.Finish()), (std::vector<std::string>{"/name_nl:too_long"}));
}

TEST(MessageTest, ProblemsCarryStatusCodeAndFields) {
  Response r = Problem(Error::Invalid("bad", {{"/name_nl", 0, 0, "required", "required"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["errors"][0]["field"], "/name_nl");
  EXPECT_EQ(Problem(Error::NotFound("x")).status, 404);
  EXPECT_EQ(Problem(Error::PreconditionFailed("stale")).status, 412);
  EXPECT_EQ(Problem(Error(ErrorCode::kPreconditionFailed, "if_match_required")).status, 428);
  EXPECT_EQ(Problem(Error::Gone("link_used")).status, 410);
  EXPECT_EQ(Problem(Error::InvalidArgument("x"), 422).status, 422);
}

TEST(MessageTest, InternalErrorsDoNotLeakDetails) {
  Response r = Problem(Error::Internal("sqlite: no such table users at /secret/path"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos);
}

TEST(MessageTest, CookiesAndUrls) {
  Request r;
  r.headers["cookie"] = "a=1; wr_session=abc; b=2";
  EXPECT_EQ(r.Cookie("wr_session").value(), "abc");
  EXPECT_FALSE(r.Cookie("wr").has_value());
  EXPECT_EQ(PercentDecode("sint%20niklaas+x", true).value(), "sint niklaas x");
  EXPECT_EQ(PercentDecode("a+b", false).value(), "a+b");
  EXPECT_EQ(PercentDecode("Li%C3%A8ge", false).value(), "Liège");
  EXPECT_FALSE(PercentDecode("%zz", false).has_value());
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("%00", false).has_value());
  EXPECT_FALSE(PercentDecode("%ff", false).has_value());
}

Response NoContent(const Request&, const service::Caller*) { return Response::NoContent(); }

constexpr core::Permission kReadOrganisations{core::Resource::kOrganisation, core::Action::kRead};

TEST(RouterTest, MatchesPlaceholdersAndTellsKnownPaths) {
  Router router;
  router.Add({"GET", "/api/organisations/{id}", Access::kSignedIn, kReadOrganisations, NoContent});
  router.Add({"PUT", "/api/organisations/{id}/spoc", Access::kSignedIn,
              core::Permission{core::Resource::kPerson, core::Action::kUpdate}, NoContent});
  std::map<std::string, std::string> params;
  bool known = false;
  const Route* r = router.Match("GET", "/api/organisations/42", params, known);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(params["id"], "42");
  EXPECT_EQ(router.Match("DELETE", "/api/organisations/42", params, known), nullptr);
  EXPECT_TRUE(known);
  EXPECT_EQ(router.Match("GET", "/api/organisations/42/x", params, known), nullptr);
  EXPECT_FALSE(known);
  EXPECT_EQ(router.Match("GET", "/api/organisations/", params, known), nullptr);
}

// A signed-in route must say what it needs: one without a permission would skip the
// central check, so the router refuses it (and Add aborts at startup).
TEST(RouterTest, RefusesASignedInRouteWithoutAPermission) {
  Router router;
  EXPECT_FALSE(router.Validate({"GET", "/api/x", Access::kSignedIn, kNoPermission, NoContent}));
  EXPECT_TRUE(router.Validate({"GET", "/api/x", Access::kSignedIn, kReadOrganisations, NoContent}));
  // Public and sign-in-step routes are open by design and declare no permission.
  EXPECT_TRUE(router.Validate({"GET", "/api/x", Access::kPublic, kNoPermission, NoContent}));
  EXPECT_TRUE(router.Validate({"GET", "/api/x", Access::kAnySession, kNoPermission, NoContent}));
  EXPECT_FALSE(router.Validate({"GET", "/api/x", Access::kPublic, kReadOrganisations, NoContent}));
  EXPECT_FALSE(router.Validate({"GET", "/api/x", Access::kSignedIn, kReadOrganisations, nullptr}));
  router.Add({"GET", "/api/x", Access::kSignedIn, kReadOrganisations, NoContent});
  EXPECT_FALSE(router.Validate({"GET", "/api/x", Access::kSignedIn, kReadOrganisations, NoContent}))
      << "served twice";
  EXPECT_TRUE(
      router.Validate({"POST", "/api/x", Access::kSignedIn, kReadOrganisations, NoContent}));
}

TEST(RouterDeathTest, AddAbortsOnARouteWithoutAPermission) {
  Router router;
  EXPECT_DEATH(router.Add({"GET", "/api/x", Access::kSignedIn, kNoPermission, NoContent}), "");
}

TEST(ApiUtilTest, IfMatchAndLimit) {
  Request r;
  EXPECT_EQ(Problem(IfMatchVersion(r).error()).status, 428);
  r.headers["if-match"] = "W/\"7\"";
  EXPECT_EQ(IfMatchVersion(r).value(), 7);
  r.headers["if-match"] = "\"12\"";
  EXPECT_EQ(IfMatchVersion(r).value(), 12);
  r.headers["if-match"] = "*";
  EXPECT_EQ(Problem(IfMatchVersion(r).error()).status, 400);
  EXPECT_EQ(Limit(r).value(), 50);
  r.query["limit"] = "201";
  EXPECT_FALSE(Limit(r).has_value());
  r.query["limit"] = "0";
  EXPECT_FALSE(Limit(r).has_value());
  r.query["limit"] = "200";
  EXPECT_EQ(Limit(r).value(), 200);
}

TEST(CursorTest, RoundTripsAndRejectsGarbage) {
  const std::string c = service::EncodeCursor("liège", 42);
  std::string name;
  int64_t id = 0;
  ASSERT_TRUE(service::DecodeCursor(c, name, id));
  EXPECT_EQ(name, "liège");
  EXPECT_EQ(id, 42);
  for (const char* bad : {"", ".", "zz.1", "6.1", "61.", "61.x", "61"}) {
    EXPECT_FALSE(service::DecodeCursor(bad, name, id)) << bad;
  }
}

TEST(Rfc3339Test, FormatsAndParses) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatRfc3339(951'868'799'999), "2000-02-29T23:59:59.999Z");
  // Every formatted time parses back to itself (leap days, month ends, milliseconds).
  for (int64_t ms = 0; ms < 4'200'000'000'000; ms += 86'399'937'001) {
    EXPECT_EQ(ParseRfc3339(FormatRfc3339(ms)), ms) << FormatRfc3339(ms);
  }
  EXPECT_EQ(ParseRfc3339("2023-11-14T22:13:20.123Z").value(), 1'700'000'000'123);
  EXPECT_EQ(ParseRfc3339("2023-11-14T23:13:20+01:00").value(), 1'700'000'000'000);
  EXPECT_EQ(ParseRfc3339Date("2026-10-01").value(), ParseRfc3339("2026-10-01T00:00:00Z").value());
  for (const char* bad :
       {"", "2023-11-14", "2023-13-01T00:00:00Z", "2023-02-30T00:00:00Z", "2023-11-14T22:13:20",
        "2023-11-14T22:13:20Zjunk", "1969-12-31T23:59:59Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace warroom::http
