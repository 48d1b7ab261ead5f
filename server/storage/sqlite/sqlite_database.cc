#include "server/storage/sqlite/sqlite_database.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/storage/sqlite/placeholders.h"
#include "server/storage/sqlite/private_file.h"

namespace warroom::storage::sqlite {
namespace {

// Paths of the databases open in this process, for Restore.
std::mutex& OpenPathsMutex() {
  static std::mutex mu;
  return mu;
}
std::multiset<std::string>& OpenPaths() {
  static std::multiset<std::string> paths;
  return paths;
}

std::string CanonicalPath(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// The columns of SQLite's "UNIQUE constraint failed: t.a, t.b" as "a,b".
std::string UniqueColumns(std::string_view message) {
  constexpr std::string_view kLead = "constraint failed: ";
  const size_t at = message.find(kLead);
  if (at == std::string_view::npos) return {};
  std::string out;
  std::string_view rest = message.substr(at + kLead.size());
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (const size_t dot = item.find('.'); dot != std::string_view::npos) {
      item.remove_prefix(dot + 1);
    }
    if (!out.empty()) out += ',';
    out += item;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

// Maps an SQLite result code to an Error. Constraint violations become kConflict with
// SQLite's message, which names the constraint ("UNIQUE constraint failed: users.email").
Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      Error e = Error::Conflict(message);
      e.conflict_on = UniqueColumns(db != nullptr ? sqlite3_errmsg(db) : "");
      return e;
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
      return Error::Conflict(std::move(message));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_READONLY:
      return Error::Unavailable(std::move(message));
    case SQLITE_RANGE:
    case SQLITE_MISUSE:
      return Error::InvalidArgument(std::move(message));
    default:
      return Error::Internal(std::move(message));
  }
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Resets a statement when a query ends, however it ends.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

// One sqlite3 handle and its prepared statements. Used by one thread at a time (the
// handle is opened with SQLITE_OPEN_NOMUTEX).
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    for (auto& [sql, stmt] : cache_) {
      sqlite3_finalize(stmt);
    }
    if (db_ != nullptr) {
      sqlite3_close_v2(db_);
    }
  }

  Status Open(const std::string& path, const SqliteOptions& options, bool writer) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                      (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      return SqliteError(db_, rc, "open " + path);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    std::string pragmas = "PRAGMA foreign_keys = ON;";
    if (writer) {
      pragmas += "PRAGMA journal_mode = WAL;";
    }
    // FULL: a commit is on disk when Write returns, power loss included.
    pragmas += options.temporary ? "PRAGMA synchronous = OFF;" : "PRAGMA synchronous = FULL;";
    if (!writer) {
      pragmas += "PRAGMA query_only = ON;";
    }
    // Every connection keeps its own page cache; mapping the file lets them share the
    // operating system's instead of copying each page in with a read call.
    pragmas += "PRAGMA mmap_size = 1073741824;";
    // The writer's cache holds every page one transaction dirties: sending an advisory to
    // 10,000 organisations touches some 40 MB, and pages that do not fit are spilled to
    // the WAL mid-transaction and written again at commit. Readers need little.
    pragmas += writer ? "PRAGMA cache_size = -131072;" : "PRAGMA cache_size = -16384;";
    return ExecScript(pragmas);
  }

  sqlite3* Handle() const { return db_; }

  // Runs a statement without parameters or results (BEGIN, COMMIT) from the cache:
  // sqlite3_exec would parse it on every transaction.
  Status Simple(std::string_view sql) {
    WR_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    StatementReset reset(stmt);
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      return SqliteError(db_, rc, sql);
    }
    return Ok();
  }

