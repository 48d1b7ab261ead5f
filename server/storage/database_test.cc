#include "server/storage/database.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/testing/test_database.h"

extern char** environ;

namespace warroom::storage {
namespace {

using testing::EngineTest;

// The same DDL on both engines: DOUBLE PRECISION has REAL affinity on SQLite.
constexpr const char* kKvTable =
    "CREATE TABLE kv (k TEXT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT)";

// Set in the environment of the crash-writer child (see main).
constexpr const char* kCrashWriterEnv = "WARROOM_STORAGE_TEST_CRASH_WRITER_URL";

class DatabaseTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    ASSERT_TRUE(db_->Write([](Tx& tx) { return tx.ExecScript(kKvTable); }).has_value());
  }

  int64_t Count(const char* table) {
    int64_t n = -1;
    Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne(std::string("SELECT COUNT(*) FROM ") + table, {}));
      n = row.Int(0);
      return Ok();
    });
    EXPECT_TRUE(s.has_value()) << s.error().message;
    return n;
  }

  Status PutSetting(const std::string& key, const std::string& value) {
    return db_->Write([&](Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO settings (key, value) VALUES ($1, $2)", {key, value}));
      return Ok();
    });
  }
};

TEST_P(DatabaseTest, EngineMatchesUrl) { EXPECT_EQ(db_->engine(), GetParam()); }

TEST_P(DatabaseTest, Ping) { EXPECT_TRUE(db_->Ping().has_value()); }

TEST_P(DatabaseTest, InsertReturningId) {
  std::vector<int64_t> ids;
  Status s = db_->Write([&](Tx& tx) -> Status {
    for (const char* name : {"Gent", "Liège"}) {
      WR_ASSIGN_OR_RETURN(
          Row row, tx.QueryOne("INSERT INTO organisations (kind, name_nl, name_sort, created_at, "
                               "updated_at) VALUES ($1, $2, $2, $3, $3) RETURNING id",
                               {std::string("municipality"), std::string(name), int64_t{1000}}));
      ids.push_back(row.Int(0));
    }
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_GT(ids[0], 0);
  EXPECT_GT(ids[1], ids[0]);
  s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        Row row, tx.QueryOne("SELECT name_nl, version FROM organisations WHERE id = $1", {ids[1]}));
    EXPECT_EQ(row.Text(0), "Liège");
    EXPECT_EQ(row.Int(1), 1);  // column default
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, OnConflictDoUpdate) {
  constexpr const char* kUpsert =
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value";
  for (const char* value : {"one", "two"}) {
    Status s = db_->Write([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne(kUpsert, {std::string("mode"), std::string(value)}));
      EXPECT_EQ(row.Text(0), value);
      return Ok();
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }
  EXPECT_EQ(Count("settings"), 1);
  Status s = db_->Read([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row,
                        tx.QueryOne("SELECT value FROM settings WHERE key = $1", {"mode"}));
    EXPECT_EQ(row.Text(0), "two");
    return Ok();
  });
  EXPECT_TRUE(s.has_value());
}

TEST_P(DatabaseTest, UniqueViolationIsConflictNamingTheConstraint) {
  ASSERT_TRUE(PutSetting("k", "v").has_value());
  Status s = PutSetting("k", "w");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict) << s.error().message;
  // SQLite: "UNIQUE constraint failed: settings.key"; PostgreSQL: settings_pkey.
  EXPECT_NE(s.error().message.find("settings"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().conflict_on, "key") << s.error().message;

  s = db_->Write([](Tx& tx) -> Status {
    for (int i = 0; i < 2; ++i) {
      WR_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO organisations (kind, nis_code, name_nl, name_sort, created_at, updated_at) "
          "VALUES ('municipality', '44021', 'Gent', 'gent', 0, 0)",
          {}));
    }
    return Ok();
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_NE(s.error().message.find("nis_code"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().conflict_on, "nis_code") << s.error().message;
  EXPECT_EQ(Count("organisations"), 0);

  // Several columns, as a caller compares them.
  s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(
        tx.Exec("CREATE TABLE pairs (a BIGINT NOT NULL, b TEXT NOT NULL, "
                "UNIQUE (a, b))",
                {}));
    for (int i = 0; i < 2; ++i) {
      WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO pairs (a, b) VALUES (1, 'x')", {}));
    }
    return Ok();
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().conflict_on, "a,b") << s.error().message;
}

TEST_P(DatabaseTest, ForeignKeyViolationIsConflict) {
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO provinces (nis_code, name_nl, name_fr, region_nis) VALUES ($1, $2, $2, $3)",
        {"40000", "Oost-Vlaanderen", "nowhere"}));
    return Ok();
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict) << s.error().message;
  std::string lower = s.error().message;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_NE(lower.find("foreign key"), std::string::npos) << s.error().message;
}

