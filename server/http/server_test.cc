// HttpServer over raw sockets: what a client that is not a browser can send. Each test
// starts a server on 127.0.0.1 port 0 with a plain handler (no database), so that only
// the socket side is under test.
#include "server/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>

namespace warroom::http {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// One TCP connection to the server, read with a timeout so a test never hangs.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port, milliseconds timeout = milliseconds(5000)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }

  bool Send(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return false;
      off += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads one response; std::nullopt when the stream does not start with a status line
  // or ends (or times out) first. `head` responses have no body whatever they announce.
  std::optional<RawResponse> ReadResponse(bool head = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    const std::string block = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    RawResponse r;
    if (block.rfind("HTTP/1.1 ", 0) != 0 || block.size() < 12) return std::nullopt;
    r.status = std::stoi(block.substr(9, 3));
    size_t pos = block.find("\r\n");
    while (pos != std::string::npos && pos + 2 < block.size()) {
      const size_t next = block.find("\r\n", pos + 2);
      const std::string line =
          block.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers[name] = value;
      }
      pos = next;
    }
    if (head) return r;
    const size_t length =
        r.headers.contains("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // True when the server closes the connection (before the read timeout) with nothing
  // more sent.
  bool ClosedByServer() {
    if (!buffer_.empty()) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

  const std::string& buffered() const { return buffer_; }

 private:
  bool Fill() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  // Starts a server whose /api handler answers "hello world" to every request.
  void Start(ServerConfig config = {}) {
    config.address = "127.0.0.1";
    config.port = 0;
    config.io_threads = 1;
    config.worker_threads = 2;
    server_ = std::make_unique<HttpServer>(
        [this](Request& r) {
          ++handled_;
          last_body_ = r.body;
          Response resp;
          resp.content_type = "text/plain";
          resp.body = "hello world";
          return resp;
        },
        config);
    auto port = server_->Start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (!web_root_.empty()) std::filesystem::remove_all(web_root_);
  }

  std::string MakeWebRoot() {
    web_root_ = std::filesystem::temp_directory_path() /
                ("warroom-web-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(web_root_ / "assets");
    std::ofstream(web_root_ / "index.html") << "<!doctype html><title>warroom</title>";
    std::ofstream(web_root_ / "assets" / "app.js") << "console.log(1);\n//# sourceMappingURL=x";
    std::ofstream(web_root_ / "assets" / "app.js.map")
        << R"({"version":3,"sources":["secret.ts"]})";
    return web_root_.string();
  }

  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
  std::atomic<int> handled_{0};
  std::string last_body_;
  std::filesystem::path web_root_;
};

TEST_F(HttpServerTest, HeadSendsHeadersOnlySoTheNextResponseParses) {
  ServerConfig config;
  config.web_root = MakeWebRoot();
  Start(config);
  RawConnection c(port_);
  ASSERT_TRUE(c.connected());
  for (const std::string path : {"/api/thing", "/"}) {
    ASSERT_TRUE(c.Send("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    auto head = c.ReadResponse(/*head=*/true);
    ASSERT_TRUE(head) << path;
    EXPECT_EQ(head->status, 200) << path;
    ASSERT_TRUE(c.Send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    auto get = c.ReadResponse();
    ASSERT_TRUE(get) << path << ": the stream after HEAD starts with: " << c.buffered();
    EXPECT_EQ(get->status, 200);
    // HEAD announces what GET sends.
    EXPECT_EQ(head->headers["content-length"], std::to_string(get->body.size())) << path;
    EXPECT_EQ(head->headers["content-type"], get->headers["content-type"]) << path;
  }
}

TEST_F(HttpServerTest, OversizedHeadersGet431) {
  Start();
  {
    RawConnection c(port_);
    ASSERT_TRUE(
        c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
    EXPECT_EQ(r->headers["connection"], "close");
    EXPECT_EQ(r->headers["content-type"], "application/problem+json");
    EXPECT_NE(r->body.find("request_headers_too_large"), std::string::npos) << r->body;
    EXPECT_TRUE(c.ClosedByServer());
  }
  {
    // Many small fields: over the field count.
    std::string many = "GET /api/x HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 150; ++i) many += "X-F" + std::to_string(i) + ": 1\r\n";
    RawConnection c(port_);
    ASSERT_TRUE(c.Send(many + "\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
  }
  {
    // Fields each within the limits that together exceed the header block limit.
    std::string block = "GET /api/x HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 90; ++i) {
      block += "X-F" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
    }
    RawConnection c(port_);
    ASSERT_TRUE(c.Send(block + "\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
  }
  {
    RawConnection c(port_);
    ASSERT_TRUE(c.Send("GET /api/" + std::string(9000, 'u') + " HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 414);
  }
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, BodyOverTheLimitGets413BeforeItIsSent) {
  ServerConfig config;
  config.max_body_bytes = 1024;
  Start(config);
  RawConnection c(port_);
  // Only the head is sent: the answer must not wait for the body.
  ASSERT_TRUE(
      c.Send("POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
             "Content-Length: 5000000\r\n\r\n"));
  auto r = c.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("body_too_large"), std::string::npos);
  EXPECT_TRUE(c.ClosedByServer());
  EXPECT_EQ(handled_, 0);

  // Within the limit it is served.
  RawConnection ok(port_);
  ASSERT_TRUE(ok.Send("POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"));
  auto served = ok.ReadResponse();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST_F(HttpServerTest, AmbiguousFramingGets400) {
  Start();
  for (const std::string& request : {
           // Content-Length with Transfer-Encoding: a request smuggling vector.
           std::string("POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
           // A chunk size that is not hexadecimal.
           std::string("POST /api/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "zz\r\nhello\r\n0\r\n\r\n"),
       }) {
    RawConnection c(port_);
    ASSERT_TRUE(c.Send(request));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r) << request;
    EXPECT_EQ(r->status, 400) << request;
    EXPECT_NE(r->body.find("malformed_request"), std::string::npos) << r->body;
    EXPECT_TRUE(c.ClosedByServer()) << request;
  }
  EXPECT_EQ(handled_, 0);
  // A proper chunked body is read.
  RawConnection c(port_);
  ASSERT_TRUE(
      c.Send("POST /api/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
             "2\r\n{}\r\n0\r\n\r\n"));
  auto r = c.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(last_body_, "{}");
}

TEST_F(HttpServerTest, Http11WithoutHostGets400) {
  Start();
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\n\r\n"));
  auto r = c.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_EQ(handled_, 0);
  // HTTP/1.0 has no Host requirement.
  RawConnection old(port_);
  ASSERT_TRUE(old.Send("GET /api/x HTTP/1.0\r\n\r\n"));
  auto r10 = old.ReadResponse();
  ASSERT_TRUE(r10);
  EXPECT_EQ(r10->status, 200);
}

TEST_F(HttpServerTest, SlowClientsAreCut) {
  ServerConfig config;
  config.header_timeout = milliseconds(300);
  config.body_timeout = milliseconds(300);
  Start(config);
  {
    // A head that never ends.
    RawConnection c(port_);
    const auto start = Clock::now();
    ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n"));
    EXPECT_TRUE(c.ClosedByServer());
    EXPECT_LT(Clock::now() - start, milliseconds(3000));
  }
  {
    // A connection that never sends anything.
    RawConnection c(port_);
    EXPECT_TRUE(c.ClosedByServer());
  }
  {
    // A body that never ends.
    RawConnection c(port_);
    ASSERT_TRUE(c.Send("POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n{}"));
    EXPECT_TRUE(c.ClosedByServer());
  }
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerTest, ConnectionsPerAddressAreCapped) {
  ServerConfig config;
  config.max_connections_per_address = 2;
  Start(config);
  auto a = std::make_unique<RawConnection>(port_);
  RawConnection b(port_);
  for (RawConnection* c : {a.get(), &b}) {
    ASSERT_TRUE(c->Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto r = c->ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  {
    RawConnection third(port_);
    EXPECT_TRUE(third.ClosedByServer());
  }
  // Once one closes, a new connection is served again (the server sees the close a
  // moment later).
  a.reset();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    RawConnection again(port_);
    served = again.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n") && again.ReadResponse();
    if (!served) std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(served);
}

TEST_F(HttpServerTest, HstsOnlyWhenConfigured) {
  for (const bool hsts : {false, true}) {
    ServerConfig config;
    config.hsts = hsts;
    Start(config);
    RawConnection c(port_);
    ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->headers.contains("strict-transport-security"), hsts);
    if (hsts) {
      EXPECT_EQ(r->headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    }
    server_->Stop();
  }
}

TEST_F(HttpServerTest, SourceMapsAreNotServed) {
  ServerConfig config;
  config.web_root = MakeWebRoot();
  Start(config);
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("GET /assets/app.js.map HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto r = c.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.find("secret.ts"), std::string::npos) << r->body;
  EXPECT_EQ(r->headers["content-type"], "text/html; charset=utf-8");  // the app's fallback
}

}  // namespace
}  // namespace warroom::http
