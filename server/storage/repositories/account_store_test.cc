// AccountStore on both engines: the account, session and link states are enums in the
// code and their old text in the database; a stored value the code does not know is an
// error on read, never a default; the person of an account is shown on the person and
// holds at most one account.
#include "server/storage/repositories/account_store.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "server/storage/repositories/directory_store.h"
#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using core::auth::AccountStatus;
using core::auth::LinkPurpose;
using core::auth::SessionStage;
using testing::EngineTest;

constexpr int64_t kNow = 1'800'000'000'000;
const core::DirectoryScope kAll{core::DirectoryScope::Kind::kAll, 0};

class AccountStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const Status s = db_->Write([&](Tx& tx) -> Status {
      DirectoryStore dir(tx);
      core::Organisation o;
      o.kind = core::OrganisationKind::kMunicipality;
      o.name_nl = "Proefgemeente";
      WR_ASSIGN_OR_RETURN(core::Organisation org, dir.InsertOrganisation(o, kNow));
      org_ = org.id;
      core::Person p;
      p.organisation_id = org_;
      p.full_name = "Jan Peeters";
      WR_ASSIGN_OR_RETURN(core::Person person, dir.InsertPerson(p, kNow));
      person_ = person.id;
      UserRecord u;
      u.email = "jan@test.example";
      u.display_name = "Jan Peeters";
      u.role = core::Role::kMember;
      u.organisation_id = org_;
      u.person_id = person_;
      u.status = AccountStatus::kActive;
      WR_ASSIGN_OR_RETURN(UserRecord user, AccountStore(tx).InsertUser(u, kNow));
      user_ = user.id;
      return Ok();
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }

  Status Exec(const std::string& sql, const Params& params) {
    return db_->Write([&](Tx& tx) -> Status { return StatusOf(tx.Exec(sql, params)); });
  }

  int64_t org_ = 0;
  int64_t person_ = 0;
  int64_t user_ = 0;
};

TEST_P(AccountStoreTest, StatesAreStoredAsTheirTextAndReadBackAsEnums) {
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
                   AccountStore store(tx);
                   SessionRecord s;
                   s.id_hash = std::string(64, 'a');
                   s.user_id = user_;
                   s.stage = SessionStage::kTotpEnrolment;
                   s.csrf_token = "csrf";
                   s.created_at = s.last_seen_at = kNow;
                   s.expires_at = kNow + 1000;
                   WR_RETURN_IF_ERROR(store.InsertSession(s));
                   AccountLinkRecord l{
                       std::string(64, 'b'), user_,       LinkPurpose::kPasswordReset, kNow,
                       kNow + 1000,          std::nullopt};
                   return store.InsertLink(l);
                 })
                  .has_value());
  Status read = db_->Read([&](Tx& tx) -> Status {
    AccountStore store(tx);
    WR_ASSIGN_OR_RETURN(auto user, store.FindUser(user_));
    EXPECT_TRUE(user && user->status == AccountStatus::kActive);
    WR_ASSIGN_OR_RETURN(auto session, store.FindSessionWithUser(std::string(64, 'a')));
    EXPECT_TRUE(session && session->session.stage == SessionStage::kTotpEnrolment);
    WR_ASSIGN_OR_RETURN(auto link, store.FindLink(std::string(64, 'b')));
    EXPECT_TRUE(link && link->purpose == LinkPurpose::kPasswordReset);
    WR_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT u.status, s.stage, l.purpose FROM users u "
                                            "JOIN sessions s ON s.user_id = u.id "
                                            "JOIN account_links l ON l.user_id = u.id",
                                            {}));
    EXPECT_EQ(rows.at(0).Text(0), "active");
    EXPECT_EQ(rows.at(0).Text(1), "totp_enrolment");
    EXPECT_EQ(rows.at(0).Text(2), "password_reset");
    return Ok();
  });
  EXPECT_TRUE(read.has_value()) << read.error().message;
}

TEST_P(AccountStoreTest, AnUnknownStoredStatusIsAnErrorNotADefault) {
  ASSERT_TRUE(Exec("UPDATE users SET status = 'suspended' WHERE id = $1", {user_}).has_value());
  Status read = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto user, AccountStore(tx).FindUser(user_));
    return Ok();
  });
  ASSERT_FALSE(read.has_value()) << "a status the code does not know was read as a default";
  EXPECT_EQ(read.error().code, ErrorCode::kInternal);
  EXPECT_NE(read.error().message.find("suspended"), std::string::npos) << read.error().message;
  // The person showing the account fails the same way.
  Status person = db_->Read(
      [&](Tx& tx) -> Status { return StatusOf(DirectoryStore(tx).FindPerson(person_, kAll)); });
  ASSERT_FALSE(person.has_value());
  EXPECT_EQ(person.error().code, ErrorCode::kInternal);
}

TEST_P(AccountStoreTest, APersonShowsItsAccountAndHoldsOnlyOne) {
  Status read = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(auto person, DirectoryStore(tx).FindPerson(person_, kAll));
    EXPECT_TRUE(person && person->account);
    if (person && person->account) {
      EXPECT_EQ(person->account->id, user_);
      EXPECT_EQ(person->account->status, AccountStatus::kActive);
    }
    return Ok();
  });
  EXPECT_TRUE(read.has_value()) << read.error().message;
  Status second = db_->Write([&](Tx& tx) -> Status {
    UserRecord u;
    u.email = "jan.tweede@test.example";
    u.display_name = "Jan Tweede";
    u.role = core::Role::kMember;
    u.organisation_id = org_;
    u.person_id = person_;
    return StatusOf(AccountStore(tx).InsertUser(u, kNow));
  });
  ASSERT_FALSE(second.has_value()) << "two accounts linked to one person";
  EXPECT_EQ(second.error().code, ErrorCode::kConflict) << second.error().message;
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
