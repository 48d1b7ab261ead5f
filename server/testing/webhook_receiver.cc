#include "server/testing/webhook_receiver.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "server/core/webhook/webhook.h"

namespace warroom::testing {

WebhookReceiver::WebhookReceiver(std::string secret, const ports::Clock& clock)
    : clock_(clock), secret_(std::move(secret)) {}

WebhookReceiver::~WebhookReceiver() { Stop(); }

Result<uint16_t> WebhookReceiver::Start() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) return Error::Unavailable("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 16) != 0) {
    return Error::Unavailable("bind/listen failed");
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
  return port_;
}

void WebhookReceiver::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

std::string WebhookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::set_secret(std::string secret) {
  std::lock_guard lock(mu_);
  secret_ = std::move(secret);
}

void WebhookReceiver::Script(std::vector<int> statuses) {
  std::lock_guard lock(mu_);
  script_.assign(statuses.begin(), statuses.end());
}

std::vector<ReceivedWebhook> WebhookReceiver::Received() const {
  std::lock_guard lock(mu_);
  return received_;
}

bool WebhookReceiver::Verifies(const ReceivedWebhook& r) const {
  std::string secret;
  {
    std::lock_guard lock(mu_);
    secret = secret_;
  }
  const auto header = [&](const std::string& name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
  };
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  return core::webhook::Verify(secret, header("x-warroom-timestamp"), r.body,
                               header("x-warroom-signature"), now);
}

void WebhookReceiver::Serve() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    Handle(fd);
    close(fd);
  }
}

void WebhookReceiver::Handle(int fd) {
  std::string data;
  char buf[4096];
  size_t head_end = std::string::npos;
  size_t content_length = 0;
  ReceivedWebhook r;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return;
    data.append(buf, static_cast<size_t>(n));
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      const std::string head = data.substr(0, head_end);
      size_t line_end = head.find("\r\n");
      const std::string request_line = head.substr(0, line_end);
      const size_t sp1 = request_line.find(' ');
      const size_t sp2 = request_line.find(' ', sp1 + 1);
      r.method = request_line.substr(0, sp1);
      r.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      while (line_end != std::string::npos && line_end < head.size()) {
        const size_t next = head.find("\r\n", line_end + 2);
        const std::string line = head.substr(
            line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          std::transform(name.begin(), name.end(), name.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          r.headers[name] = value;
        }
        line_end = next;
      }
      if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
        content_length = std::stoul(it->second);
      }
    }
    if (data.size() >= head_end + 4 + content_length) break;
  }
  r.body = data.substr(head_end + 4, content_length);
  r.verified = Verifies(r);
  int status = 401;
  {
    std::lock_guard lock(mu_);
    if (r.verified) {
      status = 200;
      if (!script_.empty()) {
        status = script_.front();
        script_.pop_front();
      }
    }
    r.answered = status;
    received_.push_back(r);
  }
  std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n";
  if (status >= 300 && status < 400) response += "Location: http://127.0.0.1:1/elsewhere\r\n";
  response += "Connection: close\r\n\r\n";
  (void)write(fd, response.data(), response.size());
}

}  // namespace warroom::testing
