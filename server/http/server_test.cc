// HttpServer over raw sockets: what a client that is not a browser can send. Each test
// starts a server on 127.0.0.1 port 0 with a plain handler (no database), so that only
// the socket side is under test.
#include "server/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/http/sse.h"

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
  // `receive_buffer` > 0 shrinks the socket's receive buffer (a slow reader's window).
  explicit RawConnection(uint16_t port, milliseconds timeout = milliseconds(5000),
                         int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
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
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
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

  // Reads one chunk of a chunked body: its data, "" for the last chunk, std::nullopt
  // when the stream ends, times out or is not chunked.
  std::optional<std::string> ReadChunk() {
    size_t eol;
    while ((eol = buffer_.find("\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    size_t size = 0;
    try {
      size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    while (buffer_.size() < eol + 2 + size + 2) {
      if (!Fill()) return std::nullopt;
    }
    if (buffer_.compare(eol + 2 + size, 2, "\r\n") != 0) return std::nullopt;
    std::string data = buffer_.substr(eol + 2, size);
    buffer_.erase(0, eol + 2 + size + 2);
    return data;
  }

  // Reads (and drops) whatever comes until the server closes; false on timeout.
  bool DrainUntilClosed() {
    buffer_.clear();
    char chunk[65536];
    while (true) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
      if (n < 0) return false;
    }
  }

  void Close() {
    ::close(fd_);
    fd_ = -1;
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

// A test-only streaming route's producer: keeps the streams it opened and counts those
// that closed, and lets the test wait for either.
class StreamCatcher {
 public:
  Response Open() {
    StreamCallbacks callbacks;
    callbacks.opened = [this](std::shared_ptr<ResponseStream> stream) {
      std::lock_guard lock(mu_);
      opened_.push_back(std::move(stream));
      cv_.notify_all();
    };
    callbacks.closed = [this] {
      std::lock_guard lock(mu_);
      ++closed_;
      cv_.notify_all();
    };
    return Response::Stream(std::move(callbacks));
  }

  // The n-th stream opened (1-based), once it is; nullptr after 5 s.
  std::shared_ptr<ResponseStream> WaitOpened(size_t n) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(5), [&] { return opened_.size() >= n; })) {
      return nullptr;
    }
    return opened_[n - 1];
  }

  // True once at least `n` streams closed (within `timeout`).
  bool WaitClosed(int n, milliseconds timeout = milliseconds(5000)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return closed_ >= n; });
  }

  size_t opened() {
    std::lock_guard lock(mu_);
    return opened_.size();
  }
  int closed() {
    std::lock_guard lock(mu_);
    return closed_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<ResponseStream>> opened_;  // guarded by mu_
  int closed_ = 0;                                       // guarded by mu_
};

class HttpServerTest : public ::testing::Test {
 protected:
  // Starts a server whose /api handler answers "hello world" to every request, except
  // /api/stream: a streaming route whose streams `streams_` catches.
  void Start(ServerConfig config = {}, BodyLimit body_limit = {}) {
    config.address = "127.0.0.1";
    config.port = 0;
    config.io_threads = 1;
    config.worker_threads = 2;
    server_ = std::make_unique<HttpServer>(
        [this](Request& r) {
          ++handled_;
          if (r.path == "/api/stream") return streams_->Open();
          last_body_ = r.body;
          Response resp;
          resp.content_type = "text/plain";
          resp.body = "hello world";
          return resp;
        },
        config, std::move(body_limit));
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

  // Opens a stream on `c` and returns its head (std::nullopt when none came).
  static std::optional<RawResponse> OpenStream(RawConnection& c, const std::string& extra = "") {
    if (!c.Send("GET /api/stream HTTP/1.1\r\nHost: a\r\n" + extra + "\r\n")) return std::nullopt;
    return c.ReadResponse(/*head=*/true);
  }

  // Declared before server_: the server's callbacks use it until the server is gone.
  std::shared_ptr<StreamCatcher> streams_ = std::make_shared<StreamCatcher>();
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

TEST_F(HttpServerTest, RouteBodyLimitGets413AsSoonAsTheHeadSaysSo) {
  ServerConfig config;
  config.max_body_bytes = uint64_t{1024} * 1024;
  Start(config, [](const std::string& method, const std::string& path) -> std::optional<uint64_t> {
    if (method == "POST" && path == "/api/small") return 16;
    return std::nullopt;
  });
  {
    // Only the head is sent: the body is within the server's limit but not the route's.
    RawConnection c(port_);
    ASSERT_TRUE(
        c.Send("POST /api/small HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
               "Content-Length: 100\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_NE(r->body.find("body_too_large"), std::string::npos) << r->body;
    EXPECT_TRUE(c.ClosedByServer());
  }
  {
    // The route's path percent-encoded is the same route.
    RawConnection c(port_);
    ASSERT_TRUE(c.Send("POST /api/sm%61ll HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  EXPECT_EQ(handled_, 0);
  // Within the route's limit, and another route with the same length, are served.
  for (const std::string& request :
       {std::string("POST /api/small?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"),
        "POST /api/other HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" +
            std::string(100, ' ')}) {
    RawConnection c(port_);
    ASSERT_TRUE(c.Send(request));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << request;
  }
  EXPECT_EQ(handled_, 2);
}

TEST_F(HttpServerTest, StreamSendsChunkedEventsPushedFromAnotherThread) {
  auto log = std::make_shared<std::ostringstream>();
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log)));
  Start();
  RawConnection c(port_);
  auto head = OpenStream(c);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-type"], "text/event-stream; charset=utf-8");
  EXPECT_EQ(head->headers["transfer-encoding"], "chunked");
  EXPECT_EQ(head->headers["cache-control"], "no-store");
  EXPECT_EQ(head->headers["x-accel-buffering"], "no");
  EXPECT_EQ(head->headers["x-content-type-options"], "nosniff");
  EXPECT_FALSE(head->headers.contains("content-length"));
  auto stream = streams_->WaitOpened(1);
  ASSERT_TRUE(stream);

  std::vector<std::string> events;
  for (int i = 1; i <= 3; ++i) {
    SseEvent e;
    e.id = std::to_string(i);
    e.event = "test";
    e.data = "line a\nline " + std::to_string(i);
    events.push_back(e.Format());
  }
  std::thread producer([&] {
    for (const auto& e : events) EXPECT_TRUE(stream->Send(e));
  });
  producer.join();
  for (const auto& e : events) {
    auto chunk = c.ReadChunk();
    ASSERT_TRUE(chunk);
    EXPECT_EQ(*chunk, e);
  }
  EXPECT_EQ(streams_->closed(), 0);

  // The producer ends it: the last chunk, the closed callback, and the log line.
  stream->Close();
  auto last = c.ReadChunk();
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, "");
  EXPECT_TRUE(streams_->WaitClosed(1));
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->Send("data: late\n\n"));
  spdlog::set_default_logger(previous);
  EXPECT_NE(log->str().find(R"("method":"GET","path":"/api/stream","status":200)"),
            std::string::npos)
      << log->str();
  EXPECT_NE(log->str().find(R"("stream":true)"), std::string::npos) << log->str();

  // The connection carries the next request.
  ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto next = c.ReadResponse();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello world");
}

TEST_F(HttpServerTest, StreamHeartbeatArrives) {
  ServerConfig config;
  config.stream_heartbeat = milliseconds(50);
  Start(config);
  RawConnection c(port_);
  ASSERT_TRUE(OpenStream(c));
  for (int i = 0; i < 2; ++i) {
    auto chunk = c.ReadChunk();
    ASSERT_TRUE(chunk);
    EXPECT_EQ(*chunk, ": keep-alive\n\n");
  }
}

TEST_F(HttpServerTest, StreamNoticesTheClientLeaving) {
  Start();  // heartbeat at its default (15 s): the close must be noticed without one
  RawConnection c(port_);
  ASSERT_TRUE(OpenStream(c));
  auto stream = streams_->WaitOpened(1);
  ASSERT_TRUE(stream);
  c.Close();
  EXPECT_TRUE(streams_->WaitClosed(1, milliseconds(5000)));
  EXPECT_TRUE(stream->closed());
  EXPECT_FALSE(stream->Send("data: x\n\n"));
}

TEST_F(HttpServerTest, StreamCutsASlowReaderAtTheBound) {
  ServerConfig config;
  config.max_stream_unsent_bytes = size_t{64} * 1024;
  Start(config);
  RawConnection c(port_, milliseconds(5000), /*receive_buffer=*/4096);
  ASSERT_TRUE(OpenStream(c));
  auto stream = streams_->WaitOpened(1);
  ASSERT_TRUE(stream);
  const std::string chunk = "data: " + std::string(size_t{16} * 1024, 'x') + "\n\n";
  // A client that keeps up gets far more than the bound over time.
  for (int i = 0; i < 64; ++i) {
    ASSERT_TRUE(stream->Send(chunk)) << i;
    auto read = c.ReadChunk();
    ASSERT_TRUE(read);
    ASSERT_EQ(*read, chunk);
  }
  // Then it reads nothing more: once the socket buffers are full, unsent data grows
  // until the bound cuts the stream.
  size_t sent = 0;
  while (sent < size_t{256} * 1024 * 1024 && stream->Send(chunk)) sent += chunk.size();
  EXPECT_LT(sent, size_t{256} * 1024 * 1024) << "never cut";
  EXPECT_TRUE(stream->closed());
  EXPECT_TRUE(streams_->WaitClosed(1));
  // The connection is closed, not left to drain.
  EXPECT_TRUE(c.DrainUntilClosed());
}

TEST_F(HttpServerTest, StopClosesOpenStreams) {
  Start();
  RawConnection a(port_);
  RawConnection b(port_);
  ASSERT_TRUE(OpenStream(a));
  ASSERT_TRUE(OpenStream(b));
  ASSERT_TRUE(streams_->WaitOpened(2));
  const auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
  EXPECT_EQ(streams_->closed(), 2);
  EXPECT_FALSE(streams_->WaitOpened(1)->Send("data: x\n\n"));
  for (RawConnection* c : {&a, &b}) EXPECT_TRUE(c->DrainUntilClosed());
}

TEST_F(HttpServerTest, OpenStreamsDoNotHoldWorkers) {
  Start();  // two worker threads
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 6; ++i) {
    open.push_back(std::make_unique<RawConnection>(port_));
    auto head = OpenStream(*open.back());
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
  }
  ASSERT_TRUE(streams_->WaitOpened(6));
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto r = c.ReadResponse();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello world");
}

TEST_F(HttpServerTest, StreamsAreCappedPerAddressAndPerServer) {
  {
    ServerConfig config;
    config.max_streams_per_address = 2;
    Start(config);
    RawConnection a(port_);
    RawConnection b(port_);
    ASSERT_TRUE(OpenStream(a));
    ASSERT_TRUE(OpenStream(b));
    RawConnection third(port_);
    ASSERT_TRUE(third.Send("GET /api/stream HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto r = third.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(r->headers["retry-after"], "10");
    // Once one closes, the address may open another.
    a.Close();
    ASSERT_TRUE(streams_->WaitClosed(1));
    RawConnection fourth(port_);
    auto again = OpenStream(fourth);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 200);
    server_->Stop();
  }
  {
    ServerConfig config;
    config.max_streams = 1;
    config.max_streams_per_address = 0;
    Start(config);
    RawConnection a(port_);
    ASSERT_TRUE(OpenStream(a));
    RawConnection b(port_);
    ASSERT_TRUE(b.Send("GET /api/stream HTTP/1.1\r\nHost: a\r\n\r\n"));
    auto r = b.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
  }
}

TEST_F(HttpServerTest, HeadOnAStreamingRouteSendsHeadersOnly) {
  Start();
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("HEAD /api/stream HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto head = c.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-type"], "text/event-stream; charset=utf-8");
  ASSERT_TRUE(c.Send("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto next = c.ReadResponse();
  ASSERT_TRUE(next) << "the stream after HEAD starts with: " << c.buffered();
  EXPECT_EQ(next->body, "hello world");
  EXPECT_EQ(streams_->opened(), 0u);
}

}  // namespace
}  // namespace warroom::http