TEST_P(DatabaseTest, CheckViolationIsConflict) {
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')", {}));
    return Ok();
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict) << s.error().message;
}

TEST_P(DatabaseTest, ErrorFromFnRollsBack) {
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO settings (key, value) VALUES ('a', 'b')", {}));
    return Error::PreconditionFailed("changed my mind");
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(s.error().message, "changed my mind");
  EXPECT_EQ(Count("settings"), 0);
}

TEST_P(DatabaseTest, ThrowingFnRollsBackAndReturnsInternal) {
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO settings (key, value) VALUES ('a', 'b')", {}));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_NE(s.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(Count("settings"), 0);
  // The connection is usable afterwards.
  EXPECT_TRUE(PutSetting("a", "c").has_value());
  s = db_->Read([](Tx&) -> Status { throw std::runtime_error("read boom"); });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  EXPECT_EQ(Count("settings"), 1);
}

TEST_P(DatabaseTest, FailedStatementDoomsTheTransactionOnBothEngines) {
  ASSERT_TRUE(PutSetting("k", "v").has_value());
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO settings (key, value) VALUES ('other', 'x')", {}));
    auto dup = tx.Exec("INSERT INTO settings (key, value) VALUES ('k', 'x')", {});
    EXPECT_FALSE(dup.has_value());
    auto after = tx.Query("SELECT 1", {});
    EXPECT_FALSE(after.has_value());
    return Ok();  // ignores the failure: Write still reports it
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Count("settings"), 1);
}

// PostgreSQL sends BEGIN together with a transaction's first statement, and a read
// transaction's COMMIT without waiting for it: a transaction without statements, a
// failing first statement and reads that follow writes on one connection must all
// behave as on SQLite.
TEST_P(DatabaseTest, TransactionsWithoutStatementsReturnWhatFnReturns) {
  EXPECT_TRUE(db_->Write([](Tx&) -> Status { return Ok(); }).has_value());
  EXPECT_TRUE(db_->Read([](Tx&) -> Status { return Ok(); }).has_value());
  Status s = db_->Read([](Tx&) -> Status { return Error::NotFound("nothing"); });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(PutSetting("k", "v").has_value());
  EXPECT_EQ(Count("settings"), 1);
}

TEST_P(DatabaseTest, AFailingFirstStatementLeavesTheConnectionUsable) {
  for (int i = 0; i < 3; ++i) {
    Status s = db_->Read([](Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(tx.Query("SELECT no_such_column FROM settings", {}));
      return Ok();
    });
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, ErrorCode::kInternal);
    s = db_->Write([](Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO no_such_table VALUES (1)", {}));
      return Ok();
    });
    ASSERT_FALSE(s.has_value());
    EXPECT_TRUE(PutSetting("k" + std::to_string(i), "v").has_value());
    EXPECT_EQ(Count("settings"), i + 1);
  }
}

