#include "server/storage/repositories/job_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

namespace warroom::storage {
namespace {

constexpr std::string_view kColumns =
    "id, kind, payload, due_at, status, attempts, max_attempts, claimed_by, lease_until, "
    "last_error, created_at, finished_at, unique_key";

JobRecord ToJob(Row& row) {
  JobRecord j;
  j.id = row.Int(0);
  j.kind = row.TakeText(1);
  j.payload = row.TakeText(2);
  j.due_at = row.Int(3);
  j.status = row.TakeText(4);
  j.attempts = row.Int(5);
  j.max_attempts = row.Int(6);
  j.claimed_by = row.TakeOptText(7);
  j.lease_until = row.OptInt(8);
  j.last_error = row.TakeOptText(9);
  j.created_at = row.Int(10);
  j.finished_at = row.OptInt(11);
  j.unique_key = row.TakeOptText(12);
  return j;
}

}  // namespace

Result<int64_t> JobStore::Schedule(const NewJob& job, int64_t now_ms) {
  if (job.kind.empty()) return Error::InvalidArgument("a job needs a kind");
  if (job.max_attempts < 1) return Error::InvalidArgument("max_attempts must be at least 1");
  if (!nlohmann::json::accept(job.payload)) {
    return Error::InvalidArgument("the payload of a '" + job.kind + "' job is not JSON");
  }
  Value key = nullptr;
  if (job.unique_key) key = *job.unique_key;
  // DO NOTHING, not a failed insert: a failed statement would doom the caller's
  // transaction (storage/database.h).
  WR_ASSIGN_OR_RETURN(
      auto inserted, tx_.QueryOptional("INSERT INTO jobs (kind, payload, due_at, status, attempts, "
                                       "max_attempts, created_at, unique_key) "
                                       "VALUES ($1, $2, $3, 'pending', 0, $4, $5, $6) "
                                       "ON CONFLICT (unique_key) DO NOTHING RETURNING id",
                                       {job.kind, job.payload, job.due_at,
                                        int64_t{job.max_attempts}, now_ms, key}));
  if (inserted) return inserted->Int(0);
  WR_ASSIGN_OR_RETURN(Row existing,
                      tx_.QueryOne("SELECT id FROM jobs WHERE unique_key = $1", {key}));
  return existing.Int(0);
}

Result<bool> JobStore::Cancel(const std::string& unique_key) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("DELETE FROM jobs WHERE unique_key = $1 "
                                          "AND status IN ('pending', 'running')",
                                          {unique_key}));
  return n > 0;
}

Result<std::vector<JobRecord>> JobStore::ClaimDue(int64_t now_ms, int64_t lease_until_ms,
                                                  const std::string& worker, int limit) {
  // PostgreSQL: the subquery locks the rows it picks and skips those another claimer
  // holds, so concurrent runners take disjoint sets without waiting; the outer WHERE
  // repeats the condition for a row that changed before it was locked. SQLite runs one
  // write transaction at a time, so the plain statement is already exclusive.
  const std::string lock = engine_ == Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  const std::string due =
      "((status = 'pending' AND due_at <= $3) OR (status = 'running' AND lease_until <= $3))";
  WR_ASSIGN_OR_RETURN(
      Rows rows,
      tx_.Query("UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = $1, "
                "lease_until = $2 WHERE id IN (SELECT id FROM jobs WHERE " +
                    due + " ORDER BY due_at, id LIMIT $4" + lock + ") AND " + due + " RETURNING " +
                    std::string(kColumns),
                {worker, lease_until_ms, now_ms, int64_t{std::max(limit, 0)}}));
  std::vector<JobRecord> jobs;
  jobs.reserve(rows.size());
  for (auto& row : rows) jobs.push_back(ToJob(row));
  std::sort(jobs.begin(), jobs.end(), [](const JobRecord& a, const JobRecord& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
  });
  return jobs;
}

Result<bool> JobStore::Complete(int64_t id, int64_t attempts, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE jobs SET status = 'done', finished_at = $1, "
                                          "lease_until = NULL, last_error = NULL "
                                          "WHERE id = $2 AND status = 'running' AND attempts = $3",
                                          {now_ms, id, attempts}));
  return n > 0;
}

Result<bool> JobStore::Retry(int64_t id, int64_t attempts, int64_t next_due_ms,
                             const std::string& error) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE jobs SET status = 'pending', due_at = $1, "
                                          "lease_until = NULL, last_error = $2 "
                                          "WHERE id = $3 AND status = 'running' AND attempts = $4",
                                          {next_due_ms, error, id, attempts}));
  return n > 0;
}

Result<bool> JobStore::Fail(int64_t id, int64_t attempts, const std::string& error,
                            int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE jobs SET status = 'failed', finished_at = $1, "
                                          "lease_until = NULL, last_error = $2 "
                                          "WHERE id = $3 AND status = 'running' AND attempts = $4",
                                          {now_ms, error, id, attempts}));
  return n > 0;
}

Result<JobRecord> JobStore::Find(int64_t id) {
  WR_ASSIGN_OR_RETURN(
      auto row,
      tx_.QueryOptional("SELECT " + std::string(kColumns) + " FROM jobs WHERE id = $1", {id}));
  if (!row) return Error::NotFound("no job " + std::to_string(id));
  return ToJob(*row);
}

Result<std::optional<JobRecord>> JobStore::FindByKey(const std::string& unique_key) {
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional("SELECT " + std::string(kColumns) +
                                                      " FROM jobs WHERE unique_key = $1",
                                                  {unique_key}));
  if (!row) return std::optional<JobRecord>();
  return std::optional<JobRecord>(ToJob(*row));
}

}  // namespace warroom::storage
