// EventHub: the live side of GET /api/events. It keeps the open event streams
// (subscribers: a ports::EventSink, who the caller is, the last id sent) and one
// background thread that reads the event log (storage/repositories/event_store.h) after
// the last id it has seen and hands each new event, formatted once, to every subscriber
// core::MaySeeEvent lets see it. The cost of a round is one read shared by every
// subscriber, one check per event and subscriber, and one queued chunk per subscriber
// (all the events of the round it may see): no query per subscriber.
//
// The log, not the hub, is the source of truth: the thread polls it (every
// poll_interval, and at once after Notify(), which a change calls after committing), so
// two warroomd on one PostgreSQL each hear the other's events within a poll interval.
//
// A subscriber that reconnects with the last id it received (Last-Event-ID) is first
// sent the events after it that it may see, so that it misses nothing; when that id has
// been pruned from the log, is ahead of the log, or is more than max_replay events
// behind, it is sent one `reset` event instead (its id the current head): the client
// reloads its state and continues from there. A subscriber without an id starts at the
// current head. Replays run on the hub's thread, in order with the live events.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "libs/base/result.h"
#include "libs/base/thread_annotations.h"
#include "server/core/directory/model.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/ports/event_sink.h"

namespace warroom::delivery {

struct EventHubOptions {
  // How often the thread reads the log without a Notify() (events of other instances).
  std::chrono::milliseconds poll_interval{250};
  // The shortest time between two rounds: a round after a Notify() waits until this long
  // after the previous one began, so that events arriving in quick succession (hundreds of
  // acknowledgements a second) reach each subscriber together in one write. It bounds
  // what it adds to an event's delay.
  std::chrono::milliseconds min_round_interval{40};
  // Events read per query; a longer backlog takes several.
  int batch = 500;
  // The most events replayed to a reconnecting subscriber; beyond it, `reset`.
  int max_replay = 1000;
  // Events older than this are pruned by the thread (once an hour); zero keeps them.
  std::chrono::milliseconds retention{std::chrono::hours(24)};
  // How an event becomes text (required).
  ports::EventFormat format;
};

// Who a subscriber is, for core::MaySeeEvent.
struct EventViewer {
  core::Role role = core::Role::kObserver;
  int64_t organisation_id = 0;
};

// The topic of the event that tells a client to reload its state.
inline constexpr std::string_view kResetTopic = "reset";

class EventHub {
 public:
  // `db` and `clock` must outlive the hub.
  EventHub(ports::Database& db, const ports::Clock& clock, EventHubOptions options);
  // Stops the thread and closes every subscriber's stream.
  ~EventHub();

  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Starts the background thread. Calling it twice has no effect.
  void Start() WR_EXCLUDES(mu_);
  // Stops the background thread, waits for it and closes every subscriber's stream.
  void Stop() WR_EXCLUDES(mu_);
  // Wakes the thread now: call after committing a change that published an event.
  void Notify() WR_EXCLUDES(mu_);

  // Adds a subscriber; its replay (or its start at the head) and then its live events
  // are sent from the hub's thread. Returns the id to Unsubscribe with.
  uint64_t Subscribe(EventViewer viewer, std::shared_ptr<ports::EventSink> sink,
                     std::optional<int64_t> last_event_id) WR_EXCLUDES(mu_);
  // Drops the subscriber (its stream closed); unknown ids are ignored.
  void Unsubscribe(uint64_t id) WR_EXCLUDES(mu_);

  // One round on the calling thread: starts new subscribers (replays), then sends every
  // event after the hub's position. Called by the thread; tests call it without Start().
  // Fails only when the database fails (the round is retried next time).
  Status RunOnce() WR_EXCLUDES(mu_);

  size_t subscriber_count() const WR_EXCLUDES(mu_);
  // The last event id the hub has fanned out (-1 before its first round).
  int64_t position() const { return position_.load(); }

 private:
  struct Subscriber {
    uint64_t id = 0;
    EventViewer viewer;
    std::shared_ptr<ports::EventSink> sink;
    std::optional<int64_t> resume_after;  // Last-Event-ID, until started
    // The fields below are the hub thread's, but `gone`, which Unsubscribe sets too.
    int64_t last_sent = 0;  // events up to this id are behind it
    bool started = false;
    std::atomic<bool> gone{false};  // a Send failed or it unsubscribed
  };

  Status StartSubscribers(const std::vector<std::shared_ptr<Subscriber>>& fresh, int64_t head,
                          int64_t pruned_through);
  void Loop() WR_EXCLUDES(mu_);
  bool Stopping() WR_EXCLUDES(mu_);

  ports::Database& db_;
  const ports::Clock& clock_;
  const EventHubOptions options_;

  mutable Mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ WR_GUARDED_BY(mu_) = false;
  bool stop_ WR_GUARDED_BY(mu_) = false;
  uint64_t next_id_ WR_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::shared_ptr<Subscriber>> subscribers_ WR_GUARDED_BY(mu_);

  // Touched only by the thread running RunOnce (one at a time).
  std::atomic<int64_t> position_{-1};
  std::optional<ports::TimePoint> last_prune_;
  std::thread thread_;  // touched only by Start/Stop, which the owner calls from one thread
};

}  // namespace warroom::delivery
