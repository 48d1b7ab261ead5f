#include "server/core/webhook/webhook.h"

#include <gtest/gtest.h>

#include <string>

namespace warroom::core::webhook {
namespace {

std::string CodeOf(std::string_view url, bool allow_local = false) {
  const Status s = ValidateUrl(url, allow_local);
  if (s) return "ok";
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().fields.size(), 1U);
  if (s.error().fields.empty()) return "?";
  EXPECT_EQ(s.error().fields[0].field, "/url");
  EXPECT_FALSE(s.error().message.empty());
  EXPECT_EQ(s.error().fields[0].message, s.error().message);
  return s.error().fields[0].code;
}

TEST(WebhookUrlTest, AcceptsHttpsToAPublicHost) {
  EXPECT_EQ(CodeOf("https://chat.example.be/hooks/abc?room=1"), "ok");
  EXPECT_EQ(CodeOf("HTTPS://sms.example.be:8443"), "ok");
  EXPECT_EQ(CodeOf("https://[2001:db8::1]/x"), "ok");
  EXPECT_EQ(CodeOf("https://193.191.1.1/x"), "ok");
}

TEST(WebhookUrlTest, RefusesPlainHttpUnlessLocalIsAllowed) {
  EXPECT_EQ(CodeOf("http://chat.example.be/"), "url_not_https");
  EXPECT_EQ(CodeOf("ftp://chat.example.be/"), "url_not_https");
  EXPECT_EQ(CodeOf("chat.example.be"), "url_not_https");
  EXPECT_EQ(CodeOf("http://chat.example.be/", true), "ok");
}

TEST(WebhookUrlTest, RefusesCredentialsFragmentsAndOddCharacters) {
  EXPECT_EQ(CodeOf("https://user:pw@chat.example.be/"), "url_has_credentials");
  EXPECT_EQ(CodeOf("https://user@chat.example.be/"), "url_has_credentials");
  EXPECT_EQ(CodeOf("https://chat.example.be/#x"), "url_malformed");
  EXPECT_EQ(CodeOf("https://chat.example.be/a b"), "url_malformed");
  EXPECT_EQ(CodeOf("https://chat.example.be/\r\nX: y"), "url_malformed");
  EXPECT_EQ(CodeOf("https://ch\xc3\xa4t.example.be/"), "url_malformed");
  EXPECT_EQ(CodeOf("https:///path"), "url_malformed");
  EXPECT_EQ(CodeOf("https://chat.example.be:/"), "url_malformed");
  EXPECT_EQ(CodeOf("https://chat.example.be:99999/"), "url_malformed");
  EXPECT_EQ(CodeOf("https://chat_example.be/"), "url_malformed");
  EXPECT_EQ(CodeOf("https://" + std::string(kMaxUrlLength, 'a')), "url_too_long");
}

TEST(WebhookUrlTest, RefusesInternalAddressesThatASsrfWouldAimAt) {
  // Always: cloud metadata (link-local), unspecified, multicast, odd numeric forms.
  for (const bool local : {false, true}) {
    EXPECT_EQ(CodeOf("https://169.254.169.254/latest/meta-data", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://0.0.0.0/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://224.0.0.1/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://[fe80::1]/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://[::ffff:169.254.169.254]/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://2130706433/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://127.1/", local), "url_host_not_allowed");
    EXPECT_EQ(CodeOf("https://0x7f.0.0.1/", local), "url_host_not_allowed");
  }
  // Unless local addresses are allowed (tests, the demo).
  for (const char* url :
       {"https://127.0.0.1:9000/", "https://localhost/", "https://10.1.2.3/", "https://172.16.0.1/",
        "https://192.168.1.1/", "https://[::1]/", "https://[fd00::1]/",
        "https://[::ffff:127.0.0.1]/", "https://api.localhost/"}) {
    EXPECT_EQ(CodeOf(url), "url_host_not_allowed") << url;
    EXPECT_EQ(CodeOf(url, true), "ok") << url;
  }
  EXPECT_EQ(CodeOf("https://172.32.0.1/"), "ok");
}

TEST(WebhookUrlTest, ResolvedAddressesFollowTheSameRules) {
  EXPECT_TRUE(IsAllowedAddress("193.191.1.1", false));
  EXPECT_TRUE(IsAllowedAddress("2001:db8::1", false));
  EXPECT_FALSE(IsAllowedAddress("127.0.0.1", false));
  EXPECT_TRUE(IsAllowedAddress("127.0.0.1", true));
  EXPECT_FALSE(IsAllowedAddress("10.0.0.8", false));
  EXPECT_FALSE(IsAllowedAddress("::1", false));
  EXPECT_FALSE(IsAllowedAddress("169.254.169.254", true));
  EXPECT_FALSE(IsAllowedAddress("::ffff:169.254.169.254", true));
  EXPECT_FALSE(IsAllowedAddress("not an address", true));
}

TEST(WebhookSignatureTest, IsHmacSha256OverTimestampDotBody) {
  // Computed independently: HMAC-SHA256(key "Jefe", "1700000000.what do ya want for nothing?").
  EXPECT_EQ(Sign("Jefe", 1'700'000'000, "what do ya want for nothing?"),
            "v1=1cdd0650c8be1cb0974b1788d458b1e781206cfef59b85faafc582d2e182c57e");
  EXPECT_NE(Sign("Jefe", 1, "x"), Sign("Jefe", 1, "y"));
  EXPECT_NE(Sign("Jefe", 1, "x"), Sign("Jefe", 2, "x"));
}

TEST(WebhookSignatureTest, VerifyRefusesTamperedBodiesWrongKeysAndStaleTimestamps) {
  const int64_t now = 1'700'000'000;
  const std::string body = R"({"id":1})";
  const std::string sig = Sign("s3cret", now, body);
  EXPECT_TRUE(Verify("s3cret", std::to_string(now), body, sig, now));
  EXPECT_TRUE(Verify("s3cret", std::to_string(now), body, sig, now + kSignatureTolerance));
  EXPECT_FALSE(Verify("s3cret", std::to_string(now), body, sig, now + kSignatureTolerance + 1));
  EXPECT_FALSE(Verify("s3cret", std::to_string(now), body, sig, now - kSignatureTolerance - 1));
  EXPECT_FALSE(Verify("s3cret", std::to_string(now), R"({"id":2})", sig, now));
  EXPECT_FALSE(Verify("other", std::to_string(now), body, sig, now));
  EXPECT_FALSE(Verify("s3cret", std::to_string(now + 1), body, sig, now));
  EXPECT_FALSE(Verify("s3cret", "", body, sig, now));
  EXPECT_FALSE(Verify("s3cret", "17e8", body, sig, now));
  EXPECT_FALSE(Verify("s3cret", std::to_string(now), body, "v1=" + std::string(64, '0'), now));
}

}  // namespace
}  // namespace warroom::core::webhook

namespace warroom::core::webhook {
namespace {

TEST(WebhookAccessTest, AdminManagesAllASpocHerOwnOrganisationsOthersNone) {
  const auto as = [](Role role, int64_t organisation_id) {
    Principal p;
    p.role = role;
    p.organisation_id = organisation_id;
    return p;
  };
  const Principal admin = as(Role::kWarroomAdmin, 1);
  const Principal spoc = as(Role::kSpoc, 7);
  const Principal analyst = as(Role::kWarroomAnalyst, 1);
  const Principal member = as(Role::kMember, 7);
  EXPECT_TRUE(CanManageEndpoints(admin, std::nullopt));
  EXPECT_TRUE(CanManageEndpoints(admin, 7));
  EXPECT_TRUE(CanManageEndpoints(spoc, 7));
  EXPECT_FALSE(CanManageEndpoints(spoc, 8));
  EXPECT_FALSE(CanManageEndpoints(spoc, std::nullopt));
  EXPECT_FALSE(CanManageEndpoints(analyst, std::nullopt));
  EXPECT_FALSE(CanManageEndpoints(member, 7));
}

TEST(WebhookOutcomeTest, NamesRoundTrip) {
  for (const Outcome o :
       {Outcome::kQueued, Outcome::kAccepted, Outcome::kDeferred, Outcome::kRefused}) {
    EXPECT_EQ(ParseOutcome(Name(o)).value(), o);
  }
  EXPECT_FALSE(ParseOutcome("sent"));
}

}  // namespace
}  // namespace warroom::core::webhook
