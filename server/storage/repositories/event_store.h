// The event log: what GET /api/events streams to live clients (delivery/event_hub.h).
// A change publishes its event with PublishEvent inside its own write transaction, so an
// event exists if and only if the change committed; the hub reads the log in id order and
// fans each event out to the subscribers allowed to see it.
//
// Ordering: ids come from the one-row event_head, which PublishEvent locks until its
// transaction ends. Ids are therefore gapless (a rollback gives its id back) and become
// visible in id order on both engines: on PostgreSQL a publisher that took id 6 cannot
// commit before the one holding id 5, so a reader that has seen id N has seen every id
// below it and may simply continue after N. The price is that publishers are serialised
// from PublishEvent to commit: publish as the last write of a transaction (after the
// audit entry, whose head is locked the same way; one order everywhere avoids deadlocks).
//
// An event carries ids and states (JSON), never content, so whoever may see an event's
// organisation may see the event; the rule is core::MaySeeEvent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct NewEvent {
  std::string topic;  // e.g. "advisory.acknowledged": [a-z0-9._-], 1 to 64 characters
  // The organisation the event is about; nullopt: the war room's only.
  std::optional<int64_t> organisation_id;
  std::string payload_json = "{}";  // a JSON object of ids and states
};

struct StoredEvent {
  int64_t id = 0;
  int64_t at = 0;  // ms since the epoch, when it was published
  std::string topic;
  std::optional<int64_t> organisation_id;
  std::string payload_json;
};

struct EventLogHead {
  int64_t last_id = 0;         // the newest id handed out (0: none yet)
  int64_t pruned_through = 0;  // every id up to this one has been pruned
};

// Appends `event` to the log in `tx` (the causing change's write transaction), at
// `now_ms`. Locks the log's head until `tx` ends (see above). Fails with
// kInvalidArgument on a bad topic or a payload that is not a JSON object.
Status PublishEvent(Tx& tx, const NewEvent& event, int64_t now_ms);

class EventStore {
 public:
  explicit EventStore(Tx& tx) : tx_(tx) {}

  // The events with id > `after_id`, oldest first, at most `limit` of them.
  Result<std::vector<StoredEvent>> After(int64_t after_id, int limit);

  // The newest id handed out and the highest id pruned.
  Result<EventLogHead> Head();

  // Deletes the events published before `older_than_ms` (and any older id, so that the
  // log stays a contiguous range) and raises pruned_through; returns how many were
  // deleted. Run it in its own write transaction.
  Result<int64_t> Prune(int64_t older_than_ms);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
