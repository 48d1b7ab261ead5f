#include "server/core/audit/audit_chain.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace warroom::core {
namespace {

using ::testing::HasSubstr;

AuditKey KeyFilledWith(unsigned char byte) {
  std::array<unsigned char, AuditKey::kBytes> bytes{};
  bytes.fill(byte);
  return AuditKey(bytes);
}

const AuditKey& Key() {
  static const AuditKey key = KeyFilledWith(0x5a);
  return key;
}

AuditEntry Row(std::int64_t seq) {
  AuditEntry e;
  e.seq = seq;
  e.at = "2024-05-01T12:00:" + std::string(seq < 10 ? "0" : "") + std::to_string(seq) + "Z";
  e.actor_user_id = 42;
  e.actor_label = "jane.doe@stadt.example";
  e.action = "organisation.update";
  e.object_type = "organisation";
  e.object_id = "7";
  e.organisation_id = 7;
  e.before_json = R"({"name":"Old"})";
  e.after_json = R"({"name":"New )" + std::to_string(seq) + R"("})";
  return e;
}

// A correctly chained log of `n` rows, seq 1..n.
std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> rows;
  std::string prev(kAuditGenesisHash);
  for (int i = 1; i <= n; ++i) {
    rows.push_back(SealAuditEntry(Key(), Row(i), prev));
    prev = rows.back().hash;
  }
  return rows;
}

struct Found {
  AuditProblemKind kind;
  std::int64_t seq;
  bool operator==(const Found&) const = default;
};

std::vector<Found> Problems(const AuditReport& report) {
  std::vector<Found> out;
  for (const AuditProblem& p : report.problems) {
    out.push_back({p.kind, p.seq});
  }
  return out;
}

void PrintTo(const Found& f, std::ostream* os) {
  *os << AuditProblemKindName(f.kind) << "@" << f.seq;
}

TEST(AuditChainTest, GenesisIsSixtyFourZeros) {
  EXPECT_EQ(kAuditGenesisHash.size(), 64u);
  EXPECT_EQ(kAuditGenesisHash.find_first_not_of('0'), std::string_view::npos);
}

TEST(AuditChainTest, HashIsLowerHexHmacSha256AndDeterministic) {
  const AuditEntry e = Row(1);
  const std::string h = ComputeAuditHash(Key(), e, kAuditGenesisHash);
  EXPECT_THAT(h, ::testing::MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(h, ComputeAuditHash(Key(), e, kAuditGenesisHash));
  EXPECT_NE(h, ComputeAuditHash(Key(), e, std::string(64, '1')));
  // The stored prev_hash/hash fields do not take part: prev_hash is passed explicitly.
  AuditEntry with_fields = e;
  with_fields.prev_hash = "junk";
  with_fields.hash = "junk";
  EXPECT_EQ(ComputeAuditHash(Key(), with_fields, kAuditGenesisHash), h);
}

TEST(AuditChainTest, CanonicalBytesAreLengthPrefixed) {
  const AuditEntry e = Row(1);
  const std::string bytes = CanonicalAuditBytes(e, kAuditGenesisHash);
  // Starts with the length of the version tag and the tag itself.
  EXPECT_EQ(bytes.substr(0, 8), std::string("\0\0\0\0\0\0\0\x10", 8));
  EXPECT_EQ(bytes.substr(8, 16), "warroom.audit.v2");
  // seq 1 as 8-byte big-endian follows.
  EXPECT_EQ(bytes.substr(24, 8), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_THAT(bytes, HasSubstr("organisation.update"));
}

TEST(AuditChainTest, FieldBoundariesCannotBeShifted) {
  AuditEntry a = Row(1);
  AuditEntry b = Row(1);
  a.action = "ab";
  a.object_type = "c";
  b.action = "a";
  b.object_type = "bc";
  EXPECT_NE(ComputeAuditHash(Key(), a, kAuditGenesisHash),
            ComputeAuditHash(Key(), b, kAuditGenesisHash));
  a = Row(1);
  b = Row(1);
  a.before_json = "";
  a.after_json = "x";
  b.before_json = "x";
  b.after_json = "";
  EXPECT_NE(ComputeAuditHash(Key(), a, kAuditGenesisHash),
            ComputeAuditHash(Key(), b, kAuditGenesisHash));
  // Embedded NUL bytes are content, not terminators.
  a = Row(1);
  b = Row(1);
  a.object_id = std::string("7\0", 2);
  EXPECT_NE(ComputeAuditHash(Key(), a, kAuditGenesisHash),
            ComputeAuditHash(Key(), b, kAuditGenesisHash));
}

TEST(AuditChainTest, ValidChainHasNoProblems) {
  const auto rows = Chain(5);
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_TRUE(report.IsValid());
  EXPECT_EQ(report.entries_checked, 5);
  EXPECT_EQ(report.last_seq, 5);
  EXPECT_EQ(report.last_hash, rows.back().hash);
  EXPECT_EQ(rows.front().prev_hash, kAuditGenesisHash);
  EXPECT_EQ(rows[1].prev_hash, rows[0].hash);
}

TEST(AuditChainTest, EmptyChainIsValid) {
  const AuditReport report = VerifyChain(Key(), {});
  EXPECT_TRUE(report.IsValid());
  EXPECT_EQ(report.entries_checked, 0);
  EXPECT_EQ(report.last_seq, 0);
  EXPECT_EQ(report.last_hash, kAuditGenesisHash);
}

TEST(AuditChainTest, TamperingWithAnyFieldIsAnAlteredRow) {
  const std::vector<std::pair<const char*, std::function<void(AuditEntry&)>>> tamperings = {
      {"at", [](AuditEntry& e) { e.at = "2024-05-01T11:00:03Z"; }},
      {"actor_user_id", [](AuditEntry& e) { e.actor_user_id = 0; }},
      {"actor_label", [](AuditEntry& e) { e.actor_label = "system"; }},
      {"action", [](AuditEntry& e) { e.action = "organisation.read"; }},
      {"object_type", [](AuditEntry& e) { e.object_type = "user"; }},
      {"object_id", [](AuditEntry& e) { e.object_id = "8"; }},
      {"organisation_id", [](AuditEntry& e) { e.organisation_id = 8; }},
      {"before_json", [](AuditEntry& e) { e.before_json = "{}"; }},
      {"after_json", [](AuditEntry& e) { e.after_json += " "; }},
  };
  for (const auto& [field, tamper] : tamperings) {
    auto rows = Chain(5);
    tamper(rows[2]);
    const AuditReport report = VerifyChain(Key(), rows);
    EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kAlteredRow, 3}})) << field;
    EXPECT_THAT(report.problems.at(0).detail, HasSubstr("seq 3")) << field;
  }
}