// A batch goes to PostgreSQL in one pipeline, with BEGIN when it starts the transaction.
TEST_P(DatabaseTest, ABatchReturnsEachStatementsRowsInOrder) {
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_TRUE(PutSetting(key, key + std::string("!")).has_value());
  }
  Status s = db_->Read([](Tx& tx) -> Status {
    for (int round = 0; round < 2; ++round) {  // first as the transaction's start, then inside it
      WR_ASSIGN_OR_RETURN(
          std::vector<Rows> results,
          tx.QueryBatch(
              {{"SELECT value FROM settings WHERE key = $1", {std::string("b")}},
               {"SELECT COUNT(*) FROM settings", {}},
               {"SELECT key FROM settings WHERE key > $1 ORDER BY key", {std::string("a")}},
               {"SELECT value FROM settings WHERE key = $1", {std::string("none")}}}));
      EXPECT_EQ(results.size(), 4U);
      if (results.size() != 4) return Ok();
      EXPECT_EQ(results[0].size(), 1U);
      if (!results[0].empty()) {
        EXPECT_EQ(results[0][0].Text(0), "b!");
      }
      EXPECT_EQ(results[1].at(0).Int(0), 3);
      EXPECT_EQ(results[2].size(), 2U);
      if (results[2].size() == 2) {
        EXPECT_EQ(results[2][0].Text(0), "b");
        EXPECT_EQ(results[2][1].Text(0), "c");
      }
      EXPECT_TRUE(results[3].empty());
    }
    WR_ASSIGN_OR_RETURN(std::vector<Rows> none, tx.QueryBatch({}));
    EXPECT_TRUE(none.empty());
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  // A batch in a write transaction stores what it inserts.
  s = db_->Write([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        std::vector<Rows> results,
        tx.QueryBatch({{"INSERT INTO settings (key, value) VALUES ($1, $2) RETURNING key",
                        {std::string("d"), std::string("d!")}},
                       {"INSERT INTO settings (key, value) VALUES ($1, $2)",
                        {std::string("e"), std::string("e!")}}}));
    EXPECT_EQ(results.at(0).at(0).Text(0), "d");
    EXPECT_TRUE(results.at(1).empty());
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(Count("settings"), 5);
}

TEST_P(DatabaseTest, AFailingStatementInABatchDoomsTheTransaction) {
  ASSERT_TRUE(PutSetting("k", "v").has_value());
  for (int i = 0; i < 3; ++i) {
    // The second statement fails; the first is rolled back, the third never runs.
    Status s = db_->Write([](Tx& tx) -> Status {
      auto results =
          tx.QueryBatch({{"INSERT INTO settings (key, value) VALUES ('other', 'x')", {}},
                         {"INSERT INTO settings (key, value) VALUES ('k', 'x')", {}},
                         {"INSERT INTO settings (key, value) VALUES ('third', 'x')", {}}});
      EXPECT_FALSE(results.has_value());
      if (!results.has_value()) {
        EXPECT_EQ(results.error().code, ErrorCode::kConflict);
      }
      EXPECT_FALSE(tx.Query("SELECT 1", {}).has_value());
      EXPECT_FALSE(tx.QueryBatch({{"SELECT 1", {}}}).has_value());
      return Ok();  // ignores the failure: Write still reports it
    });
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, ErrorCode::kConflict);
    // A batch that fails as the transaction's start, on a statement PostgreSQL rejects.
    s = db_->Read([](Tx& tx) -> Status {
      return StatusOf(
          tx.QueryBatch({{"SELECT 1", {}}, {"SELECT no_such_column FROM settings", {}}}));
    });
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, ErrorCode::kInternal);
    // Both engines check the parameter count before anything is sent.
    s = db_->Read([](Tx& tx) -> Status { return StatusOf(tx.QueryBatch({{"SELECT $1", {}}})); });
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(Count("settings"), 1);
  }
  std::vector<Statement> too_many(Tx::kMaxBatch + 1, Statement{"SELECT 1", {}});
  Status s = db_->Read([&](Tx& tx) -> Status { return StatusOf(tx.QueryBatch(too_many)); });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(PutSetting("after", "v").has_value());
  EXPECT_EQ(Count("settings"), 2);
}

TEST_P(DatabaseTest, EachReadSeesEveryWriteAcknowledgedBeforeIt) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(db_->Write([&](Tx& tx) -> Status {
                     return StatusOf(tx.Exec("INSERT INTO kv (k, i) VALUES ($1, $2)",
                                             {std::to_string(i), int64_t{i}}));
                   })
                    .has_value());
    ASSERT_EQ(Count("kv"), i + 1);
    Status s = db_->Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row max, tx.QueryOne("SELECT MAX(i) FROM kv", {}));
      WR_ASSIGN_OR_RETURN(Row n, tx.QueryOne("SELECT COUNT(*) FROM kv", {}));
      EXPECT_EQ(max.Int(0), i);
      EXPECT_EQ(n.Int(0), i + 1);
      return Ok();
    });
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }
}

