// Bulk inserts on both engines: the statement texts (renumbered rows, power-of-two chunks),
// every row stored with its own values across chunk boundaries, RETURNING from each chunk,
// the outbox's ids in the order of its messages, and a refusal that stores nothing.
#include "server/storage/repositories/bulk_insert.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/storage/repositories/outbox_store.h"
#include "server/storage/testing/test_database.h"

namespace warroom::storage {
namespace {

using testing::EngineTest;

constexpr int64_t kNow = 1'700'000'000'000;

constexpr BulkInsert kMails{
    "INSERT INTO outbox (channel, recipient, subject, body_text, status, "
    "attempts, created_at, next_attempt_at)",
    "('email', $1, $2, '', 'pending', 0, $3, $3)", 3, " RETURNING id, recipient"};

TEST(BulkInsertSqlTest, RowsAreRenumberedOneAfterAnother) {
  EXPECT_EQ(BulkInsertSql(kMails, 2),
            "INSERT INTO outbox (channel, recipient, subject, body_text, status, attempts, "
            "created_at, next_attempt_at) VALUES ('email', $1, $2, '', 'pending', 0, $3, $3), "
            "('email', $4, $5, '', 'pending', 0, $6, $6) RETURNING id, recipient");
  constexpr BulkInsert kWide{"INSERT INTO t (a)", "($1, $12)", 12};
  EXPECT_EQ(BulkInsertSql(kWide, 2), "INSERT INTO t (a) VALUES ($1, $12), ($13, $24)");
}

class BulkInsertTest : public EngineTest {};

TEST_P(BulkInsertTest, EveryRowIsStoredWithItsOwnValuesAcrossChunks) {
  // 256 + 128 + 16 + 4 + 2 + 1: six statements, each row's values its own.
  constexpr int kRows = 407;
  Params params;
  for (int i = 0; i < kRows; ++i) {
    params.insert(params.end(), {"r" + std::to_string(i) + "@example.org",
                                 "subject " + std::to_string(i), kNow + i});
  }
  Rows returned;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(returned, InsertMany(tx, kMails, std::move(params)));
    return Ok();
  }));
  ASSERT_EQ(returned.size(), static_cast<size_t>(kRows));
  Rows stored;
  ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        stored, tx.Query("SELECT recipient, subject, created_at FROM outbox ORDER BY id", {}));
    return Ok();
  }));
  ASSERT_EQ(stored.size(), static_cast<size_t>(kRows));
  for (int i = 0; i < kRows; ++i) {
    Row& r = stored[static_cast<size_t>(i)];
    EXPECT_EQ(r.TakeText(0), "r" + std::to_string(i) + "@example.org");
    EXPECT_EQ(r.TakeText(1), "subject " + std::to_string(i));
    EXPECT_EQ(r.Int(2), kNow + i);
  }
}

TEST_P(BulkInsertTest, PartialRowsAreRefusedAndAFailingChunkStoresNothing) {
  auto refused = db_->Write([&](Tx& tx) -> Status {
    return StatusOf(InsertMany(tx, kMails, {std::string("a@example.org"), std::string("s")}));
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);

  // The second chunk breaks NOT NULL: the transaction rolls back with the first chunk too.
  Params params;
  for (int i = 0; i < 300; ++i) {
    params.insert(params.end(), {std::string("r@example.org"), std::string("s"), kNow});
  }
  params[3 * 290 + 1] = nullptr;
  ASSERT_FALSE(db_->Write(
      [&](Tx& tx) -> Status { return StatusOf(InsertMany(tx, kMails, std::move(params))); }));
  int64_t count = -1;
  ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT COUNT(*) FROM outbox", {}));
    count = row.Int(0);
    return Ok();
  }));
  EXPECT_EQ(count, 0);
}

TEST_P(BulkInsertTest, OutboxIdsComeBackInTheOrderOfTheMessages) {
  // A message enqueued alone first, so that the bulk ids do not start at 1.
  std::vector<ports::OutboxMessage> messages;
  for (int i = 0; i < 700; ++i) {
    ports::OutboxMessage m;
    m.channel = "email";
    // Repeated addresses, as when a SPOC and a deputy share a mailbox.
    m.recipient = "p" + std::to_string(i % 350) + "@example.org";
    m.subject = "s" + std::to_string(i);
    m.body_text = "body " + std::to_string(i);
    if (i % 2 == 0) m.body_html = "<p>" + std::to_string(i) + "</p>";
    messages.push_back(m);
  }
  std::vector<int64_t> ids;
  ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
    ports::OutboxMessage first;
    first.channel = "email";
    first.recipient = "first@example.org";
    first.subject = "first";
    WR_RETURN_IF_ERROR(StatusOf(OutboxStore(tx).Enqueue(first, kNow)));
    WR_ASSIGN_OR_RETURN(ids, OutboxStore(tx).EnqueueMany(messages, kNow));
    return Ok();
  }));
  ASSERT_EQ(ids.size(), messages.size());
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  for (size_t i = 0; i < ids.size(); ++i) {
    Row row{std::vector<Value>{}};
    ASSERT_TRUE(db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT recipient, subject, body_text, body_html, "
                                           "status, next_attempt_at FROM outbox WHERE id = $1",
                                           {ids[i]}));
      return Ok();
    }));
    EXPECT_EQ(row.TakeText(0), messages[i].recipient);
    EXPECT_EQ(row.TakeText(1), messages[i].subject);
    EXPECT_EQ(row.TakeText(2), messages[i].body_text);
    EXPECT_EQ(row.TakeOptText(3), messages[i].body_html);
    EXPECT_EQ(row.TakeText(4), "pending");
    EXPECT_EQ(row.Int(5), kNow);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, BulkInsertTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace warroom::storage