TEST(AuditChainTest, TamperingWithSeqIsDetected) {
  auto rows = Chain(5);
  rows[2].seq = 30;
  EXPECT_EQ(Problems(VerifyChain(Key(), rows)),
            (std::vector<Found>{{AuditProblemKind::kAlteredRow, 30},
                                {AuditProblemKind::kMissingRows, 30},
                                {AuditProblemKind::kOutOfOrder, 4},
                                {AuditProblemKind::kOutOfOrder, 5}}));
}

TEST(AuditChainTest, TamperingWithStoredHashes) {
  auto rows = Chain(5);
  rows[2].prev_hash = std::string(64, 'a');
  EXPECT_EQ(
      Problems(VerifyChain(Key(), rows)),
      (std::vector<Found>{{AuditProblemKind::kAlteredRow, 3}, {AuditProblemKind::kChainBreak, 3}}));
  rows = Chain(5);
  rows[2].hash = std::string(64, 'a');
  EXPECT_EQ(
      Problems(VerifyChain(Key(), rows)),
      (std::vector<Found>{{AuditProblemKind::kAlteredRow, 3}, {AuditProblemKind::kChainBreak, 4}}));
}

TEST(AuditChainTest, AlteredAndRehashedRowBreaksTheNextLink) {
  auto rows = Chain(5);
  rows[2].after_json = R"({"name":"Forged"})";
  rows[2] = SealAuditEntry(Key(), rows[2], rows[2].prev_hash);
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kChainBreak, 4}}));
  EXPECT_THAT(report.problems[0].detail, HasSubstr("seq 3"));
}

TEST(AuditChainTest, DeletedFirstRow) {
  auto rows = Chain(5);
  rows.erase(rows.begin());
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kMissingRows, 2},
                                                  {AuditProblemKind::kChainBreak, 2}}));
  EXPECT_EQ(report.problems[0].detail, "seq 1 is missing before seq 2");
  EXPECT_THAT(report.problems[1].detail, HasSubstr("genesis"));
}

TEST(AuditChainTest, DeletedMiddleRow) {
  auto rows = Chain(5);
  rows.erase(rows.begin() + 2);
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kMissingRows, 4},
                                                  {AuditProblemKind::kChainBreak, 4}}));
  EXPECT_EQ(report.problems[0].detail, "seq 3 is missing before seq 4");
}

