#include "server/storage/postgres/pg_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace warroom::storage::postgres {
namespace {

// Type OIDs from pg_type.h (libpq does not install server headers).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;

constexpr int kMaxAttempts = 5;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// An error with the SQLSTATE it came from, so that Write can tell a serialization
// failure or deadlock (retried) from other errors.
struct PgFailure {
  Error error;
  std::string sqlstate;
};

bool IsRetryable(const std::string& sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

std::string Field(const PGresult* res, int field) {
  const char* v = PQresultErrorField(res, field);
  return v == nullptr ? std::string() : std::string(v);
}

std::string TrimNewline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
    s.pop_back();
  }
  return s;
}

// The columns of PostgreSQL's detail "Key (a, b)=(1, 2) already exists." as "a,b".
std::string UniqueColumns(std::string_view detail) {
  constexpr std::string_view kLead = "Key (";
  if (detail.substr(0, kLead.size()) != kLead) return {};
  const size_t end = detail.find(")=(");
  if (end == std::string_view::npos) return {};
  std::string out;
  for (char c : detail.substr(kLead.size(), end - kLead.size())) {
    if (c != ' ' && c != '"') out += c;
  }
  return out;
}

PgFailure MakeFailure(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string sqlstate = res != nullptr ? Field(res, PG_DIAG_SQLSTATE) : std::string();
  std::string primary = res != nullptr ? Field(res, PG_DIAG_MESSAGE_PRIMARY) : std::string();
  if (primary.empty()) {
    primary = TrimNewline(PQerrorMessage(conn));
  }
  std::string message = std::string(what) + ": " + primary;
  if (PQstatus(conn) != CONNECTION_OK) {
    return {Error::Unavailable(std::move(message)), std::move(sqlstate)};
  }
  if (sqlstate == "23505" || sqlstate == "23503" || sqlstate == "23514") {
    const std::string constraint = Field(res, PG_DIAG_CONSTRAINT_NAME);
    if (!constraint.empty()) {
      message += " (constraint " + constraint + ")";
    }
    Error conflict = Error::Conflict(std::move(message));
    if (sqlstate == "23505") {
      conflict.conflict_on = UniqueColumns(Field(res, PG_DIAG_MESSAGE_DETAIL));
    }
    return {std::move(conflict), std::move(sqlstate)};
  }
  if (sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate == "53300" || IsRetryable(sqlstate)) {
    return {Error::Unavailable(std::move(message)), std::move(sqlstate)};
  }
  return {Error::Internal(std::move(message)), std::move(sqlstate)};
}

Value ConvertValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) {
    return nullptr;
  }
  const char* text = PQgetvalue(res, row, col);
  const int len = PQgetlength(res, row, col);
  switch (PQftype(res, col)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text, text + len, v);
      if (ec == std::errc() && ptr == text + len) {
        return v;
      }
      break;
    }
    case kFloat8Oid:
    case kFloat4Oid:
      return std::strtod(text, nullptr);
    case kBoolOid:
      return static_cast<int64_t>(text[0] == 't' ? 1 : 0);
    default:
      break;
  }
  return std::string(text, static_cast<size_t>(len));
}

std::string FormatDouble(double d) {
  if (d != d) {
    return "NaN";
  }
  if (d > 1.7976931348623157e308) {
    return "Infinity";
  }
  if (d < -1.7976931348623157e308) {
    return "-Infinity";
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, end);
}

class Connection {
 public:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { PQfinish(conn_); }

  PGconn* Handle() const { return conn_; }

  // Usable by the next transaction: connected, outside a transaction and a pipeline, or
  // with only the COMMIT of a read transaction still in flight.
  bool Healthy() const {
    if (PQstatus(conn_) != CONNECTION_OK || PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
      return false;
    }
    const PGTransactionStatusType st = PQtransactionStatus(conn_);
    return st == PQTRANS_IDLE || (commit_in_flight_ && st == PQTRANS_ACTIVE);
  }

  // Sends the COMMIT of a read transaction without waiting for its answer: every row
  // has been read, so nothing the caller sees depends on it. FinishCommit collects the
  // answer before the connection is used again. Returns false when it could not be sent.
  bool SendCommit() {
    commit_in_flight_ = PQsendQuery(conn_, "COMMIT") == 1;
    return commit_in_flight_;
  }

