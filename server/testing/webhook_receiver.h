// WebhookReceiver: a small HTTP/1.1 server in the test process (127.0.0.1, port 0) that
// plays a webhook receiver: it records each request, checks its signature as a real
// receiver would (core::webhook::Verify: HMAC over timestamp and body, stale timestamps
// refused) and answers 401 when that fails, else the next scripted status (200 when the
// script is used up). One connection at a time, closed after each answer.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "libs/base/result.h"
#include "server/ports/clock.h"

namespace warroom::testing {

struct ReceivedWebhook {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool verified = false;  // the signature and timestamp passed
  int answered = 0;       // the status sent back
};

class WebhookReceiver {
 public:
  // Verifies with `secret` against `clock` (both may change later via the setters).
  WebhookReceiver(std::string secret, const ports::Clock& clock);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // Listens and serves on a background thread; returns the port.
  Result<uint16_t> Start();
  void Stop();
  // "http://127.0.0.1:<port><path>".
  std::string Url(const std::string& path = "/hook") const;

  void set_secret(std::string secret);
  // The statuses of the next verified requests, in order.
  void Script(std::vector<int> statuses);
  std::vector<ReceivedWebhook> Received() const;
  // What a receiver decides about `r` with this secret now.
  bool Verifies(const ReceivedWebhook& r) const;

 private:
  void Serve();
  void Handle(int fd);

  const ports::Clock& clock_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::string secret_;
  std::deque<int> script_;
  std::vector<ReceivedWebhook> received_;
  bool stop_ = false;
};

}  // namespace warroom::testing