TEST(AuditChainTest, DeletedRangeOfRows) {
  auto rows = Chain(6);
  rows.erase(rows.begin() + 1, rows.begin() + 4);  // seq 2, 3, 4
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kMissingRows, 5},
                                                  {AuditProblemKind::kChainBreak, 5}}));
  EXPECT_EQ(report.problems[0].detail, "seq 2 to 4 are missing before seq 5");
}

TEST(AuditChainTest, DeletedLastRowNeedsTheAnchor) {
  auto rows = Chain(5);
  const std::int64_t anchor_seq = rows.back().seq;
  const std::string anchor_hash = rows.back().hash;
  rows.pop_back();
  // The chain alone is still valid...
  EXPECT_TRUE(VerifyChain(Key(), rows).IsValid());
  // ...but the anchor shows the truncation.
  const auto problem = VerifyAnchor(rows.back(), anchor_seq, anchor_hash);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->kind, AuditProblemKind::kAnchorMismatch);
  EXPECT_EQ(problem->seq, 4);
  EXPECT_THAT(problem->detail, HasSubstr("seq 4"));
  EXPECT_THAT(problem->detail, HasSubstr("seq 5"));
  EXPECT_THAT(problem->detail, HasSubstr("deleted"));
}

TEST(AuditChainTest, VerifyAnchorCases) {
  const auto rows = Chain(3);
  EXPECT_FALSE(VerifyAnchor(rows[2], 3, rows[2].hash).has_value());
  const auto replaced = VerifyAnchor(rows[2], 3, std::string(64, 'f'));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_THAT(replaced->detail, HasSubstr("replaced"));
  const auto appended = VerifyAnchor(rows[2], 2, rows[1].hash);
  ASSERT_TRUE(appended.has_value());
  EXPECT_THAT(appended->detail, HasSubstr("without updating the anchor"));
}

TEST(AuditChainTest, CheckAnchorOnStreamAndEmptyLog) {
  const auto rows = Chain(3);
  ChainVerifier verifier(Key());
  for (const auto& r : rows) {
    verifier.Add(r);
  }
  verifier.CheckAnchor(3, rows[2].hash);
  EXPECT_TRUE(verifier.Report().IsValid());

  ChainVerifier empty(Key());
  empty.CheckAnchor(0, kAuditGenesisHash);
  EXPECT_TRUE(empty.Report().IsValid());
  ChainVerifier wiped(Key());
  wiped.CheckAnchor(3, rows[2].hash);  // every row was deleted
  EXPECT_EQ(Problems(wiped.Report()), (std::vector<Found>{{AuditProblemKind::kAnchorMismatch, 0}}));
}

TEST(AuditChainTest, InsertedRowWithDuplicateSeq) {
  auto rows = Chain(5);
  // A forged row chained correctly onto seq 2 and given seq 3, placed before the real 3.
  AuditEntry forged = Row(3);
  forged.action = "user.delete";
  forged = SealAuditEntry(Key(), forged, rows[1].hash);
  rows.insert(rows.begin() + 2, forged);
  EXPECT_EQ(
      Problems(VerifyChain(Key(), rows)),
      (std::vector<Found>{{AuditProblemKind::kOutOfOrder, 3}, {AuditProblemKind::kChainBreak, 3}}));
}

TEST(AuditChainTest, InsertedRowWithRenumberedSuccessors) {
  auto rows = Chain(5);
  AuditEntry forged = SealAuditEntry(Key(), Row(3), rows[1].hash);
  rows.insert(rows.begin() + 2, forged);
  for (std::size_t i = 3; i < rows.size(); ++i) {
    rows[i].seq = static_cast<std::int64_t>(i) + 1;  // renumbered, not re-hashed
  }
  EXPECT_EQ(Problems(VerifyChain(Key(), rows)),
            (std::vector<Found>{{AuditProblemKind::kAlteredRow, 4},
                                {AuditProblemKind::kChainBreak, 4},
                                {AuditProblemKind::kAlteredRow, 5},
                                {AuditProblemKind::kAlteredRow, 6}}));
}

TEST(AuditChainTest, FullyRewrittenTailIsCaughtOnlyByTheAnchor) {
  auto rows = Chain(5);
  const std::string anchor_hash = rows.back().hash;
  // An attacker with write access inserts a row and re-seals everything after it.
  std::vector<AuditEntry> forged(rows.begin(), rows.begin() + 2);
  std::string prev = forged.back().hash;
  for (int seq = 3; seq <= 6; ++seq) {
    AuditEntry e = Row(seq);
    if (seq == 3) {
      e.action = "user.grant_admin";
    }
    forged.push_back(SealAuditEntry(Key(), e, prev));
    prev = forged.back().hash;
  }
  EXPECT_TRUE(VerifyChain(Key(), forged).IsValid());
  EXPECT_TRUE(VerifyAnchor(forged.back(), 5, anchor_hash).has_value());
}

