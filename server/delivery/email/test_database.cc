#include "server/delivery/email/test_database.h"

#ifdef WARROOM_HAVE_STORAGE

namespace warroom::delivery::email {

Result<std::unique_ptr<storage::Database>> OpenTestDatabase(const std::string& path) {
  return storage::OpenDatabase("sqlite://" + path, /*migrate=*/true);
}

}  // namespace warroom::delivery::email

#else  // Stand-in until warroom_storage links: delete with this branch then.

#include <sqlite3.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace warroom::storage {

bool Row::IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return *n;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return static_cast<int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    return std::stoll(*s);
  }
  return 0;
}
std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return std::to_string(*n);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    return std::to_string(*d);
  }
  return "";
}
double Row::Real(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) {
    return *d;
  }
  return static_cast<double>(Int(i));
}
std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Int(i);
}
std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) {
    return std::nullopt;
  }
  return Text(i);
}
Result<Row> Tx::QueryOne(std::string_view sql, const Params& params) {
  WR_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) {
    return Error::NotFound("no row");
  }
  return std::move(rows.front());
}
Result<std::optional<Row>> Tx::QueryOptional(std::string_view sql, const Params& params) {
  WR_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) {
    return std::optional<Row>();
  }
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace warroom::storage

namespace warroom::delivery::email {
namespace {

class StandInTx final : public storage::Tx {
 public:
  explicit StandInTx(sqlite3* db) : db_(db) {}
  Result<storage::Rows> Query(std::string_view sql, const storage::Params& params) override {
    std::string rewritten(sql);
    for (size_t p = rewritten.find('$'); p != std::string::npos; p = rewritten.find('$', p)) {
      rewritten[p] = '?';
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, rewritten.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return Error::Internal(sqlite3_errmsg(db_));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      const auto& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt, idx, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, idx);
      }
    }
    storage::Rows rows;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<storage::Value> values;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          default:
            values.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                            static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) {
      return Error::Internal(sqlite3_errmsg(db_));
    }
    changes_ = sqlite3_changes64(db_);
    return rows;
  }
  Result<int64_t> Exec(std::string_view sql, const storage::Params& params) override {
    WR_RETURN_IF_ERROR(Query(sql, params));
    return changes_;
  }
  Status ExecScript(std::string_view sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "exec failed";
      sqlite3_free(err);
      return Error::Internal(m);
    }
    return Ok();
  }

 private:
  sqlite3* db_;
  int64_t changes_ = 0;
};

class StandInDatabase final : public storage::Database {
 public:
  explicit StandInDatabase(sqlite3* db) : db_(db) {}
  ~StandInDatabase() override { sqlite3_close(db_); }
  storage::Engine engine() const override { return storage::Engine::kSqlite; }
  Status Write(const std::function<Status(storage::Tx&)>& fn) override { return Run(fn); }
  Status Read(const std::function<Status(storage::Tx&)>& fn) override { return Run(fn); }
  Status Ping() override { return Ok(); }

 private:
  Status Run(const std::function<Status(storage::Tx&)>& fn) {
    std::lock_guard lock(mu_);
    StandInTx tx(db_);
    WR_RETURN_IF_ERROR(tx.ExecScript("BEGIN IMMEDIATE"));
    Status s = fn(tx);
    WR_RETURN_IF_ERROR(tx.ExecScript(s ? "COMMIT" : "ROLLBACK"));
    return s;
  }
  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<storage::Database>> OpenTestDatabase(const std::string& path) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) {
    sqlite3_close(raw);
    return Error::Unavailable("cannot open " + path);
  }
  auto db = std::make_unique<StandInDatabase>(raw);
  std::ifstream in(std::string(WARROOM_SOURCE_DIR) +
                   "/server/storage/migrations/sqlite/0001_foundation.sql");
  std::stringstream ss;
  ss << in.rdbuf();
  WR_RETURN_IF_ERROR(db->Write([&](storage::Tx& tx) { return tx.ExecScript(ss.str()); }));
  return std::unique_ptr<storage::Database>(std::move(db));
}

}  // namespace warroom::delivery::email

#endif
