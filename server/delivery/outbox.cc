#include "server/delivery/outbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>

#include "server/storage/repositories/outbox_store.h"

namespace warroom::delivery {
namespace {

// A lost race for a row on PostgreSQL makes the claim return nothing although other rows
// are due; try again a few times before leaving them to the next round.
constexpr int kMaxEmptyClaimRetries = 5;

int64_t ToMillis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Keeps last_error short and free of anything but the error text.
std::string ErrorText(const Error& error) {
  std::string text = std::string(ErrorCodeName(error.code)) + ": " + error.message;
  if (text.size() > 500) {
    text.resize(500);
  }
  return text;
}

// A JSON string for a log line (the log is JSON lines).
std::string JsonText(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int attempts, double unit) {
  const int64_t initial = std::max<int64_t>(policy.initial_delay.count(), 0);
  const int64_t cap = std::max<int64_t>(policy.max_delay.count(), initial);
  int64_t delay = initial;
  for (int i = 1; i < attempts && delay < cap; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, cap);
  const double extra =
      std::clamp(policy.jitter, 0.0, 1.0) * std::clamp(unit, 0.0, 1.0) * static_cast<double>(delay);
  return std::chrono::milliseconds(delay + static_cast<int64_t>(extra));
}

double NextJitterUnit(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

OutboxDispatcher::OutboxDispatcher(ports::Database& db, const ports::Clock& clock,
                                   DispatcherOptions options)
    : db_(db), clock_(clock), options_(options), rng_state_(std::random_device{}()) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

void OutboxDispatcher::RegisterChannel(std::string name, ports::Channel& channel) {
  channels_[std::move(name)] = &channel;
}

void OutboxDispatcher::HoldChannel(std::string name) { held_.push_back(std::move(name)); }

void OutboxDispatcher::Start() {
  if (thread_.joinable()) {
    return;
  }
  {
    MutexLock lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void OutboxDispatcher::Stop() {
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void OutboxDispatcher::Notify() {
  {
    MutexLock lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

bool OutboxDispatcher::Stopping() {
  MutexLock lock(mu_);
  return stop_;
}

double OutboxDispatcher::JitterUnit() {
  MutexLock lock(mu_);
  return NextJitterUnit(rng_state_);
}

Result<std::optional<ports::OutboxMessage>> OutboxDispatcher::ClaimNext() {
  const TimePoint now = clock_.Now();
  std::optional<ports::OutboxMessage> claimed;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(claimed, storage::OutboxStore(tx).ClaimNext(
                                     ToMillis(now), ToMillis(now + options_.lease), held_));
    return Ok();
  }));
  return claimed;
}

Status OutboxDispatcher::Deliver(const ports::OutboxMessage& message, DispatchStats& stats) {
  const auto channel = channels_.find(message.channel);
  const Status sent =
      channel == channels_.end()
          // Nobody here can deliver it, and retrying will not change that: a message
          // waiting forever for a channel would only hide the mistake.
          ? Status(Error::InvalidArgument("no channel '" + message.channel + "' is registered"))
          : channel->second->Send(message);
  const TimePoint now = clock_.Now();
  // Every outcome is fenced on (status, attempts) in the store: if our lease expired and
  // another dispatcher claimed the message meanwhile, its outcome wins.
  if (sent) {
    ++stats.sent;
    return db_.Write([&](ports::Tx& tx) -> Status {
      return StatusOf(
          storage::OutboxStore(tx).MarkSent(message.id, message.attempts, ToMillis(now)));
    });
  }
  const Error& error = sent.error();
  const bool permanent = error.code != ErrorCode::kUnavailable;
  if (permanent || message.attempts >= options_.retry.max_attempts) {
    ++stats.failed;
    spdlog::warn(R"({{"event":"outbox_failed","id":{},"channel":{},"attempts":{},"error":{}}})",
                 message.id, JsonText(message.channel), message.attempts, JsonText(error.message));
    return db_.Write([&](ports::Tx& tx) -> Status {
      return StatusOf(
          storage::OutboxStore(tx).MarkFailed(message.id, message.attempts, ErrorText(error)));
    });
  }
  ++stats.retried;
  const auto delay = BackoffDelay(options_.retry, static_cast<int>(message.attempts), JitterUnit());
  spdlog::info(
      R"({{"event":"outbox_retry","id":{},"channel":{},"attempts":{},"retry_in_ms":{},"error":{}}})",
      message.id, JsonText(message.channel), message.attempts, delay.count(),
      JsonText(error.message));
  return db_.Write([&](ports::Tx& tx) -> Status {
    return StatusOf(storage::OutboxStore(tx).Reschedule(message.id, message.attempts,
                                                        ToMillis(now + delay), ErrorText(error)));
  });
}

Result<DispatchStats> OutboxDispatcher::RunOnce() {
  DispatchStats stats;
  int empty_claims = 0;
  while (!Stopping()) {
    WR_ASSIGN_OR_RETURN(std::optional<ports::OutboxMessage> claimed, ClaimNext());
    if (!claimed) {
      bool more_due = false;
      WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
        WR_ASSIGN_OR_RETURN(more_due,
                            storage::OutboxStore(tx).AnyDue(ToMillis(clock_.Now()), held_));
        return Ok();
      }));
      if (!more_due || ++empty_claims > kMaxEmptyClaimRetries) {
        break;
      }
      continue;
    }
    WR_RETURN_IF_ERROR(Deliver(*claimed, stats));
  }
  return stats;
}

Result<int64_t> OutboxDispatcher::PurgeSent(TimePoint older_than) {
  int64_t deleted = 0;
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(deleted, storage::OutboxStore(tx).PurgeSent(ToMillis(older_than)));
    return Ok();
  }));
  return deleted;
}

void OutboxDispatcher::Loop() {
  std::optional<TimePoint> last_purge;
  while (!Stopping()) {
    if (auto stats = RunOnce(); !stats) {
      spdlog::error(R"({{"event":"outbox_dispatch_failed","error":{}}})",
                    JsonText(stats.error().message));
    }
    const TimePoint now = clock_.Now();
    if (options_.sent_retention.count() > 0 &&
        (!last_purge || now - *last_purge >= std::chrono::hours(1))) {
      last_purge = now;
      if (auto purged = PurgeSent(now - options_.sent_retention); !purged) {
        spdlog::error(R"({{"event":"outbox_purge_failed","error":{}}})",
                      JsonText(purged.error().message));
      }
    }
    // The wait is on the steady clock: it only paces polling, while due times come from
    // the injected clock.
    MutexLock lock(mu_);
    const auto deadline = std::chrono::steady_clock::now() + options_.poll_interval;
    while (!stop_ && !notified_) {
      if (wake_.wait_until(lock, deadline) == std::cv_status::timeout) {
        break;
      }
    }
    notified_ = false;
  }
}

}  // namespace warroom::delivery
