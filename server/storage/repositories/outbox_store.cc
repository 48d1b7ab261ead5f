#include "server/storage/repositories/outbox_store.h"

#include <algorithm>
#include <utility>

#include "server/storage/repositories/bulk_insert.h"

namespace warroom::storage {
namespace {

// " AND channel NOT IN ($n, ...)" for `held`, its values appended to `params`.
std::string NotHeld(const std::vector<std::string>& held, ports::Params& params) {
  if (held.empty()) return "";
  std::string sql = " AND channel NOT IN (";
  for (size_t i = 0; i < held.size(); ++i) {
    params.emplace_back(held[i]);
    sql += (i == 0 ? "$" : ", $") + std::to_string(params.size());
  }
  return sql + ")";
}

}  // namespace

Result<bool> OutboxStore::ReplaceBody(int64_t id, const std::string& body_text) {
  WR_ASSIGN_OR_RETURN(
      int64_t n, tx_.Exec("UPDATE outbox SET body_text = $1 WHERE id = $2 AND status = 'pending'",
                          {body_text, id}));
  return n > 0;
}

Result<int64_t> OutboxStore::Enqueue(const ports::OutboxMessage& message, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(
      Row row, tx_.QueryOne("INSERT INTO outbox (channel, recipient, subject, body_text, "
                            "body_html, headers_json, status, attempts, created_at, "
                            "next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, "
                            "$7, $7) RETURNING id",
                            {message.channel, message.recipient, message.subject, message.body_text,
                             Nullable(message.body_html), Nullable(message.headers_json), now_ms}));
  return row.Int(0);
}

Result<std::vector<int64_t>> OutboxStore::EnqueueMany(std::vector<ports::OutboxMessage> messages,
                                                      int64_t now_ms) {
  static constexpr BulkInsert kInsert{
      "INSERT INTO outbox (channel, recipient, subject, body_text, body_html, headers_json, "
      "status, attempts, created_at, next_attempt_at)",
      "($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)", 7, " RETURNING id, recipient"};
  Params params;
  params.reserve(messages.size() * kInsert.params_per_row);
  for (auto& m : messages) {
    params.emplace_back(m.channel);
    params.emplace_back(m.recipient);
    params.emplace_back(std::move(m.subject));
    params.emplace_back(std::move(m.body_text));
    params.emplace_back(Nullable(m.body_html));
    params.emplace_back(Nullable(m.headers_json));
    params.emplace_back(now_ms);
  }
  WR_ASSIGN_OR_RETURN(Rows rows, InsertMany(tx_, kInsert, std::move(params)));
  if (rows.size() != messages.size()) {
    return Error::Internal("outbox: bulk insert returned " + std::to_string(rows.size()) +
                           " rows for " + std::to_string(messages.size()) + " messages");
  }
  // Both engines number the rows of one statement, and the statements of one transaction,
  // in the order they are inserted, but neither promises the order of RETURNING: sort by
  // id, and check each row against its message, so that a delivery never points at
  // another recipient's message.
  std::vector<std::pair<int64_t, std::string>> inserted;
  inserted.reserve(rows.size());
  for (Row& r : rows) inserted.emplace_back(r.Int(0), r.TakeText(1));
  std::sort(inserted.begin(), inserted.end());
  std::vector<int64_t> ids;
  ids.reserve(inserted.size());
  for (size_t i = 0; i < inserted.size(); ++i) {
    if (inserted[i].second != messages[i].recipient) {
      return Error::Internal("outbox: the engine numbered a bulk insert out of order");
    }
    ids.push_back(inserted[i].first);
  }
  return ids;
}

Result<std::optional<ports::OutboxMessage>> OutboxStore::ClaimNext(
    int64_t now_ms, int64_t lease_until_ms, const std::vector<std::string>& held) {
  // One statement, so the claim is atomic on both engines: a competing dispatcher that
  // updated the row first makes the outer WHERE fail here. Attempts are counted at claim
  // time so that a message that kills its dispatcher cannot be retried forever.
  ports::Params params{lease_until_ms, now_ms};
  const std::string not_held = NotHeld(held, params);
  WR_ASSIGN_OR_RETURN(
      auto row,
      tx_.QueryOptional(
          "UPDATE outbox SET status = 'sending', next_attempt_at = $1, attempts = attempts + 1 "
          "WHERE id = (SELECT id FROM outbox WHERE status IN ('pending', 'sending') "
          "AND next_attempt_at <= $2" +
              not_held +
              " ORDER BY next_attempt_at, id LIMIT 1) "
              "AND status IN ('pending', 'sending') AND next_attempt_at <= $2 "
              "RETURNING id, channel, recipient, subject, body_text, body_html, headers_json, "
              "attempts, created_at",
          params));
  if (!row) return std::optional<ports::OutboxMessage>();
  ports::OutboxMessage m;
  m.id = row->Int(0);
  m.channel = row->TakeText(1);
  m.recipient = row->TakeText(2);
  m.subject = row->TakeText(3);
  m.body_text = row->TakeText(4);
  m.body_html = row->TakeOptText(5);
  m.headers_json = row->TakeOptText(6);
  m.attempts = row->Int(7);
  m.created_at = row->Int(8);
  return std::optional<ports::OutboxMessage>(std::move(m));
}

Result<bool> OutboxStore::AnyDue(int64_t now_ms, const std::vector<std::string>& held) {
  ports::Params params{now_ms};
  const std::string not_held = NotHeld(held, params);
  WR_ASSIGN_OR_RETURN(auto row, tx_.QueryOptional("SELECT id FROM outbox "
                                                  "WHERE status IN ('pending', 'sending') "
                                                  "AND next_attempt_at <= $1" +
                                                      not_held + " LIMIT 1",
                                                  params));
  return row.has_value();
}

Result<bool> OutboxStore::MarkSent(int64_t id, int64_t attempts, int64_t now_ms) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE outbox SET status = 'sent', sent_at = $1, "
                                          "last_error = NULL, body_text = '', body_html = NULL, "
                                          "headers_json = NULL "
                                          "WHERE id = $2 AND status = 'sending' AND attempts = $3",
                                          {now_ms, id, attempts}));
  return n > 0;
}

Result<bool> OutboxStore::Reschedule(int64_t id, int64_t attempts, int64_t next_attempt_ms,
                                     const std::string& error) {
  WR_ASSIGN_OR_RETURN(int64_t n,
                      tx_.Exec("UPDATE outbox SET status = 'pending', next_attempt_at = $1, "
                               "last_error = $2 "
                               "WHERE id = $3 AND status = 'sending' AND attempts = $4",
                               {next_attempt_ms, error, id, attempts}));
  return n > 0;
}

Result<bool> OutboxStore::MarkFailed(int64_t id, int64_t attempts, const std::string& error) {
  WR_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE outbox SET status = 'failed', last_error = $1 "
                                          "WHERE id = $2 AND status = 'sending' AND attempts = $3",
                                          {error, id, attempts}));
  return n > 0;
}

Result<int64_t> OutboxStore::PurgeSent(int64_t older_than_ms) {
  return tx_.Exec("DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1", {older_than_ms});
}

}  // namespace warroom::storage
