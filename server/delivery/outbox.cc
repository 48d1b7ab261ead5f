#include "server/delivery/email/outbox.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <utility>

#include "server/delivery/email/mime.h"

namespace warroom::delivery::email {
namespace {

constexpr std::string_view kChannel = "email";
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

struct OutboxDispatcher::Claimed {
  int64_t id = 0;
  int64_t attempts = 0;  // including this one
  int64_t created_at = 0;
  ports::MailMessage message;
};

Status EnqueueEmail(storage::Tx& tx, const OutboxEmail& email, TimePoint now) {
  if (!IsValidMailAddress(email.to)) {
    return Error::InvalidArgument("invalid recipient address");
  }
  if (email.subject.find_first_of("\r\n") != std::string::npos) {
    return Error::InvalidArgument("line break in subject");
  }
  const int64_t at = ToMillis(now);
  storage::Value html = nullptr;
  if (email.body_html) {
    html = *email.body_html;
  }
  WR_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO outbox (channel, recipient, subject, body_text, body_html, status, attempts, "
      "created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7)",
      {std::string(kChannel), email.to, email.subject, email.body_text, html, at, at}));
  return Ok();
}

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

OutboxDispatcher::OutboxDispatcher(storage::Database& db, ports::MailTransport& transport,
                                   const ports::Clock& clock, DispatcherOptions options)
    : db_(db),
      transport_(transport),
      clock_(clock),
      options_(std::move(options)),
      rng_state_(std::random_device{}()) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

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
  // splitmix64: cheap and good enough to spread retries of many dispatchers apart.
  uint64_t z = (rng_state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

Result<std::optional<OutboxDispatcher::Claimed>> OutboxDispatcher::ClaimNext() {
  const TimePoint now = clock_.Now();
  const int64_t now_ms = ToMillis(now);
  const int64_t lease_until = ToMillis(now + options_.lease);
  std::optional<Claimed> claimed;
  // One statement, so the claim is atomic on both engines: a competing dispatcher that
  // updated the row first makes the outer WHERE fail here. Attempts are counted at claim
  // time so that a message that kills its dispatcher cannot be retried forever.
  WR_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(
        auto row,
        tx.QueryOptional(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $1, attempts = attempts + 1 "
            "WHERE id = (SELECT id FROM outbox WHERE channel = $2 "
            "AND status IN ('pending', 'sending') AND next_attempt_at <= $3 "
            "ORDER BY next_attempt_at, id LIMIT 1) "
            "AND status IN ('pending', 'sending') AND next_attempt_at <= $3 "
            "RETURNING id, recipient, subject, body_text, body_html, attempts, created_at",
            {lease_until, std::string(kChannel), now_ms}));
    if (!row) return Ok();
    Claimed c;
    c.id = row->Int(0);
    c.message.to = row->Text(1);
    c.message.subject = row->Text(2);
    c.message.body_text = row->Text(3);
    c.message.body_html = row->OptText(4);
    c.attempts = row->Int(5);
    c.created_at = row->Int(6);
    claimed = std::move(c);
    return Ok();
  }));
  if (claimed) {
    claimed->message.from = options_.from;
    // Stable across retries, so a receiver can recognise a message delivered twice.
    claimed->message.message_id = "<outbox-" + std::to_string(claimed->id) + "." +
                                  std::to_string(claimed->created_at) + "@" +
                                  std::string(AddressDomain(options_.from)) + ">";
    claimed->message.headers.emplace_back("Auto-Submitted", "auto-generated");
  }
  return claimed;
}

Status OutboxDispatcher::Deliver(const Claimed& claimed, DispatchStats& stats) {
  const Status sent = transport_.Send(claimed.message);
  const TimePoint now = clock_.Now();
  // Every update is fenced on (status, attempts): if our lease expired and another
  // dispatcher claimed the message meanwhile, its outcome wins.
  if (sent) {
    ++stats.sent;
    // The body goes once sent: it may hold a one-time link, and nothing reads it again.
    // The row keeps what the delivery record needs (recipient, subject, status, attempts,
    // times; the Message-ID derives from id and created_at).
    return db_.Write([&](storage::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(
          tx.Exec("UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL, "
                  "body_text = '', body_html = NULL "
                  "WHERE id = $2 AND status = 'sending' AND attempts = $3",
                  {ToMillis(now), claimed.id, claimed.attempts}));
      return Ok();
    });
  }
  const Error& error = sent.error();
  const bool permanent = error.code != ErrorCode::kUnavailable;
  if (permanent || claimed.attempts >= options_.retry.max_attempts) {
    ++stats.failed;
    spdlog::warn(R"({{"event":"outbox_failed","id":{},"attempts":{},"error":{}}})", claimed.id,
                 claimed.attempts, JsonText(error.message));
    return db_.Write([&](storage::Tx& tx) -> Status {
      WR_RETURN_IF_ERROR(
          tx.Exec("UPDATE outbox SET status = 'failed', last_error = $1 "
                  "WHERE id = $2 AND status = 'sending' AND attempts = $3",
                  {ErrorText(error), claimed.id, claimed.attempts}));
      return Ok();
    });
  }
  ++stats.retried;
  const auto delay = BackoffDelay(options_.retry, static_cast<int>(claimed.attempts), JitterUnit());
  spdlog::info(R"({{"event":"outbox_retry","id":{},"attempts":{},"retry_in_ms":{},"error":{}}})",
               claimed.id, claimed.attempts, delay.count(), JsonText(error.message));
  return db_.Write([&](storage::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(
        tx.Exec("UPDATE outbox SET status = 'pending', next_attempt_at = $1, last_error = $2 "
                "WHERE id = $3 AND status = 'sending' AND attempts = $4",
                {ToMillis(now + delay), ErrorText(error), claimed.id, claimed.attempts}));
    return Ok();
  });
}

Result<DispatchStats> OutboxDispatcher::RunOnce() {
  DispatchStats stats;
  int empty_claims = 0;
  while (!Stopping()) {
    WR_ASSIGN_OR_RETURN(std::optional<Claimed> claimed, ClaimNext());
    if (!claimed) {
      bool more_due = false;
      WR_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
        WR_ASSIGN_OR_RETURN(auto row,
                            tx.QueryOptional("SELECT id FROM outbox WHERE channel = $1 "
                                             "AND status IN ('pending', 'sending') "
                                             "AND next_attempt_at <= $2 LIMIT 1",
                                             {std::string(kChannel), ToMillis(clock_.Now())}));
        more_due = row.has_value();
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
  WR_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(deleted, tx.Exec("DELETE FROM outbox WHERE channel = $1 AND "
                                         "status = 'sent' AND sent_at < $2",
                                         {std::string(kChannel), ToMillis(older_than)}));
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

}  // namespace warroom::delivery::email