TEST_P(DatabaseTest, QueryOneAndQueryOptional) {
  Status s = db_->Read([](Tx& tx) -> Status {
    auto one = tx.QueryOne("SELECT value FROM settings WHERE key = $1", {"missing"});
    EXPECT_FALSE(one.has_value());
    EXPECT_EQ(one.error().code, ErrorCode::kNotFound);
    WR_ASSIGN_OR_RETURN(auto opt,
                        tx.QueryOptional("SELECT value FROM settings WHERE key = $1", {"missing"}));
    EXPECT_FALSE(opt.has_value());
    WR_ASSIGN_OR_RETURN(auto seq, tx.QueryOptional("SELECT seq FROM audit_head", {}));
    EXPECT_TRUE(seq.has_value());
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, ExecReturnsChangedRows) {
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_TRUE(PutSetting(key, "0").has_value());
  }
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec("UPDATE settings SET value = $1 WHERE key <> $2", {"1", "c"}));
    EXPECT_EQ(n, 2);
    WR_ASSIGN_OR_RETURN(n, tx.Exec("DELETE FROM settings WHERE key = $1", {"zzz"}));
    EXPECT_EQ(n, 0);
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, NullsRoundTrip) {
  Status s = db_->Write([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO kv (k, i, d, t) VALUES ($1, $2, $3, $4)",
                               {"n", nullptr, nullptr, nullptr}));
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  s = db_->Read([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT i, d, t FROM kv WHERE k = $1", {"n"}));
    for (size_t c = 0; c < 3; ++c) {
      EXPECT_TRUE(row.IsNull(c));
      EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(row.raw(c)));
    }
    EXPECT_EQ(row.OptInt(0), std::nullopt);
    EXPECT_EQ(row.OptText(2), std::nullopt);
    EXPECT_EQ(row.Int(0), 0);
    EXPECT_EQ(row.Text(2), "");
    // NULL parameters compare as SQL NULL.
    WR_ASSIGN_OR_RETURN(
        Rows rows,
        tx.Query("SELECT k FROM kv WHERE i IS NULL AND t IS NOT DISTINCT FROM $1", {nullptr}));
    EXPECT_EQ(rows.size(), 1u);
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, Int64ExtremesAndDoublesRoundTrip) {
  const std::vector<int64_t> ints = {std::numeric_limits<int64_t>::min(),
                                     std::numeric_limits<int64_t>::max(), 0, -1, int64_t{1} << 53};
  const std::vector<double> doubles = {0.1, -2.5, 1e300, 5e-324, 123456789.123456789};
  Status s = db_->Write([&](Tx& tx) -> Status {
    for (size_t i = 0; i < ints.size(); ++i) {
      WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO kv (k, i, d) VALUES ($1, $2, $3)",
                                 {std::to_string(i), ints[i], doubles[i]}));
    }
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  s = db_->Read([&](Tx& tx) -> Status {
    for (size_t i = 0; i < ints.size(); ++i) {
      WR_ASSIGN_OR_RETURN(Row row,
                          tx.QueryOne("SELECT i, d FROM kv WHERE k = $1", {std::to_string(i)}));
      EXPECT_EQ(row.Int(0), ints[i]);
      EXPECT_EQ(row.Text(0), std::to_string(ints[i]));
      EXPECT_TRUE(std::holds_alternative<int64_t>(row.raw(0)));
      EXPECT_EQ(row.Real(1), doubles[i]);
      EXPECT_TRUE(std::holds_alternative<double>(row.raw(1)));
    }
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT i FROM kv WHERE i = $1",
                                             {std::numeric_limits<int64_t>::min()}));
    EXPECT_EQ(row.Int(0), std::numeric_limits<int64_t>::min());
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, AggregatesAndBooleansReadTheSame) {
  Status s = db_->Write([](Tx& tx) -> Status {
    for (int64_t i = 1; i <= 3; ++i) {
      WR_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO kv (k, i) VALUES ($1, $2)", {std::to_string(i), i * 10}));
    }
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  s = db_->Read([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        Row row, tx.QueryOne("SELECT COUNT(*), SUM(i), MAX(i), EXISTS (SELECT 1 FROM kv WHERE "
                             "i > $1), EXISTS (SELECT 1 FROM kv WHERE i > $2) FROM kv",
                             {int64_t{15}, int64_t{100}}));
    EXPECT_EQ(row.Int(0), 3);
    EXPECT_EQ(row.Int(1), 60);
    EXPECT_EQ(row.Text(1), "60");
    EXPECT_EQ(row.Int(2), 30);
    EXPECT_EQ(row.Int(3), 1);
    EXPECT_EQ(row.Int(4), 0);
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, Utf8TextRoundTrips) {
  const std::string text = "Liège — Zoë, Brüssel, Ελλάδα, 東京 🚨🛡️ ok";
  Status s = db_->Write([&](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO kv (k, t) VALUES ($1, $2)", {text, text}));
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT k, t FROM kv WHERE k = $1", {text}));
    EXPECT_EQ(row.Text(0), text);
    EXPECT_EQ(row.Text(1), text);
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, PlaceholdersTenVersusOneRepeatedAndInsideLiterals) {
  Params params;
  for (char c = 'a'; c <= 'j'; ++c) {
    params.emplace_back(std::string(1, c));
  }
  Status s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row,
                        tx.QueryOne("SELECT $10, $1, '$1', $2, $3, $4, $5, $6, $7, $8, $9, $1, "
                                    "'it''s $2' AS \"$3\"",
                                    params));
    EXPECT_EQ(row.size(), 13u);
    EXPECT_EQ(row.Text(0), "j");
    EXPECT_EQ(row.Text(1), "a");
    EXPECT_EQ(row.Text(2), "$1");
    EXPECT_EQ(row.Text(3), "b");
    EXPECT_EQ(row.Text(10), "i");
    EXPECT_EQ(row.Text(11), "a");
    EXPECT_EQ(row.Text(12), "it's $2");
    return Ok();
  });
  EXPECT_TRUE(s.has_value()) << s.error().message;
}

TEST_P(DatabaseTest, WrongParameterCountIsInvalidArgument) {
  Status s = db_->Read([](Tx& tx) -> Status {
    auto r = tx.Query("SELECT value FROM settings WHERE key = $1", {"a", "b"});
    EXPECT_FALSE(r.has_value());
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
    }
    return Ok();
  });
  EXPECT_FALSE(s.has_value());
}

TEST_P(DatabaseTest, ReadTransactionsCannotWrite) {
  Status s = db_->Read([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO settings (key, value) VALUES ('a', 'b')", {}));
    return Ok();
  });
  EXPECT_FALSE(s.has_value());
  EXPECT_EQ(Count("settings"), 0);
}

TEST_P(DatabaseTest, ReadersSeeASnapshotWhileAWriterIsMidTransaction) {
  ASSERT_TRUE(PutSetting("before", "1").has_value());
  std::promise<void> inserted;
  std::promise<void> may_commit;
  std::thread writer;
  Status read = db_->Read([&](Tx& tx) -> Status {
    auto count = [&]() -> int64_t {
      auto row = tx.QueryOne("SELECT COUNT(*) FROM settings", {});
      return row ? row->Int(0) : -1;
    };
    EXPECT_EQ(count(), 1);  // takes the snapshot
    writer = std::thread([&] {
      Status w = db_->Write([&](Tx& wtx) -> Status {
        WR_RETURN_IF_ERROR(
            wtx.Exec("INSERT INTO settings (key, value) VALUES ('during', '2')", {}));
        inserted.set_value();
        may_commit.get_future().wait();
        return Ok();
      });
      EXPECT_TRUE(w.has_value());
    });
    inserted.get_future().wait();
    EXPECT_EQ(count(), 1);  // uncommitted row invisible
    may_commit.set_value();
    writer.join();
    EXPECT_EQ(count(), 1);  // committed after the snapshot: still invisible
    return Ok();
  });
  if (writer.joinable()) {
    writer.join();
  }
  EXPECT_TRUE(read.has_value());
  EXPECT_EQ(Count("settings"), 2);
}

TEST_P(DatabaseTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 8;
  constexpr int kRows = 200;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRows; ++i) {
        Status s = db_->Write([&](Tx& tx) -> Status {
          WR_RETURN_IF_ERROR(
              tx.Exec("INSERT INTO kv (k, i) VALUES ($1, $2)",
                      {std::to_string(t) + "-" + std::to_string(i), int64_t{t * kRows + i}}));
          return Ok();
        });
        if (!s) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("kv"), kThreads * kRows);
  Status s = db_->Read([](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT COUNT(DISTINCT i) FROM kv", {}));
    EXPECT_EQ(row.Int(0), kThreads * kRows);
    return Ok();
  });
  EXPECT_TRUE(s.has_value());
}

TEST_P(DatabaseTest, ConcurrentReadersShareThePool) {
  ASSERT_TRUE(PutSetting("k", "v").has_value());
  std::vector<std::thread> threads;
  threads.reserve(16);
  std::atomic<int> wrong{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Status s = db_->Read([&](Tx& tx) -> Status {
          WR_ASSIGN_OR_RETURN(Row row,
                              tx.QueryOne("SELECT value FROM settings WHERE key = $1", {"k"}));
          if (row.Text(0) != "v") {
            ++wrong;
          }
          return Ok();
        });
        if (!s) {
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(wrong.load(), 0);
}

TEST_P(DatabaseTest, BrokenPostgresConnectionIsReplaced) {
  if (GetParam() != Engine::kPostgres) {
    GTEST_SKIP() << "PostgreSQL only";
  }
  Status s = db_->Read([](Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(tx.Query("SELECT pg_terminate_backend(pg_backend_pid())", {}));
    return Ok();
  });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(db_->Ping().has_value());
  }
  EXPECT_TRUE(PutSetting("after", "reconnect").has_value());
}

// Runs this binary again as a writer that prints the key of every row whose Write
// returned success, and kills it with SIGKILL once it has acknowledged some rows.
// Every acknowledged row must be there after reopening.
TEST_P(DatabaseTest, AcknowledgedWritesSurviveSigkill) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, kCrashWriterEnv, std::strlen(kCrashWriterEnv)) != 0) {
      env_storage.emplace_back(*e);
    }
  }
  env_storage.push_back(std::string(kCrashWriterEnv) + "=" + scratch_->Url());
  std::vector<char*> envp;
  envp.reserve(env_storage.size() + 1);
  for (auto& e : env_storage) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  std::string self = "/proc/self/exe";
  char* argv[] = {self.data(), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, self.c_str(), &actions, nullptr, argv, envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);

  std::set<std::string> acknowledged;
  FILE* in = fdopen(fds[0], "r");
  ASSERT_NE(in, nullptr);
  char line[64];
  while (acknowledged.size() < 40 && std::fgets(line, sizeof(line), in) != nullptr) {
    std::string key(line);
    if (!key.empty() && key.back() == '\n') {
      key.pop_back();
    }
    acknowledged.insert(key);
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  // Acknowledgements already in the pipe when the child died count too.
  while (std::fgets(line, sizeof(line), in) != nullptr) {
    std::string key(line);
    if (!key.empty() && key.back() == '\n') {
      acknowledged.insert(key.substr(0, key.size() - 1));
    }
  }
  std::fclose(in);
  ASSERT_GE(acknowledged.size(), 40u) << "the writer child failed";

  db_.reset();
  db_ = Reopen();
  ASSERT_NE(db_, nullptr);
  std::set<std::string> stored;
  Status s = db_->Read([&](Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT k FROM kv WHERE t = $1", {"crash"}));
    for (const Row& row : rows) {
      stored.insert(row.Text(0));
    }
    return Ok();
  });
  ASSERT_TRUE(s.has_value()) << s.error().message;
  for (const std::string& key : acknowledged) {
    EXPECT_TRUE(stored.count(key) == 1) << "acknowledged row " << key << " lost";
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

TEST(OpenDatabaseTest, BadUrlsAreInvalidArgument) {
  for (const char* url :
       {"", "mysql://localhost/db", "sqlite:", "sqlite://", "sqlite://relative/path.db",
        "sqlite:///", "sqlite:dir/", "postgresql://host/db?schema=Bad-Name",
        "postgresql://host/db?pool_size=0", "postgresql://host/db?no_such_option=1",
        "postgresql://[::1/db"}) {
    auto db = OpenDatabase(url, false);
    ASSERT_FALSE(db.has_value()) << url;
    EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << url << ": " << db.error().message;
    EXPECT_FALSE(db.error().message.empty());
  }
}

TEST(OpenDatabaseTest, UnreachablePostgresIsUnavailableWithoutThePassword) {
  auto db = OpenDatabase("postgresql://user:s3cret-pw@127.0.0.1:1/db?connect_timeout=2", false);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable) << db.error().message;
  EXPECT_EQ(db.error().message.find("s3cret-pw"), std::string::npos);
}

TEST(OpenDatabaseTest, MissingDirectoryIsUnavailable) {
  auto db = OpenDatabase("sqlite:///nonexistent-dir-for-warroom-test/x.db", false);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable) << db.error().message;
}

