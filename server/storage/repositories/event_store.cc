#include "server/storage/repositories/event_store.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace warroom::storage {
namespace {

constexpr size_t kMaxTopicLength = 64;

bool ValidTopic(const std::string& topic) {
  if (topic.empty() || topic.size() > kMaxTopicLength) return false;
  for (const char c : topic) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status PublishEvent(Tx& tx, const NewEvent& event, int64_t now_ms) {
  if (!ValidTopic(event.topic)) {
    return Error::InvalidArgument("an event topic is 1 to 64 of [a-z0-9._-]");
  }
  const auto payload = nlohmann::json::parse(event.payload_json, nullptr, false);
  if (!payload.is_object()) {
    return Error::InvalidArgument("the payload of a '" + event.topic +
                                  "' event is not a JSON object");
  }
  // The row lock on the head, held until commit, is what keeps ids in commit order.
  WR_ASSIGN_OR_RETURN(
      Row head,
      tx.QueryOne("UPDATE event_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id",
                  {}));
  const Value organisation = event.organisation_id ? Value(*event.organisation_id) : Value(nullptr);
  return StatusOf(tx.Exec(
      "INSERT INTO events (id, at, topic, organisation_id, payload) VALUES ($1, $2, $3, $4, $5)",
      {head.Int(0), now_ms, event.topic, organisation, event.payload_json}));
}

Result<std::vector<StoredEvent>> EventStore::After(int64_t after_id, int limit) {
  WR_ASSIGN_OR_RETURN(Rows rows, tx_.Query("SELECT id, at, topic, organisation_id, payload "
                                           "FROM events WHERE id > $1 ORDER BY id LIMIT $2",
                                           {after_id, static_cast<int64_t>(limit)}));
  std::vector<StoredEvent> out;
  out.reserve(rows.size());
  for (Row& row : rows) {
    StoredEvent e;
    e.id = row.Int(0);
    e.at = row.Int(1);
    e.topic = row.TakeText(2);
    e.organisation_id = row.OptInt(3);
    e.payload_json = row.TakeText(4);
    out.push_back(std::move(e));
  }
  return out;
}

Result<EventLogHead> EventStore::Head() {
  WR_ASSIGN_OR_RETURN(
      Row row, tx_.QueryOne("SELECT last_id, pruned_through FROM event_head WHERE id = 1", {}));
  return EventLogHead{row.Int(0), row.Int(1)};
}

Result<int64_t> EventStore::Prune(int64_t older_than_ms) {
  WR_ASSIGN_OR_RETURN(Row newest,
                      tx_.QueryOne("SELECT MAX(id) FROM events WHERE at < $1", {older_than_ms}));
  if (newest.IsNull(0)) return int64_t{0};
  const int64_t through = newest.Int(0);
  WR_ASSIGN_OR_RETURN(int64_t deleted, tx_.Exec("DELETE FROM events WHERE id <= $1", {through}));
  WR_RETURN_IF_ERROR(StatusOf(
      tx_.Exec("UPDATE event_head SET pruned_through = $1 WHERE id = 1 AND pruned_through < $1",
               {through})));
  return deleted;
}

}  // namespace warroom::storage
