// FakeMailTransport: a MailTransport that records what it is asked to send and fails on
// request, for tests of the outbox and of notifiers.
#pragma once

#include <deque>
#include <mutex>
#include <vector>

#include "server/ports/mail_transport.h"

namespace warroom::testing {

class FakeMailTransport final : public ports::MailTransport {
 public:
  Status Send(const ports::MailMessage& message) override {
    std::lock_guard lock(mu_);
    attempts_.push_back(message);
    if (!failures_.empty()) {
      Error e = failures_.front();
      failures_.pop_front();
      return e;
    }
    sent_.push_back(message);
    return Ok();
  }

  // The next Send calls fail with these errors, in order.
  void FailNext(Error error) {
    std::lock_guard lock(mu_);
    failures_.push_back(std::move(error));
  }
  std::vector<ports::MailMessage> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  std::vector<ports::MailMessage> attempts() const {
    std::lock_guard lock(mu_);
    return attempts_;
  }

 private:
  mutable std::mutex mu_;
  std::deque<Error> failures_;                // guarded by mu_
  std::vector<ports::MailMessage> sent_;      // guarded by mu_
  std::vector<ports::MailMessage> attempts_;  // guarded by mu_
};

}  // namespace warroom::testing