  // Collects the answer to SendCommit, if one is in flight; false when the COMMIT
  // failed, and the connection must then be dropped.
  bool FinishCommit() {
    if (!commit_in_flight_) return true;
    commit_in_flight_ = false;
    bool ok = true;
    while (PGresult* r = PQgetResult(conn_)) {
      ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    return ok && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

  // Runs a parameterless command; an error is a failure.
  std::optional<PgFailure> Command(const char* sql, std::string_view what) {
    ResultPtr res(PQexec(conn_, sql));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      return std::nullopt;
    }
    return MakeFailure(conn_, res.get(), what);
  }

  struct Prepared {
    std::string name;
    int nparams = 0;
  };

  // Returns the statement prepared for `sql` on this connection, preparing it once.
  Result<const Prepared*> Prepare(std::string_view sql, std::optional<PgFailure>& failure) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
      return &it->second;
    }
    Prepared p;
    p.name = "wr" + std::to_string(next_id_++);
    const std::string text(sql);
    ResultPtr res(PQprepare(conn_, p.name.c_str(), text.c_str(), 0, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      failure = MakeFailure(conn_, res.get(), "prepare");
      return failure->error;
    }
    ResultPtr desc(PQdescribePrepared(conn_, p.name.c_str()));
    if (!desc || PQresultStatus(desc.get()) != PGRES_COMMAND_OK) {
      failure = MakeFailure(conn_, desc.get(), "describe");
      return failure->error;
    }
    p.nparams = PQnparams(desc.get());
    auto [it, inserted] = cache_.emplace(text, std::move(p));
    return &it->second;
  }

 private:
  PGconn* conn_;
  bool commit_in_flight_ = false;
  int next_id_ = 0;
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> cache_;
};

// The parameters of one statement as text: the server infers each type from the
// statement. Points into `params` for strings, so it must not outlive them.
class TextParams {
 public:
  explicit TextParams(const Params& params) : storage_(params.size()), values_(params.size()) {
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        storage_[i] = std::to_string(*n);
        values_[i] = storage_[i].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        storage_[i] = FormatDouble(*d);
        values_[i] = storage_[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values_[i] = s->c_str();
      }
    }
  }
  TextParams(TextParams&&) = default;
  TextParams& operator=(TextParams&&) = default;
  TextParams(const TextParams&) = delete;
  TextParams& operator=(const TextParams&) = delete;
  ~TextParams() = default;

  int Count() const { return static_cast<int>(values_.size()); }
  const char* const* Values() const { return values_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<const char*> values_;
};