TEST(OpenDatabaseTest, MemoryDatabasesArePrivateAndShareOneDatabaseAcrossConnections) {
  auto a = OpenDatabase("sqlite::memory:");
  auto b = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_TRUE((*a)->Write([](Tx& tx) -> Status {
                    WR_RETURN_IF_ERROR(
                        tx.Exec("INSERT INTO settings (key, value) VALUES ('x', 'y')", {}));
                    return Ok();
                  })
                  .has_value());
  auto count = [](Database& db) {
    int64_t n = -1;
    (void)db.Read([&](Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(Row row, tx.QueryOne("SELECT COUNT(*) FROM settings", {}));
      n = row.Int(0);
      return Ok();
    });
    return n;
  };
  EXPECT_EQ(count(**a), 1);  // the reader connection sees the writer's commit
  EXPECT_EQ(count(**b), 0);
}

TEST(RowTest, ConvertsBetweenRepresentations) {
  Row row({Value(std::string("42")), Value(int64_t{-7}), Value(2.5), Value(nullptr),
           Value(std::string("12.9")), Value(std::string("t"))});
  EXPECT_EQ(row.Int(0), 42);
  EXPECT_EQ(row.Text(1), "-7");
  EXPECT_EQ(row.Real(1), -7.0);
  EXPECT_EQ(row.Text(2), "2.5");
  EXPECT_EQ(row.Int(2), 2);
  EXPECT_EQ(row.Real(0), 42.0);
  EXPECT_TRUE(row.IsNull(3));
  EXPECT_FALSE(row.IsNull(0));
  EXPECT_EQ(row.Int(4), 12);
  EXPECT_EQ(row.Int(5), 1);
  EXPECT_EQ(row.OptInt(1), -7);
}

// The child side of AcknowledgedWritesSurviveSigkill: writes rows until killed.
int RunCrashWriter(const std::string& url) {
  auto db = OpenDatabase(url, false);
  if (!db) {
    std::fprintf(stderr, "crash writer: %s\n", db.error().message.c_str());
    return 1;
  }
  for (int64_t i = 0;; ++i) {
    const std::string key = "crash-" + std::to_string(i);
    Status s = (*db)->Write([&](Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(tx.Exec("INSERT INTO kv (k, i, t) VALUES ($1, $2, 'crash')", {key, i}));
      return Ok();
    });
    if (!s) {
      std::fprintf(stderr, "crash writer: %s\n", s.error().message.c_str());
      return 1;
    }
    const std::string ack = key + "\n";
    if (write(STDOUT_FILENO, ack.data(), ack.size()) != static_cast<ssize_t>(ack.size())) {
      return 1;
    }
  }
}

}  // namespace
}  // namespace warroom::storage

int main(int argc, char** argv) {
  if (const char* url = std::getenv(warroom::storage::kCrashWriterEnv)) {
    return warroom::storage::RunCrashWriter(url);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
