// AuditStore on both engines: the chain is keyed, so a writer of the database without
// the key cannot re-seal rows; another key is named as such; an operator's anchor
// catches truncation and rewrites; a chain from before keying is re-keyed once.
#include "server/storage/repositories/audit_store.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using core::AuditProblemKind;
using testing::EngineTest;

core::AuditKey KeyFilledWith(unsigned char byte) {
  std::array<unsigned char, core::AuditKey::kBytes> bytes{};
  bytes.fill(byte);
  return core::AuditKey(bytes);
}

bool Has(const core::AuditReport& report, AuditProblemKind kind, int64_t seq) {
  for (const auto& p : report.problems) {
    if (p.kind == kind && p.seq == seq) return true;
  }
  return false;
}

std::string Describe(const core::AuditReport& report) {
  std::string out;
  for (const auto& p : report.problems) {
    out += std::string(core::AuditProblemKindName(p.kind)) + "@" + std::to_string(p.seq) + ": " +
           p.detail + "\n";
  }
  return out;
}

class AuditStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The first sealing names the key in the head, as opening a deployment does.
    ASSERT_TRUE(db_->Write(
        [&](Tx& tx) -> Status { return StatusOf(AuditStore(tx, key_).SealUnkeyedChain(1000)); }));
    for (int i = 1; i <= 5; ++i) Append("organisation.update", i);
  }

  void Append(const std::string& action, int i) {
    AuditRecord rec;
    rec.actor_label = "test";
    rec.action = action;
    rec.object_type = "organisation";
    rec.object_id = std::to_string(i);
    rec.after_json = R"({"name":"Org )" + std::to_string(i) + R"("})";
    ASSERT_TRUE(db_->Write(
        [&](Tx& tx) -> Status { return StatusOf(AuditStore(tx, key_).Append(rec, 1000 + i)); }));
  }

  core::AuditReport Verify(const core::AuditKey& key,
                           const std::optional<core::AuditAnchor>& anchor = {}) {
    core::AuditReport report;
    auto ok = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(report, AuditStore(tx, key).Verify(anchor));
      return Ok();
    });
    EXPECT_TRUE(ok) << ok.error().message;
    return report;
  }

  core::AuditAnchor Head() {
    core::AuditAnchor head;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(head, AuditStore(tx, key_).Head());
      return Ok();
    }));
    return head;
  }

  core::AuditEntry Entry(int64_t seq) {
    core::AuditEntry entry;
    EXPECT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(auto newest, AuditStore(tx, key_).List(
                                           {core::DirectoryScope::Kind::kAll, 0}, seq + 1, 1));
      if (newest.empty() || newest[0].seq != seq) return Error::NotFound("no such entry");
      entry = newest[0];
      return Ok();
    }));
    return entry;
  }

  void Exec(const std::string& sql, const Params& params) {
    ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status { return StatusOf(tx.Exec(sql, params)); }));
  }

  const core::AuditKey key_ = KeyFilledWith(0x42);
};

TEST_P(AuditStoreTest, KeyedChainIsIntactAndNamesItsKey) {
  const auto report = Verify(key_);
  EXPECT_TRUE(report.IsValid()) << Describe(report);
  EXPECT_EQ(report.entries_checked, 5);
  EXPECT_EQ(Head().seq, 5);
  EXPECT_EQ(Head().hash, Entry(5).hash);
}

// Issue "Foundation, second pass" 4: whoever could write the database could rewrite the
// newest row and the head with a recomputed (unkeyed) hash, and verify said intact.
TEST_P(AuditStoreTest, RewrittenNewestRowAndHeadWithAnUnkeyedHashAreDetected) {
  core::AuditEntry forged = Entry(5);
  forged.after_json = R"({"name":"forged"})";
  forged.hash = core::ComputeLegacyAuditHash(forged, forged.prev_hash);
  Exec("UPDATE audit_log SET after_json = $1, hash = $2 WHERE seq = 5",
       {forged.after_json, forged.hash});
  Exec("UPDATE audit_head SET hash = $1 WHERE id = 1", {forged.hash});
  const auto report = Verify(key_);
  EXPECT_FALSE(report.IsValid());
  EXPECT_TRUE(Has(report, AuditProblemKind::kAlteredRow, 5)) << Describe(report);
}

TEST_P(AuditStoreTest, AnotherKeyIsDetectedAndNamed) {
  const core::AuditKey other = KeyFilledWith(0x07);
  const auto report = Verify(other);
  EXPECT_FALSE(report.IsValid());
  EXPECT_TRUE(Has(report, AuditProblemKind::kKeyMismatch, 5)) << Describe(report);
  EXPECT_TRUE(Has(report, AuditProblemKind::kAlteredRow, 1)) << Describe(report);
}