Rows RowsOf(const PGresult* res) {
  Rows rows;
  const int nrows = PQntuples(res);
  const int ncols = PQnfields(res);
  rows.reserve(static_cast<size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      values.push_back(ConvertValue(res, r, c));
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

// The transaction starts with its first statement: BEGIN and that statement (or batch)
// go to the server together in libpq's pipeline mode, so a transaction of one statement
// costs one round trip before its COMMIT, and one that runs no statement costs none.
// Statements after the first run one at a time, or a batch in one pipeline.
class PgTx : public Tx {
 public:
  PgTx(Connection& conn, const char* begin) : conn_(conn), begin_(begin) {}

  // True once BEGIN has been sent: the transaction then needs a COMMIT or ROLLBACK.
  bool Begun() const { return begun_; }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    WR_ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    return RowsOf(res.get());
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    WR_ASSIGN_OR_RETURN(ResultPtr res, Run(sql, params));
    const char* n = PQcmdTuples(res.get());
    int64_t changed = 0;
    if (n != nullptr) {
      std::from_chars(n, n + std::char_traits<char>::length(n), changed);
    }
    return changed;
  }

  Result<std::vector<Rows>> QueryBatch(const std::vector<Statement>& batch) override {
    WR_RETURN_IF_ERROR(CheckUsable());
    if (batch.size() > kMaxBatch) {
      failure_ = PgFailure{
          Error::InvalidArgument("a batch holds at most " + std::to_string(kMaxBatch) +
                                 " statements, " + std::to_string(batch.size()) + " given"),
          ""};
      return failure_->error;
    }
    if (batch.empty()) return std::vector<Rows>();
    std::vector<Sent> sent;
    sent.reserve(batch.size());
    for (const Statement& s : batch) {
      WR_ASSIGN_OR_RETURN(const Connection::Prepared* prepared, PrepareFor(s.sql, s.params));
      sent.push_back({prepared, TextParams(s.params)});
    }
    WR_ASSIGN_OR_RETURN(std::vector<ResultPtr> results, Pipeline(sent));
    std::vector<Rows> out;
    out.reserve(results.size());
    for (const ResultPtr& res : results) out.push_back(RowsOf(res.get()));
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    WR_RETURN_IF_ERROR(CheckUsable());
    if (!begun_) {
      begun_ = true;
      if (auto f = conn_.Command(begin_, "begin")) {
        failure_ = std::move(f);
        return failure_->error;
      }
    }
    const std::string text(sql);
    if (auto f = conn_.Command(text.c_str(), "script")) {
      failure_ = std::move(f);
      return failure_->error;
    }
    return Ok();
  }

  const std::optional<PgFailure>& Failure() const { return failure_; }

 private:
  struct Sent {
    const Connection::Prepared* prepared;
    TextParams params;
  };

  // PostgreSQL aborts the transaction on the first failed statement; later statements
  // fail with our message rather than "current transaction is aborted".
  Status CheckUsable() const {
    if (failure_) {
      return Error{failure_->error.code,
                   "transaction aborted by an earlier error: " + failure_->error.message};
    }
    return Ok();
  }

  Result<const Connection::Prepared*> PrepareFor(std::string_view sql, const Params& params) {
    WR_ASSIGN_OR_RETURN(const Connection::Prepared* prepared, conn_.Prepare(sql, failure_));
    if (static_cast<size_t>(prepared->nparams) != params.size()) {
      // Checked before sending so that the error matches SQLite's; the transaction stays
      // usable on the server, but is doomed here as on SQLite.
      failure_ = PgFailure{
          Error::InvalidArgument("statement has " + std::to_string(prepared->nparams) +
                                 " parameters, " + std::to_string(params.size()) + " given"),
          ""};
      return failure_->error;
    }
    return prepared;
  }

  Result<ResultPtr> Run(std::string_view sql, const Params& params) {
    WR_RETURN_IF_ERROR(CheckUsable());
    WR_ASSIGN_OR_RETURN(const Connection::Prepared* prepared, PrepareFor(sql, params));
    TextParams text(params);
    if (!begun_) {
      std::vector<Sent> one;
      one.push_back({prepared, std::move(text)});
      WR_ASSIGN_OR_RETURN(std::vector<ResultPtr> results, Pipeline(one));
      return std::move(results.front());
    }
    ResultPtr res(PQexecPrepared(conn_.Handle(), prepared->name.c_str(), text.Count(),
                                 text.Values(), nullptr, nullptr, 0));
    WR_RETURN_IF_ERROR(Check(res.get()));
    return res;
  }

  // Fails the transaction unless `res` is a successful statement's result.
  Status Check(const PGresult* res) {
    const ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      failure_ = MakeFailure(conn_.Handle(), res, "query");
      return failure_->error;
    }
    return Ok();
  }

  // Sends the statements in one pipeline, preceded by BEGIN when the transaction has not
  // begun, and returns their results. The first failure (BEGIN's, then the statements'
  // in order) is reported; PostgreSQL skips everything after it up to the sync. A
  // pipeline that breaks off leaves the connection in pipeline mode, so it is dropped.
  Result<std::vector<ResultPtr>> Pipeline(const std::vector<Sent>& sent) {
    PGconn* c = conn_.Handle();
    const bool with_begin = !begun_;
    begun_ = true;
    auto broken = [&](std::string_view what) -> Error {
      failure_ = MakeFailure(c, nullptr, what);
      return failure_->error;
    };
    if (PQenterPipelineMode(c) != 1) return broken("pipeline");
    if (with_begin && PQsendQueryParams(c, begin_, 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
      return broken("begin");
    }
    for (const Sent& s : sent) {
      if (PQsendQueryPrepared(c, s.prepared->name.c_str(), s.params.Count(), s.params.Values(),
                              nullptr, nullptr, 0) != 1) {
        return broken("query");
      }
    }
    if (PQpipelineSync(c) != 1) return broken("query");
    // Each statement's result is followed by a null; the pipeline ends with the sync.
    auto next = [&]() -> ResultPtr {
      ResultPtr res(PQgetResult(c));
      if (res != nullptr && ResultPtr(PQgetResult(c)) != nullptr) return nullptr;
      return res;
    };
    ResultPtr begin;
    if (with_begin) {
      begin = next();
      if (begin == nullptr) return broken("begin");
    }
    std::vector<ResultPtr> results;
    results.reserve(sent.size());
    for (size_t i = 0; i < sent.size(); ++i) {
      results.push_back(next());
      if (results.back() == nullptr) return broken("query");
    }
    ResultPtr sync(PQgetResult(c));
    if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC ||
        PQexitPipelineMode(c) != 1) {
      return broken("query");
    }
    if (begin != nullptr && PQresultStatus(begin.get()) != PGRES_COMMAND_OK) {
      failure_ = MakeFailure(c, begin.get(), "begin");
      return failure_->error;
    }
    for (const ResultPtr& res : results) {
      WR_RETURN_IF_ERROR(Check(res.get()));
    }
    return results;
  }

  Connection& conn_;
  const char* begin_;
  bool begun_ = false;
  std::optional<PgFailure> failure_;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(PgOptions options) : options_(std::move(options)) {}

  Status Open() {
    WR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
    Release(std::move(conn));
    return Ok();
  }

  Engine engine() const override { return Engine::kPostgres; }

  // READ COMMITTED: our statements that must not lose updates lock what they change
  // (UPDATE ... RETURNING on audit_head, ON CONFLICT upserts, version checks in WHERE),
  // so READ COMMITTED gives correct results without the spurious serialization failures
  // SERIALIZABLE raises under contention. Deadlocks (40P01) can still happen, and a
  // serialization failure if a caller raises the level: both re-run fn from the start.
  Status Write(const std::function<Status(Tx&)>& fn) override {
    Status last;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      bool retry = false;
      last = Run("BEGIN ISOLATION LEVEL READ COMMITTED", fn, /*read_only=*/false, &retry);
      if (last || !retry) {
        return last;
      }
    }
    return Error::Unavailable("gave up after " + std::to_string(kMaxAttempts) +
                              " attempts: " + last.error().message);
  }

  // REPEATABLE READ READ ONLY: one snapshot for the whole of fn, as SQLite's WAL read
  // transaction gives; read-only transactions never fail serialization.
  Status Read(const std::function<Status(Tx&)>& fn) override {
    bool retry = false;
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn, /*read_only=*/true, &retry);
  }

  Status Ping() override {
    WR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
    std::optional<PgFailure> f = conn->Command("SELECT 1", "ping");
    Release(std::move(conn));
    if (f) {
      return Error::Unavailable(f->error.message);
    }
    return Ok();
  }

 private:
  // A read transaction's COMMIT is sent without waiting (Connection::SendCommit); a
  // write's COMMIT is waited for, since a write is acknowledged only once it is durable.
  Status Run(const char* begin, const std::function<Status(Tx&)>& fn, bool read_only, bool* retry) {
    WR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
    PgTx tx(*conn, begin);
    tx.set_audit_key(audit_key());
    Status result;
    try {
      result = fn(tx);
    } catch (const std::exception& e) {
      result = Error::Internal(std::string("transaction function threw: ") + e.what());
    } catch (...) {
      result = Error::Internal("transaction function threw a non-standard exception");
    }
    if (tx.Failure()) {
      *retry = IsRetryable(tx.Failure()->sqlstate);
      if (result) {
        result = tx.Failure()->error;
      }
    }
    if (result && tx.Begun()) {
      if (read_only) {
        // A COMMIT that cannot be sent means a broken connection, which Release drops;
        // the rows already read stay valid.
        (void)conn->SendCommit();
      } else if (auto f = conn->Command("COMMIT", "commit")) {
        *retry = IsRetryable(f->sqlstate);
        result = f->error;
      }
    }
    if (!result && PQstatus(conn->Handle()) == CONNECTION_OK &&
        PQtransactionStatus(conn->Handle()) != PQTRANS_IDLE) {
      (void)conn->Command("ROLLBACK", "rollback");
    }
    Release(std::move(conn));
    return result;
  }

  // Returns an idle connection whose last read COMMIT has been collected, or a new one.
  Result<std::unique_ptr<Connection>> Acquire() {
    for (;;) {
      WR_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, AcquireAny());
      if (conn->FinishCommit()) return conn;
      Discard(std::move(conn));
    }
  }

  void Discard(std::unique_ptr<Connection> conn) {
    conn.reset();
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    cv_.notify_one();
  }

  Result<std::unique_ptr<Connection>> AcquireAny() {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
      ++open_;
    }
    auto conn = Connect();
    if (!conn) {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
      cv_.notify_one();
    }
    return conn;
  }

  // Broken connections, or ones left inside a transaction, are dropped; the next
  // Acquire opens a fresh one.
  void Release(std::unique_ptr<Connection> conn) {
    const bool healthy = conn->Healthy();
    if (!healthy) {
      conn.reset();
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (healthy) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
    cv_.notify_one();
  }

  Result<std::unique_ptr<Connection>> Connect() const {
    auto conn = std::make_unique<Connection>(PQconnectdb(options_.conninfo.c_str()));
    if (conn->Handle() == nullptr || PQstatus(conn->Handle()) != CONNECTION_OK) {
      return Error::Unavailable("cannot connect to PostgreSQL: " +
                                TrimNewline(conn->Handle() != nullptr
                                                ? PQerrorMessage(conn->Handle())
                                                : "out of memory"));
    }
    // Notices ("relation already exists, skipping", cascades) are not errors and would
    // otherwise go to stderr.
    PQsetNoticeProcessor(
        conn->Handle(), [](void*, const char*) {}, nullptr);
    if (PQsetClientEncoding(conn->Handle(), "UTF8") != 0) {
      return Error::Unavailable("cannot set client encoding to UTF8");
    }
    // Every statement is prepared once per connection and run many times with
    // parameters. Left to itself, PostgreSQL re-plans ours on every run (their custom
    // plans look cheaper than the generic one), and planning costs more than running
    // them; the generic plans use the same indexes, in page order.
    if (auto f = conn->Command("SET plan_cache_mode = force_generic_plan", "set plan_cache_mode")) {
      return f->error;
    }
    if (!options_.schema.empty()) {
      char* quoted =
          PQescapeIdentifier(conn->Handle(), options_.schema.c_str(), options_.schema.size());
      if (quoted == nullptr) {
        return Error::InvalidArgument("bad schema name");
      }
      const std::string sql = std::string("SET search_path TO ") + quoted;
      PQfreemem(quoted);
      if (auto f = conn->Command(sql.c_str(), "set search_path")) {
        return f->error;
      }
    }
    return conn;
  }

  PgOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                   // guarded by mu_
};