  Status ExecScript(std::string_view sql) {
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK) {
      return SqliteError(db_, rc, "script");
    }
    return Ok();
  }

  // Returns the cached statement for `sql`, preparing the rewritten text on first use.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
      return it->second;
    }
    const std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) {
      return SqliteError(db_, rc, "prepare");
    }
    if (stmt == nullptr) {
      return Error::InvalidArgument("empty statement");
    }
    for (; tail != nullptr && *tail != '\0'; ++tail) {
      if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r' && *tail != ';') {
        sqlite3_finalize(stmt);
        return Error::InvalidArgument("more than one statement: use ExecScript");
      }
    }
    // Statements are few and fixed in code; the cap only guards against a caller that
    // builds SQL dynamically.
    if (cache_.size() >= kMaxCachedStatements) {
      for (auto& [text, cached] : cache_) {
        sqlite3_finalize(cached);
      }
      cache_.clear();
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

 private:
  static constexpr size_t kMaxCachedStatements = 1024;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

class SqliteTx : public Tx {
 public:
  explicit SqliteTx(Connection& conn) : conn_(conn) {}

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    WR_RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    WR_RETURN_IF_ERROR(Run(sql, params, nullptr));
    return static_cast<int64_t>(sqlite3_changes64(conn_.Handle()));
  }

  Status ExecScript(std::string_view sql) override {
    WR_RETURN_IF_ERROR(CheckUsable());
    return Remember(conn_.ExecScript(sql));
  }

  // The first error of a statement in this transaction, if any.
  const std::optional<Error>& Failure() const { return failure_; }

 private:
  // A failed statement dooms the transaction, as on PostgreSQL, so that code behaves the
  // same on both engines: later statements fail and Write rolls back.
  Status CheckUsable() const {
    if (failure_) {
      return Error{failure_->code, "transaction aborted by an earlier error: " + failure_->message};
    }
    return Ok();
  }
  Status Remember(Status s) {
    if (!s && !failure_) {
      failure_ = s.error();
    }
    return s;
  }

  Status Run(std::string_view sql, const Params& params, Rows* rows) {
    WR_RETURN_IF_ERROR(CheckUsable());
    auto prepared = conn_.Prepare(sql);
    if (!prepared) {
      return Remember(prepared.error());
    }
    sqlite3_stmt* stmt = *prepared;
    StatementReset reset(stmt);
    if (static_cast<size_t>(sqlite3_bind_parameter_count(stmt)) != params.size()) {
      return Remember(Error::InvalidArgument(
          "statement has " + std::to_string(sqlite3_bind_parameter_count(stmt)) + " parameters, " +
          std::to_string(params.size()) + " given"));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        // Params outlive the statement's use, so SQLite need not copy.
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(stmt, index);
      }
      if (rc != SQLITE_OK) {
        return Remember(SqliteError(conn_.Handle(), rc, "bind"));
      }
    }
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) {
        break;
      }
      if (rc != SQLITE_ROW) {
        return Remember(SqliteError(conn_.Handle(), rc, "step"));
      }
      if (rows == nullptr) {
        continue;
      }
      const int n = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(n));
      for (int c = 0; c < n; ++c) {
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
          default: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            const int len = sqlite3_column_bytes(stmt, c);
            values.emplace_back(p == nullptr ? std::string()
                                             : std::string(p, static_cast<size_t>(len)));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    return Ok();
  }

  Connection& conn_;
  std::optional<Error> failure_;
};

// Runs fn in a transaction on `conn`, which the caller holds exclusively.
Status RunTransaction(Connection& conn, const char* begin, const core::AuditKey* audit_key,
                      const std::function<Status(Tx&)>& fn) {
  WR_RETURN_IF_ERROR(conn.Simple(begin));
  SqliteTx tx(conn);
  tx.set_audit_key(audit_key);
  Status result;
  try {
    result = fn(tx);
  } catch (const std::exception& e) {
    result = Error::Internal(std::string("transaction function threw: ") + e.what());
  } catch (...) {
    result = Error::Internal("transaction function threw a non-standard exception");
  }
  if (result && tx.Failure()) {
    result = *tx.Failure();
  }
  if (result) {
    Status committed = conn.Simple("COMMIT");
    if (committed) {
      return Ok();
    }
    result = committed;
  }
  // Some errors (SQLITE_FULL, SQLITE_IOERR) already rolled the transaction back.
  if (sqlite3_get_autocommit(conn.Handle()) == 0) {
    (void)conn.Simple("ROLLBACK");
  }
  return result;
}

class SqliteDatabaseImpl final : public SqliteDatabase {
 public:
  explicit SqliteDatabaseImpl(SqliteOptions options) : options_(std::move(options)) {}

