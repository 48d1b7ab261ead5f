#include "server/delivery/event_hub.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <utility>

#include "server/core/access/event_visibility.h"
#include "server/storage/repositories/event_store.h"

namespace warroom::delivery {
namespace {

int64_t ToMillis(ports::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string JsonText(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

EventHub::EventHub(ports::Database& db, const ports::Clock& clock, EventHubOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

EventHub::~EventHub() { Stop(); }

void EventHub::Start() {
  if (thread_.joinable()) return;
  {
    MutexLock lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void EventHub::Stop() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<uint64_t, std::shared_ptr<Subscriber>> closing;
  {
    MutexLock lock(mu_);
    closing.swap(subscribers_);
  }
  for (auto& [id, sub] : closing) sub->sink->Close();
}

void EventHub::Notify() {
  {
    MutexLock lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

bool EventHub::Stopping() {
  MutexLock lock(mu_);
  return stop_;
}

uint64_t EventHub::Subscribe(EventViewer viewer, std::shared_ptr<ports::EventSink> sink,
                             std::optional<int64_t> last_event_id) {
  auto sub = std::make_shared<Subscriber>();
  sub->viewer = viewer;
  sub->sink = std::move(sink);
  sub->resume_after = last_event_id;
  uint64_t id = 0;
  {
    MutexLock lock(mu_);
    id = next_id_++;
    sub->id = id;
    subscribers_.emplace(id, std::move(sub));
    notified_ = true;  // start it (replay) now rather than at the next poll
  }
  wake_.notify_all();
  return id;
}

void EventHub::Unsubscribe(uint64_t id) {
  MutexLock lock(mu_);
  if (auto it = subscribers_.find(id); it != subscribers_.end()) {
    it->second->gone = true;
    subscribers_.erase(it);
  }
}

size_t EventHub::subscriber_count() const {
  MutexLock lock(mu_);
  return subscribers_.size();
}

Status EventHub::StartSubscribers(const std::vector<std::shared_ptr<Subscriber>>& fresh,
                                  int64_t head, int64_t pruned_through) {
  const int64_t position = position_.load();
  for (const auto& sub : fresh) {
    sub->last_sent = position;
    if (!sub->resume_after) {  // from the head on
      sub->started = true;
      continue;
    }
    const int64_t after = *sub->resume_after;
    // Ahead of the log (another database, a restored backup), pruned, or too far behind:
    // the client cannot be brought up to date event by event.
    if (after > head || after < pruned_through || position - after > options_.max_replay) {
      if (!sub->sink->Send(options_.format(position, kResetTopic, "{}"))) sub->gone = true;
      sub->started = true;
      continue;
    }
    if (after >= position) {
      // It has seen events the hub has not fanned out yet (through another instance).
      sub->last_sent = after;
      sub->started = true;
      continue;
    }
    std::vector<storage::StoredEvent> missed;
    // On failure the subscriber stays unstarted: the next round replays it again.
    WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(missed,
                          storage::EventStore(tx).After(after, static_cast<int>(position - after)));
      return Ok();
    }));
    sub->started = true;
    std::string chunk;
    for (const auto& e : missed) {
      if (e.id > position) break;
      if (core::MaySeeEvent(sub->viewer.role, sub->viewer.organisation_id, e.organisation_id,
                            e.topic)) {
        chunk += options_.format(e.id, e.topic, e.payload_json);
      }
    }
    if (!chunk.empty() && !sub->sink->Send(std::move(chunk))) sub->gone = true;
  }
  return Ok();
}

Status EventHub::RunOnce() {
  storage::EventLogHead head;
  std::vector<storage::StoredEvent> events;
  const int64_t known = position_.load();
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    storage::EventStore store(tx);
    WR_ASSIGN_OR_RETURN(head, store.Head());
    if (known >= 0) {
      WR_ASSIGN_OR_RETURN(events, store.After(known, options_.batch));
    }
    return Ok();
  }));
  // The first round starts at the head: what came before is history, not news.
  if (known < 0) position_ = head.last_id;

  std::vector<std::shared_ptr<Subscriber>> subscribers;
  {
    MutexLock lock(mu_);
    subscribers.reserve(subscribers_.size());
    for (const auto& [id, sub] : subscribers_) subscribers.push_back(sub);
  }
  std::vector<std::shared_ptr<Subscriber>> fresh;
  for (const auto& sub : subscribers) {
    if (!sub->started) fresh.push_back(sub);
  }
  WR_RETURN_IF_ERROR(StartSubscribers(fresh, head.last_id, head.pruned_through));

  // Each subscriber is sent the events of a batch it may see as one chunk: one write to
  // its connection per round, not one per event, which is what keeps hundreds of open
  // boards cheap when acknowledgements arrive by the hundred per second.
  std::vector<std::string> chunks(subscribers.size());
  while (!events.empty()) {
    for (const auto& e : events) {
      // Formatted once, on demand, and shared by every subscriber that may see it.
      std::optional<std::string> frame;
      for (size_t i = 0; i < subscribers.size(); ++i) {
        Subscriber& sub = *subscribers[i];
        if (sub.gone || e.id <= sub.last_sent) continue;
        sub.last_sent = e.id;
        if (!core::MaySeeEvent(sub.viewer.role, sub.viewer.organisation_id, e.organisation_id,
                               e.topic)) {
          continue;
        }
        if (!frame) frame = options_.format(e.id, e.topic, e.payload_json);
        chunks[i] += *frame;
      }
    }
    for (size_t i = 0; i < subscribers.size(); ++i) {
      if (chunks[i].empty()) continue;
      if (!subscribers[i]->gone && !subscribers[i]->sink->Send(std::move(chunks[i]))) {
        subscribers[i]->gone = true;
      }
      chunks[i].clear();
    }
    position_ = events.back().id;
    if (events.size() < static_cast<size_t>(options_.batch) || Stopping()) break;
    const int64_t from = position_.load();
    WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
      WR_ASSIGN_OR_RETURN(events, storage::EventStore(tx).After(from, options_.batch));
      return Ok();
    }));
  }

  {
    MutexLock lock(mu_);
    for (const auto& sub : subscribers) {
      if (sub->gone) subscribers_.erase(sub->id);
    }
  }
  return Ok();
}

