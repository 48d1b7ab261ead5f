// Database: the storage port. Services, delivery and http see the database only
// through this interface; storage/ implements it with two engines (SQLite embedded,
// PostgreSQL for scale-out) and opens one with storage::OpenDatabase. SQL is written once
// in PostgreSQL style (`$1` placeholders, RETURNING, ON CONFLICT) and the SQLite engine
// rewrites `$N` to `?N`; the schema is one source with dialect tokens (storage/migrate.h).
//
// Conventions every query follows so that both engines give identical results:
// - times are BIGINT milliseconds since the Unix epoch (UTC), taken from ports::Clock;
// - flags are INTEGER 0/1, never BOOLEAN;
// - text comparison that must ignore case or accents uses a *_search column that the
//   application fills with folded text (core::FoldForSearch), never ILIKE or COLLATE.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core {
class AuditKey;
}  // namespace warroom::core

namespace warroom::ports {

enum class Engine { kSqlite, kPostgres };

// A bound parameter or a column value. Booleans are passed as int64_t 0/1.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// The value of an optional column: its value, or NULL.
inline Value Nullable(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value Nullable(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

// One result row. Accessors convert as the engines store values: PostgreSQL hands back
// text, SQLite native types; both read the same through these.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  size_t size() const { return values_.size(); }  // NOLINT(readability-identifier-naming)
  bool IsNull(size_t i) const;
  // Returns the column as an integer (0 for NULL).
  int64_t Int(size_t i) const;
  // Returns the column as text ("" for NULL).
  std::string Text(size_t i) const;
  double Real(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  // As Text and OptText, but move a text column out of the row (which keeps "" there):
  // for rows converted once into records.
  std::string TakeText(size_t i);
  std::optional<std::string> TakeOptText(size_t i);
  // NOLINTNEXTLINE(readability-identifier-naming)
  const Value& raw(size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// One statement of a batch (Tx::QueryBatch).
struct Statement {
  std::string sql;
  Params params;
};

// A connection inside a transaction. Not thread-safe; used by one thread at a time.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs a statement and returns its rows (empty for statements without RETURNING).
  // Fails with kConflict on a unique or foreign-key violation, kUnavailable when the
  // database cannot be reached, kInternal otherwise; the message names the constraint.
  virtual Result<Rows> Query(std::string_view sql, const Params& params) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params) = 0;
  // Runs one or more statements without parameters (DDL in migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Runs statements that do not depend on each other's results and returns each one's
  // rows, in order. PostgreSQL sends them in one pipeline, so a batch costs one round
  // trip (together with BEGIN when it starts the transaction); SQLite runs them in turn.
  // The first statement that fails dooms the transaction, as a failing Query does, and
  // its error is returned. Meant for a handful of statements with modest results: at
  // most kMaxBatch.
  static constexpr size_t kMaxBatch = 16;
  virtual Result<std::vector<Rows>> QueryBatch(const std::vector<Statement>& batch);

  // Convenience: the first row, or kNotFound.
  Result<Row> QueryOne(std::string_view sql, const Params& params);
  // Convenience: the first row, or std::nullopt.
  Result<std::optional<Row>> QueryOptional(std::string_view sql, const Params& params);

  // The key AuditStore seals and verifies the audit chain with: the one the Database
  // was given (Database::SetAuditKey), or nullptr. Engines set it on each Tx.
  const core::AuditKey* audit_key() const { return audit_key_; }
  void set_audit_key(const core::AuditKey* key) { audit_key_ = key; }

 private:
  const core::AuditKey* audit_key_ = nullptr;
};

class Database {
 public:
  virtual ~Database() = default;

  virtual Engine engine() const = 0;  // NOLINT(readability-identifier-naming)

  // Runs `fn` in a read-write transaction and commits when it returns success; rolls
  // back and returns its error otherwise. Commit is durable when this returns: the
  // SQLite engine runs WAL with synchronous=FULL, PostgreSQL with its default fsync.
  // Write transactions are serialised on SQLite and may run concurrently on PostgreSQL
  // (a serialization failure is retried a few times before kUnavailable).
  //
  // On both engines:
  // - a statement that fails dooms the transaction (as PostgreSQL does): later
  //   statements in `fn` fail, and Write rolls back and returns that first error even
  //   if `fn` ignored it and returned success. Use ON CONFLICT rather than "try the
  //   insert, then update";
  // - `fn` must not throw; if it does, the transaction is rolled back and the
  //   exception becomes kInternal;
  // - on PostgreSQL `fn` is run again from the start after a deadlock or serialization
  //   failure (up to 5 attempts), so it must not have effects outside the transaction;
  // - `fn` must not call Write or Read itself (it would wait for itself).
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;

  // Runs `fn` in a read-only snapshot: every statement in `fn` sees the database as of
  // its first statement (SQLite WAL read transaction; PostgreSQL REPEATABLE READ READ
  // ONLY). May run concurrently with writes. Statements that write fail. The rules of
  // Write about failed statements and exceptions hold here too.
  virtual Status Read(const std::function<Status(Tx&)>& fn) = 0;

  // Returns success when the database answers a trivial query.
  virtual Status Ping() = 0;

  // Sets the key of the audit chain's MAC (core/audit), which lives outside the
  // database; every transaction's Tx carries it for AuditStore. Call once, right after
  // opening and before any transaction that appends to or verifies the audit log.
  void SetAuditKey(std::shared_ptr<const core::AuditKey> key) { audit_key_ = std::move(key); }
  const core::AuditKey* audit_key() const { return audit_key_.get(); }

 private:
  std::shared_ptr<const core::AuditKey> audit_key_;
};

}  // namespace warroom::ports
