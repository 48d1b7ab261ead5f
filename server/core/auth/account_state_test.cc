#include "server/core/auth/account_state.h"

#include <gtest/gtest.h>

namespace warroom::core::auth {
namespace {

TEST(AccountStateTest, AccountStatusRoundTripsThroughItsStoredText) {
  for (auto v : {AccountStatus::kInvited, AccountStatus::kActive, AccountStatus::kDisabled}) {
    EXPECT_EQ(ParseAccountStatus(Name(v)), v) << Name(v);
    ASSERT_TRUE(StoredAccountStatus(Name(v)).has_value());
    EXPECT_EQ(*StoredAccountStatus(Name(v)), v);
  }
  // The text the database has always held: no data migration.
  EXPECT_EQ(Name(AccountStatus::kInvited), "invited");
  EXPECT_EQ(Name(AccountStatus::kActive), "active");
  EXPECT_EQ(Name(AccountStatus::kDisabled), "disabled");
}

TEST(AccountStateTest, SessionStageRoundTripsThroughItsStoredText) {
  for (auto v : {SessionStage::kTotp, SessionStage::kTotpEnrolment, SessionStage::kFull}) {
    EXPECT_EQ(ParseSessionStage(Name(v)), v) << Name(v);
    ASSERT_TRUE(StoredSessionStage(Name(v)).has_value());
    EXPECT_EQ(*StoredSessionStage(Name(v)), v);
  }
  EXPECT_EQ(Name(SessionStage::kTotp), "totp");
  EXPECT_EQ(Name(SessionStage::kTotpEnrolment), "totp_enrolment");
  EXPECT_EQ(Name(SessionStage::kFull), "full");
}

TEST(AccountStateTest, LinkPurposeRoundTripsThroughItsStoredText) {
  for (auto v : {LinkPurpose::kInvitation, LinkPurpose::kPasswordReset, LinkPurpose::kSetup}) {
    EXPECT_EQ(ParseLinkPurpose(Name(v)), v) << Name(v);
    ASSERT_TRUE(StoredLinkPurpose(Name(v)).has_value());
    EXPECT_EQ(*StoredLinkPurpose(Name(v)), v);
  }
  EXPECT_EQ(Name(LinkPurpose::kInvitation), "invitation");
  EXPECT_EQ(Name(LinkPurpose::kPasswordReset), "password_reset");
  EXPECT_EQ(Name(LinkPurpose::kSetup), "setup");
}

TEST(AccountStateTest, ParseRefusesUnknownText) {
  EXPECT_FALSE(ParseAccountStatus("Active").has_value());
  EXPECT_FALSE(ParseAccountStatus("").has_value());
  EXPECT_FALSE(ParseSessionStage("enrolment").has_value());
  EXPECT_FALSE(ParseLinkPurpose("reset").has_value());
}

TEST(AccountStateTest, UnknownStoredValueIsAnErrorNotADefault) {
  auto status = StoredAccountStatus("suspended");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_NE(status.error().message.find("users.status"), std::string::npos);
  EXPECT_NE(status.error().message.find("suspended"), std::string::npos);

  auto stage = StoredSessionStage("half");
  ASSERT_FALSE(stage.has_value());
  EXPECT_EQ(stage.error().code, ErrorCode::kInternal);

  auto purpose = StoredLinkPurpose("");
  ASSERT_FALSE(purpose.has_value());
  EXPECT_EQ(purpose.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace warroom::core::auth