TEST_P(AuditStoreTest, OperatorAnchorFailsAfterTruncationAndRewrite) {
  const core::AuditAnchor kept = Head();  // seq 5, kept by the operator
  EXPECT_TRUE(Verify(key_, kept).IsValid());
  Append("organisation.update", 6);
  EXPECT_TRUE(Verify(key_, kept).IsValid()) << "later appends keep an anchor valid";

  // Truncated to seq 4 with the head moved back to match: only the anchor sees it.
  const core::AuditEntry fourth = Entry(4);
  Exec("DELETE FROM audit_log WHERE seq > 4", {});
  Exec("UPDATE audit_head SET seq = 4, hash = $1 WHERE id = 1", {fourth.hash});
  EXPECT_TRUE(Verify(key_).IsValid());
  const auto truncated = Verify(key_, kept);
  EXPECT_TRUE(Has(truncated, AuditProblemKind::kAnchorMismatch, 5)) << Describe(truncated);
}

TEST_P(AuditStoreTest, OperatorAnchorFailsAfterARewriteOfItsRow) {
  const core::AuditAnchor kept = Head();
  Exec("UPDATE audit_log SET hash = $1 WHERE seq = 5", {std::string(64, 'e')});
  const auto report = Verify(key_, kept);
  EXPECT_TRUE(Has(report, AuditProblemKind::kAnchorMismatch, 5)) << Describe(report);
}

TEST_P(AuditStoreTest, AppendWithoutAKeyFails) {
  Status s = db_->Write([&](Tx& tx) -> Status {
    AuditRecord rec;
    rec.actor_label = "test";
    rec.action = "x";
    rec.object_type = "y";
    return StatusOf(AuditStore(tx).Append(rec, 1));
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
}

TEST_P(AuditStoreTest, TheDatabaseKeyReachesEveryTransaction) {
  db_->SetAuditKey(std::make_shared<const core::AuditKey>(key_));
  core::AuditReport report;
  ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(report, AuditStore(tx).Verify());
    return Ok();
  }));
  EXPECT_TRUE(report.IsValid()) << Describe(report);
}

// The migration: a chain written before keying (unkeyed SHA-256, no key in the head) is
// re-keyed once; what the unkeyed check found stays on record in the chain.
TEST_P(AuditStoreTest, UnkeyedChainIsReKeyedOnceWithItsFindingsOnRecord) {
  // Turn the chain back into what a deployment from before keying holds.
  std::string prev(core::kAuditGenesisHash);
  for (int64_t seq = 1; seq <= 5; ++seq) {
    core::AuditEntry e = Entry(seq);
    e.prev_hash = prev;
    e.hash = core::ComputeLegacyAuditHash(e, prev);
    prev = e.hash;
    Exec("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3",
         {e.prev_hash, e.hash, seq});
  }
  Exec("UPDATE audit_head SET hash = $1, key_id = NULL WHERE id = 1", {prev});
  Exec("UPDATE audit_log SET after_json = '{}' WHERE seq = 2", {});  // tampered back then
  EXPECT_FALSE(Verify(key_).IsValid());

  AuditKeying keying;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(keying, AuditStore(tx, key_).SealUnkeyedChain(9000));
    return Ok();
  }));
  EXPECT_TRUE(keying.sealed_now);
  EXPECT_EQ(keying.legacy_rows, 5);
  EXPECT_TRUE(Has(keying.legacy, AuditProblemKind::kAlteredRow, 2)) << Describe(keying.legacy);
  const auto report = Verify(key_);
  EXPECT_TRUE(report.IsValid()) << Describe(report);
  const core::AuditEntry note = Entry(6);
  EXPECT_EQ(note.action, "audit.keyed");
  EXPECT_NE(note.after_json.find("altered_row"), std::string::npos) << note.after_json;

  // Done once: again with the same key changes nothing; another key is refused.
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(keying, AuditStore(tx, key_).SealUnkeyedChain(9001));
    return Ok();
  }));
  EXPECT_FALSE(keying.sealed_now);
  EXPECT_EQ(Head().seq, 6);
  const core::AuditKey other = KeyFilledWith(0x07);
  Status refused = db_->Write(
      [&](Tx& tx) -> Status { return StatusOf(AuditStore(tx, other).SealUnkeyedChain(9002)); });
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict) << refused.error().message;
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