TEST(AuditChainTest, SwappedRowsAreReordered) {
  auto rows = Chain(5);
  std::swap(rows[1], rows[2]);  // order 1, 3, 2, 4, 5
  const AuditReport report = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kMissingRows, 3},
                                                  {AuditProblemKind::kChainBreak, 3},
                                                  {AuditProblemKind::kOutOfOrder, 2},
                                                  {AuditProblemKind::kChainBreak, 2},
                                                  {AuditProblemKind::kChainBreak, 4}}));
  EXPECT_EQ(report.problems[2].detail, "seq 2 follows seq 3: rows are reordered or duplicated");
}

TEST(AuditChainTest, SwappedContentsKeepingSeqAreAlteredRows) {
  auto rows = Chain(5);
  std::swap(rows[1].after_json, rows[2].after_json);
  EXPECT_EQ(
      Problems(VerifyChain(Key(), rows)),
      (std::vector<Found>{{AuditProblemKind::kAlteredRow, 2}, {AuditProblemKind::kAlteredRow, 3}}));
}

TEST(AuditChainTest, DuplicatedRow) {
  auto rows = Chain(3);
  rows.insert(rows.begin() + 1, rows[1]);  // 1, 2, 2, 3
  EXPECT_EQ(
      Problems(VerifyChain(Key(), rows)),
      (std::vector<Found>{{AuditProblemKind::kOutOfOrder, 2}, {AuditProblemKind::kChainBreak, 2}}));
}

TEST(AuditChainTest, StreamingMatchesConvenienceFunction) {
  auto rows = Chain(50);
  rows[10].actor_label = "someone else";
  rows.erase(rows.begin() + 30);
  ChainVerifier verifier(Key());
  for (const auto& r : rows) {
    verifier.Add(r);
  }
  const AuditReport streamed = verifier.Report();
  const AuditReport batch = VerifyChain(Key(), rows);
  EXPECT_EQ(Problems(streamed), Problems(batch));
  EXPECT_EQ(streamed.entries_checked, 49);
  EXPECT_EQ(streamed.last_seq, 50);
}

TEST(AuditChainTest, ResumesFromCheckpoint) {
  const auto rows = Chain(6);
  ChainVerifier verifier(Key(), 3, rows[2].hash);
  for (std::size_t i = 3; i < rows.size(); ++i) {
    verifier.Add(rows[i]);
  }
  EXPECT_TRUE(verifier.Report().IsValid());
  ChainVerifier wrong(Key(), 3, std::string(kAuditGenesisHash));
  wrong.Add(rows[3]);
  EXPECT_EQ(Problems(wrong.Report()), (std::vector<Found>{{AuditProblemKind::kChainBreak, 4}}));
}

TEST(AuditChainTest, ProblemsAreCapped) {
  auto rows = Chain(20);
  for (auto& r : rows) {
    r.actor_label = "tampered";
  }
  ChainVerifier verifier(Key(), /*max_problems=*/5);
  for (const auto& r : rows) {
    verifier.Add(r);
  }
  EXPECT_EQ(verifier.Report().problems.size(), 5u);
  EXPECT_EQ(verifier.Report().problems_dropped, 15);
  EXPECT_FALSE(verifier.Report().IsValid());
}

TEST(AuditChainTest, ProblemKindNames) {
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kAlteredRow), "altered_row");
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kMissingRows), "missing_rows");
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kChainBreak), "chain_break");
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kOutOfOrder), "out_of_order");
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kAnchorMismatch), "anchor_mismatch");
  EXPECT_EQ(AuditProblemKindName(AuditProblemKind::kKeyMismatch), "key_mismatch");
}

// Issue "Foundation, second pass" 4: with an unkeyed chain, whoever could write the
// database could rewrite the newest rows and the head with recomputed hashes.
TEST(AuditChainTest, RewrittenNewestRowWithARecomputedUnkeyedHashIsAltered) {
  auto rows = Chain(5);
  AuditEntry forged = Row(5);
  forged.after_json = R"({"name":"forged"})";
  // What the attacker can compute without the key: the published, unkeyed scheme.
  forged.prev_hash = rows[3].hash;
  forged.hash = ComputeLegacyAuditHash(forged, forged.prev_hash);
  rows[4] = forged;
  ChainVerifier verifier(Key());
  for (const auto& r : rows) verifier.Add(r);
  verifier.CheckAnchor(5, forged.hash);  // the head rewritten to match
  EXPECT_EQ(Problems(verifier.Report()), (std::vector<Found>{{AuditProblemKind::kAlteredRow, 5}}));
}