bool IsIdentifier(const std::string& s) {
  if (s.empty() || s.size() > 63) {
    return false;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<PgOptions> ParsePgUrl(const std::string& url) {
  if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
    return Error::InvalidArgument("PostgreSQL URL must start with postgresql:// or postgres://");
  }
  PgOptions options;
  const size_t q = url.find('?');
  std::string base = url.substr(0, q);
  std::string kept;
  if (q != std::string::npos) {
    size_t pos = q + 1;
    while (pos <= url.size()) {
      size_t amp = url.find('&', pos);
      if (amp == std::string::npos) {
        amp = url.size();
      }
      const std::string param = url.substr(pos, amp - pos);
      pos = amp + 1;
      if (param.empty()) {
        continue;
      }
      const size_t eq = param.find('=');
      const std::string key = param.substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : param.substr(eq + 1);
      if (key == "schema") {
        if (!IsIdentifier(value)) {
          return Error::InvalidArgument("PostgreSQL URL: schema must be a lower-case identifier");
        }
        options.schema = value;
      } else if (key == "pool_size") {
        int n = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || ptr != value.data() + value.size() || n < 1 || n > 1000) {
          return Error::InvalidArgument("PostgreSQL URL: pool_size must be 1..1000");
        }
        options.pool_size = n;
      } else {
        kept += kept.empty() ? "?" : "&";
        kept += param;
      }
    }
  }
  options.conninfo = base + kept;
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.conninfo.c_str(), &err);
  if (parsed == nullptr) {
    std::string message = "malformed PostgreSQL URL";
    if (err != nullptr) {
      message += ": " + TrimNewline(err);
      PQfreemem(err);
    }
    return Error::InvalidArgument(std::move(message));
  }
  PQconninfoFree(parsed);
  return options;
}

Result<std::unique_ptr<Database>> OpenPostgres(const PgOptions& options) {
  auto db = std::make_unique<PgDatabase>(options);
  WR_RETURN_IF_ERROR(db->Open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace warroom::storage::postgres