void EventHub::Loop() {
  while (!Stopping()) {
    const auto round_started = std::chrono::steady_clock::now();
    if (auto ran = RunOnce(); !ran) {
      spdlog::error(R"({{"event":"event_hub_round_failed","error":{}}})",
                    JsonText(ran.error().message));
    }
    const ports::TimePoint now = clock_.Now();
    if (options_.retention.count() > 0 &&
        (!last_prune_ || now - *last_prune_ >= std::chrono::hours(1))) {
      last_prune_ = now;
      int64_t pruned = 0;
      const Status s = db_.Write([&](ports::Tx& tx) -> Status {
        WR_ASSIGN_OR_RETURN(pruned,
                            storage::EventStore(tx).Prune(ToMillis(now - options_.retention)));
        return Ok();
      });
      if (!s) {
        spdlog::error(R"({{"event":"event_prune_failed","error":{}}})",
                      JsonText(s.error().message));
      }
    }
    // The wait is on the steady clock: it only paces polling.
    MutexLock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + options_.poll_interval;
    while (!stop_ && !notified_) {
      if (wake_.wait_until(lock, deadline) == std::cv_status::timeout) break;
    }
    // Rounds are at least min_round_interval apart: events that come in quicker
    // succession wait a little and go out together.
    const auto earliest = round_started + options_.min_round_interval;
    while (!stop_ && std::chrono::steady_clock::now() < earliest) {
      wake_.wait_until(lock, earliest);
    }
    notified_ = false;
  }
}

}  // namespace warroom::delivery