  ~SqliteDatabaseImpl() override {
    readers_.clear();
    writer_.reset();
    if (registered_) {
      std::lock_guard<std::mutex> lock(OpenPathsMutex());
      OpenPaths().erase(OpenPaths().find(canonical_));
    }
    if (options_.temporary) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::error_code ec;
        std::filesystem::remove(path_ + suffix, ec);
      }
    }
  }

  Status Open() {
    if (options_.temporary) {
      std::error_code ec;
      std::string tmpl = (std::filesystem::temp_directory_path(ec) / "warroom-XXXXXX").string();
      const int fd = mkstemp(tmpl.data());
      if (fd < 0) {
        return Error::Unavailable("cannot create a temporary database file");
      }
      close(fd);
      path_ = tmpl;
    } else {
      path_ = options_.path;
      // Created here rather than by SQLite, whose default mode (0644 less the umask)
      // would let every local user read the database; -wal and -shm inherit the mode.
      WR_RETURN_IF_ERROR(MakePrivateFile(path_));
      for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        WR_RETURN_IF_ERROR(TightenIfExists(path_ + suffix));
      }
    }
    canonical_ = CanonicalPath(path_);
    writer_ = std::make_unique<Connection>();
    WR_RETURN_IF_ERROR(writer_->Open(path_, options_, /*writer=*/true));
    // Touch the schema so that a file that is not a database fails here, not later.
    WR_RETURN_IF_ERROR(writer_->ExecScript("SELECT count(*) FROM sqlite_master"));
    std::lock_guard<std::mutex> lock(OpenPathsMutex());
    OpenPaths().insert(canonical_);
    registered_ = true;
    return Ok();
  }

  Engine engine() const override { return Engine::kSqlite; }
  const std::string& Path() const override { return path_; }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard<std::mutex> lock(writer_mu_);
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way
    // with SQLITE_BUSY when it upgrades from reading to writing.
    return RunTransaction(*writer_, "BEGIN IMMEDIATE", audit_key(), fn);
  }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    WR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, AcquireReader());
    // Deferred: the WAL snapshot is taken at the first read and held until COMMIT.
    Status result = RunTransaction(*conn, "BEGIN", audit_key(), fn);
    ReleaseReader(std::move(conn));
    return result;
  }

  Status Ping() override {
    return Read([](Tx& tx) -> Status {
      return tx.Query("SELECT 1", {}).has_value() ? Ok() : Error::Unavailable("ping failed");
    });
  }

  Status WithWriterConnection(const std::function<Status(sqlite3*)>& fn) override {
    std::lock_guard<std::mutex> lock(writer_mu_);
    return fn(writer_->Handle());
  }

 private:
  Result<std::unique_ptr<Connection>> AcquireReader() {
    {
      std::unique_lock<std::mutex> lock(readers_mu_);
      readers_cv_.wait(lock,
                       [&] { return !readers_.empty() || open_readers_ < options_.max_readers; });
      if (!readers_.empty()) {
        auto conn = std::move(readers_.back());
        readers_.pop_back();
        return conn;
      }
      ++open_readers_;
    }
    // Opened outside the lock: opening takes a while and other readers need not wait.
    auto conn = std::make_unique<Connection>();
    Status opened = conn->Open(path_, options_, /*writer=*/false);
    if (!opened) {
      std::lock_guard<std::mutex> lock(readers_mu_);
      --open_readers_;
      readers_cv_.notify_one();
      return opened.error();
    }
    return conn;
  }

  void ReleaseReader(std::unique_ptr<Connection> conn) {
    std::lock_guard<std::mutex> lock(readers_mu_);
    readers_.push_back(std::move(conn));
    readers_cv_.notify_one();
  }

  SqliteOptions options_;
  std::string path_;
  std::string canonical_;
  bool registered_ = false;

  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mu_ after Open

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;  // idle; guarded by readers_mu_
  int open_readers_ = 0;                              // guarded by readers_mu_
};

}  // namespace

Result<SqliteOptions> ParseSqliteUrl(const std::string& url) {
  constexpr std::string_view kScheme = "sqlite:";
  if (url.rfind(kScheme, 0) != 0) {
    return Error::InvalidArgument("not a sqlite: URL");
  }
  std::string rest = url.substr(kScheme.size());
  SqliteOptions options;
  if (rest == ":memory:") {
    options.temporary = true;
    return options;
  }
  if (rest.rfind("//", 0) == 0) {
    // sqlite:///abs/path: an empty authority, then an absolute path.
    rest = rest.substr(2);
    if (rest.empty() || rest[0] != '/') {
      return Error::InvalidArgument(
          "sqlite URL must be sqlite:///absolute/path.db, sqlite:relative/path.db or "
          "sqlite::memory:");
    }
  }
  if (rest.empty() || rest.back() == '/' || rest.find('?') != std::string::npos) {
    return Error::InvalidArgument(
        "sqlite URL needs a file path: sqlite:///absolute/path.db, sqlite:relative/path.db or "
        "sqlite::memory:");
  }
  options.path = rest;
  return options;
}

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
  auto db = std::make_unique<SqliteDatabaseImpl>(options);
  WR_RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

bool IsOpenInProcess(const std::string& path) {
  const std::string canonical = CanonicalPath(path);
  std::lock_guard<std::mutex> lock(OpenPathsMutex());
  return OpenPaths().count(canonical) > 0;
}

}  // namespace warroom::storage::sqlite