TEST(AuditChainTest, AnotherKeyFindsEveryRowAlteredAndTheKeyIdDiffers) {
  const auto rows = Chain(3);
  const AuditKey other = KeyFilledWith(0x01);
  ChainVerifier verifier(other);
  for (const auto& r : rows) verifier.Add(r);
  verifier.CheckKeyId(Key().Id());
  EXPECT_EQ(Problems(verifier.Report()), (std::vector<Found>{{AuditProblemKind::kAlteredRow, 1},
                                                             {AuditProblemKind::kAlteredRow, 2},
                                                             {AuditProblemKind::kAlteredRow, 3},
                                                             {AuditProblemKind::kKeyMismatch, 3}}));
  ChainVerifier right(Key());
  right.CheckKeyId(Key().Id());
  right.CheckKeyId("");
  EXPECT_EQ(Problems(right.Report()), (std::vector<Found>{{AuditProblemKind::kKeyMismatch, 0}}));
}

TEST(AuditChainTest, KeyIdNamesTheKeyWithoutRevealingIt) {
  EXPECT_THAT(Key().Id(), ::testing::MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(Key().Id(), KeyFilledWith(0x01).Id());
  EXPECT_EQ(Key().Id(), KeyFilledWith(0x5a).Id());
  EXPECT_EQ(Key().Id().find("5a5a"), std::string::npos);
}

TEST(AuditChainTest, UnkeyedVerifierChecksChainsFromBeforeTheKey) {
  std::vector<AuditEntry> rows;
  std::string prev(kAuditGenesisHash);
  for (int i = 1; i <= 3; ++i) {
    AuditEntry e = Row(i);
    e.prev_hash = prev;
    e.hash = ComputeLegacyAuditHash(e, prev);
    prev = e.hash;
    rows.push_back(e);
  }
  ChainVerifier legacy = ChainVerifier::Unkeyed();
  for (const auto& r : rows) legacy.Add(r);
  EXPECT_TRUE(legacy.Report().IsValid());
  EXPECT_FALSE(VerifyChain(Key(), rows).IsValid());
}

TEST(AuditChainTest, AnchorsFormatAndParse) {
  const std::string mac(64, 'a');
  EXPECT_EQ(FormatAuditAnchor({12, mac}), "12:" + mac);
  auto parsed = ParseAuditAnchor("12:" + std::string(64, 'A'));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->seq, 12);
  EXPECT_EQ(parsed->hash, mac);
  for (const std::string& bad : std::vector<std::string>{
           "", "12", ":" + mac, "0:" + mac, "-1:" + mac, "x:" + mac, "12:" + std::string(63, 'a'),
           "12:" + std::string(64, 'g'), "12 :" + mac}) {
    EXPECT_FALSE(ParseAuditAnchor(bad).has_value()) << bad;
  }
}

TEST(AuditChainTest, RequiredEntryFailsAfterTruncationOrRewrite) {
  const auto rows = Chain(6);
  const AuditAnchor kept{4, rows[3].hash};
  auto verify = [&](const std::vector<AuditEntry>& chain) {
    ChainVerifier verifier(Key());
    verifier.RequireEntry(kept);
    for (const auto& r : chain) verifier.Add(r);
    verifier.CheckRequiredEntry();
    return verifier.Report();
  };
  EXPECT_TRUE(verify(rows).IsValid());
  // Truncated to seq 3: a valid chain, but the anchor is gone.
  const std::vector<AuditEntry> truncated(rows.begin(), rows.begin() + 3);
  EXPECT_EQ(Problems(verify(truncated)),
            (std::vector<Found>{{AuditProblemKind::kAnchorMismatch, 4}}));
  // Rewritten from seq 4 on (even if re-sealed with the key): another MAC at seq 4.
  std::vector<AuditEntry> rewritten(rows.begin(), rows.begin() + 3);
  std::string prev = rewritten.back().hash;
  for (int seq = 4; seq <= 6; ++seq) {
    AuditEntry e = Row(seq);
    e.action = "user.grant_admin";
    rewritten.push_back(SealAuditEntry(Key(), e, prev));
    prev = rewritten.back().hash;
  }
  const auto report = verify(rewritten);
  EXPECT_EQ(Problems(report), (std::vector<Found>{{AuditProblemKind::kAnchorMismatch, 4}}));
  EXPECT_THAT(report.problems[0].detail, HasSubstr("rewritten"));
}

}  // namespace
}  // namespace warroom::core
