#include "server/http/server.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <restinio/all.hpp>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "server/http/redact.h"
#include "server/http/sse.h"
#include "server/http/worker_pool.h"

namespace warroom::http {
namespace {

// The open streams of a server (Response::Stream). Streams are keyed by their
// connection (one stream per connection: it is the connection's last response). A ticker
// thread sends heartbeats, runs the producers' `closed` callbacks and logs ended streams,
// so that neither the I/O threads nor a producer's thread run callbacks.
class StreamRegistry;

// What a chunk's write completion reports, from the I/O thread. Only atomics: RESTinio
// may run the callback inline while the sender holds its stream's lock.
struct WriteState {
  std::atomic<size_t> unsent{0};
  std::atomic<bool> failed{false};
};

using ChunkedBuilder = restinio::response_builder_t<restinio::chunked_output_t>;

class OpenStream final : public ResponseStream {
 public:
  OpenStream(ChunkedBuilder builder, std::weak_ptr<StreamRegistry> registry,
             restinio::connection_id_t connection, size_t max_unsent)
      : builder_(std::move(builder)),
        registry_(std::move(registry)),
        connection_(connection),
        max_unsent_(max_unsent) {}

  bool Send(std::string chunk) override;
  void Close() override { End(/*graceful=*/true); }
  bool closed() const override {
    std::lock_guard lock(mu_);
    return !builder_.has_value();
  }
  // Sends the headers (before the stream is registered; no other thread has it yet).
  void FlushHeaders() {
    std::lock_guard lock(mu_);
    builder_->flush();
  }
  bool failed() const { return state_->failed; }
  // Ends the response: `graceful` writes the last chunk; otherwise the connection is
  // closed at once (a slow or gone client). Only the first call counts.
  void End(bool graceful);

 private:
  mutable std::mutex mu_;
  std::optional<ChunkedBuilder> builder_;  // guarded by mu_; empty once ended
  const std::shared_ptr<WriteState> state_ = std::make_shared<WriteState>();
  const std::weak_ptr<StreamRegistry> registry_;
  const restinio::connection_id_t connection_;
  const size_t max_unsent_;
};

// Facts about a stream the ticker needs once it ended.
struct StreamInfo {
  std::string method;
  std::string log_path;
  std::string address;
  std::chrono::steady_clock::time_point start;
  std::shared_ptr<const StreamCallbacks> callbacks;
};

enum class StreamCheck { kNone, kWatch, kAbort };

class StreamRegistry {
 public:
  explicit StreamRegistry(const ServerConfig& config)
      : heartbeat_(std::max<std::chrono::milliseconds>(config.stream_heartbeat,
                                                       std::chrono::milliseconds(10))),
        max_streams_(config.max_streams),
        max_per_address_(config.max_streams_per_address) {}
  ~StreamRegistry() { Stop(); }

  void StartTicker() {
    ticker_ = std::thread([this] { Loop(); });
  }

  // Reserves a place for a stream from `address`: 0 when admitted, else the status of
  // the refusal (503 server full or stopping, 429 this address has too many).
  int Reserve(const std::string& address) {
    std::lock_guard lock(mu_);
    if (stopping_ || (max_streams_ != 0 && open_ + reserved_ >= max_streams_)) return 503;
    size_t& mine = per_address_[address];
    if (max_per_address_ != 0 && mine >= max_per_address_) {
      if (mine == 0) per_address_.erase(address);
      return 429;
    }
    ++mine;
    ++reserved_;
    return 0;
  }

  // Turns a reservation into an open stream; false when the server is stopping (the
  // caller ends the stream; the reservation is returned).
  bool Add(restinio::connection_id_t connection, std::shared_ptr<OpenStream> stream,
           StreamInfo info) {
    std::lock_guard lock(mu_);
    --reserved_;
    if (stopping_) {
      Release(info.address);
      return false;
    }
    ++open_;
    watched_.fetch_add(1);
    streams_[connection] = Entry{std::move(stream), std::move(info)};
    return true;
  }

  // Called by a stream once it ended (from any thread); the ticker does the rest.
  void Ended(restinio::connection_id_t connection, bool abort) {
    std::lock_guard lock(mu_);
    auto it = streams_.find(connection);
    if (it == streams_.end()) return;
    ended_.push_back(std::move(it->second.info));
    streams_.erase(it);
    --open_;
    if (abort) {
      // Closed on the connection's next timer tick; forgotten after a while in case the
      // connection had closed already (it then never ticks again).
      aborting_[connection] = std::chrono::steady_clock::now() + std::chrono::minutes(1);
    } else {
      watched_.fetch_sub(1);
    }
    cv_.notify_all();
  }

  // RESTinio closed a connection (the client went away, a write failed, a timeout).
  void ConnectionClosed(restinio::connection_id_t connection) {
    if (watched_.load() == 0) return;
    std::lock_guard lock(mu_);
    if (aborting_.erase(connection) > 0) watched_.fetch_sub(1);
    if (streams_.contains(connection)) {
      gone_.push_back(connection);
      cv_.notify_all();
    }
  }

  // Asked on every timer tick of every connection, on its I/O thread.
  StreamCheck Check(restinio::connection_id_t connection) {
    if (watched_.load() == 0) return StreamCheck::kNone;
    std::lock_guard lock(mu_);
    if (aborting_.contains(connection)) return StreamCheck::kAbort;
    return streams_.contains(connection) ? StreamCheck::kWatch : StreamCheck::kNone;
  }

  // Refuses new streams, ends every open one (the last chunk is queued), runs their
  // `closed` callbacks and stops the ticker.
  void Stop() {
    std::vector<std::shared_ptr<OpenStream>> open;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
      for (auto& [id, entry] : streams_) open.push_back(entry.stream);
      cv_.notify_all();
    }
    for (auto& stream : open) stream->End(/*graceful=*/true);
    if (ticker_.joinable()) ticker_.join();
    Finish(TakeEnded());
  }

 private:
  struct Entry {
    std::shared_ptr<OpenStream> stream;
    StreamInfo info;
  };

  void Release(const std::string& address) {  // mu_ held
    auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
  }

  std::vector<StreamInfo> TakeEnded() {
    std::lock_guard lock(mu_);
    for (const auto& info : ended_) Release(info.address);
    return std::exchange(ended_, {});
  }

  static void Finish(const std::vector<StreamInfo>& ended) {
    for (const auto& info : ended) {
      const auto ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - info.start)
              .count();
      spdlog::info(
          R"({{"event":"request","method":{},"path":{},"status":200,"ms":{:.2f},"stream":true}})",
          nlohmann::json(info.method).dump(), nlohmann::json(info.log_path).dump(), ms);
      if (info.callbacks->closed) {
        try {
          info.callbacks->closed();
        } catch (const std::exception& e) {
          spdlog::error(R"({{"event":"stream_closed_callback_failed","what":{}}})",
                        nlohmann::json(e.what()).dump());
        }
      }
    }
  }

  void Loop() {
    auto next_beat = std::chrono::steady_clock::now() + heartbeat_;
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_until(lock, next_beat,
                     [this] { return stopping_ || !ended_.empty() || !gone_.empty(); });
      if (stopping_) break;
      std::vector<std::shared_ptr<OpenStream>> gone;
      for (auto id : std::exchange(gone_, {})) {
        auto it = streams_.find(id);
        if (it != streams_.end()) gone.push_back(it->second.stream);
      }
      for (auto it = aborting_.begin(); it != aborting_.end();) {
        if (it->second < std::chrono::steady_clock::now()) {
          it = aborting_.erase(it);
          watched_.fetch_sub(1);
        } else {
          ++it;
        }
      }
      std::vector<std::shared_ptr<OpenStream>> beat;
      if (std::chrono::steady_clock::now() >= next_beat) {
        next_beat = std::chrono::steady_clock::now() + heartbeat_;
        for (auto& [id, entry] : streams_) beat.push_back(entry.stream);
      }
      lock.unlock();
      for (auto& stream : gone) stream->End(/*graceful=*/false);
      static const std::string kHeartbeat = SseComment("keep-alive");
      for (auto& stream : beat) stream->Send(kHeartbeat);
      Finish(TakeEnded());
      lock.lock();
    }
  }

  const std::chrono::milliseconds heartbeat_;
  const size_t max_streams_;
  const size_t max_per_address_;
  // Streams plus connections being aborted: lets Check skip the lock when there are none.
  std::atomic<size_t> watched_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                               // guarded by mu_
  size_t open_ = 0;                                     // guarded by mu_
  size_t reserved_ = 0;                                 // guarded by mu_
  std::map<std::string, size_t> per_address_;           // guarded by mu_
  std::map<restinio::connection_id_t, Entry> streams_;  // guarded by mu_
  std::map<restinio::connection_id_t, std::chrono::steady_clock::time_point>
      aborting_;                                 // guarded by mu_
  std::vector<restinio::connection_id_t> gone_;  // guarded by mu_
  std::vector<StreamInfo> ended_;                // guarded by mu_
  std::thread ticker_;
};

bool OpenStream::Send(std::string chunk) {
  {
    std::lock_guard lock(mu_);
    if (!builder_) return false;
    const size_t size = chunk.size();
    if (!state_->failed && state_->unsent.load() + size <= max_unsent_) {
      if (size == 0) return true;
      state_->unsent += size;
      builder_->append_chunk(std::move(chunk));
      builder_->flush([state = state_, size](const asio::error_code& ec) {
        if (ec) {
          state->failed = true;
        } else {
          state->unsent -= size;
        }
      });
      return true;
    }
  }
  // The client is gone, or reads too slowly to take this chunk: cut it.
  End(/*graceful=*/false);
  return false;
}

void OpenStream::End(bool graceful) {
  std::optional<ChunkedBuilder> builder;
  {
    std::lock_guard lock(mu_);
    if (!builder_) return;
    builder.emplace(std::move(*builder_));
    builder_.reset();
  }
  if (graceful && !state_->failed) {
    try {
      builder->done();
    } catch (const std::exception&) {
      graceful = false;  // the connection is closed below
    }
  }
  // Drops the connection handle: the connection may go once its writes are done.
  builder.reset();
  if (auto registry = registry_.lock()) registry->Ended(connection_, !graceful);
}

// Counts open connections per remote address (RESTinio's IP blocker and connection
// state listener hooks), and carries to the connection code below what it needs of the
// server: the body timeout, the routes' body limits and the open streams.
class ConnectionGuard {
 public:
  ConnectionGuard(size_t max_per_address, std::chrono::milliseconds body_timeout,
                  BodyLimit body_limit, std::shared_ptr<StreamRegistry> streams)
      : max_per_address_(max_per_address),
        body_timeout_(body_timeout),
        body_limit_(std::move(body_limit)),
        streams_(std::move(streams)) {}

  // Called by the acceptor before a connection is created.
  restinio::ip_blocker::inspection_result_t inspect(
      const restinio::ip_blocker::incoming_info_t& info) noexcept {
    if (max_per_address_ == 0) return restinio::ip_blocker::allow();
    const std::string address = info.remote_endpoint().address().to_string();
    std::lock_guard lock(mu_);
    auto it = per_address_.find(address);
    if (it != per_address_.end() && it->second >= max_per_address_) {
      return restinio::ip_blocker::deny();
    }
    return restinio::ip_blocker::allow();
  }

  // Accepted and closed notices; the acceptor creates each connection (and sends its
  // accepted notice) before it accepts the next one, so the count is exact. A connection
  // may report closed more than once: only its first notice counts.
  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    try {
      const auto cause = notice.cause();
      const bool closed = restinio::holds_alternative<restinio::connection_state::closed_t>(cause);
      if (closed) streams_->ConnectionClosed(notice.connection_id());
      if (max_per_address_ == 0) return;
      std::lock_guard lock(mu_);
      if (restinio::holds_alternative<restinio::connection_state::accepted_t>(cause)) {
        const std::string address = notice.remote_endpoint().address().to_string();
        open_[notice.connection_id()] = address;
        ++per_address_[address];
      } else if (closed) {
        auto it = open_.find(notice.connection_id());
        if (it == open_.end()) return;
        auto count = per_address_.find(it->second);
        if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
        open_.erase(it);
      }
    } catch (const std::exception&) {
      // Out of memory while counting: the cap is best effort then.
    }
  }

  std::chrono::milliseconds body_timeout() const { return body_timeout_; }

  // The body limit of the route a request head asks for (std::nullopt: the server's).
  std::optional<uint64_t> BodyLimitOf(std::string_view method, std::string_view raw_path) const {
    if (!body_limit_) return std::nullopt;
    auto path = PercentDecode(raw_path, false);
    if (!path || (*path != "/api" && path->rfind("/api/", 0) != 0)) return std::nullopt;
    return body_limit_(std::string(method), *path);
  }

  StreamRegistry& streams() { return *streams_; }

 private:
  const size_t max_per_address_;
  const std::chrono::milliseconds body_timeout_;
  const BodyLimit body_limit_;
  const std::shared_ptr<StreamRegistry> streams_;
  std::mutex mu_;
  std::map<std::string, size_t> per_address_;              // guarded by mu_
  std::map<restinio::connection_id_t, std::string> open_;  // guarded by mu_
};

struct ServerTraits : restinio::default_traits_t {
  using ip_blocker_t = ConnectionGuard;
  using connection_state_listener_t = ConnectionGuard;
};

// A problem as raw HTTP/1.1 with Connection: close, for a request refused while it is
// parsed (the rest of the stream cannot be trusted).
std::string RawRejection(const Response& r, const char* reason) {
  return "HTTP/1.1 " + std::to_string(r.status) + " " + reason +
         "\r\nContent-Type: " + r.content_type +
         "\r\nContent-Length: " + std::to_string(r.body.size()) +
         "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n" + r.body;
}

// The answer to a request that http_parser or a RESTinio limit refused.
std::string RejectionFor(http_errno error) {
  switch (error) {
    case HPE_HEADER_OVERFLOW:
    case HPE_CB_header_field:
    case HPE_CB_header_value:
      return RawRejection(Problem(Error::InvalidArgument("request_headers_too_large"), 431),
                          "Request Header Fields Too Large");
    case HPE_CB_url:
      return RawRejection(Problem(Error::InvalidArgument("malformed_url"), 414), "URI Too Long");
    case HPE_CB_headers_complete:  // Content-Length above the limit: the body is not read
    case HPE_CB_body:              // a chunked body that grew past it
      return RawRejection(Problem(Error::InvalidArgument("body_too_large"), 413),
                          "Content Too Large");
    default:  // framing: Content-Length with Transfer-Encoding, a bad chunk size, ...
      return RawRejection(Problem(Error::InvalidArgument("malformed_request")), "Bad Request");
  }
}

// HTTP/1.1 requires Host (RFC 9112 section 3.2); a request without one did not come from
// a browser and may be aimed at a confused proxy. (RESTinio does not pass the request's
// HTTP version on, so this is checked while parsing.)
std::string MissingHostRejection() {
  return RawRejection(Problem(Error::InvalidArgument("malformed_request")), "Bad Request");
}

}  // namespace
}  // namespace warroom::http

// RESTinio closes the connection without a word when http_parser or one of its limits
// refuses a request. This specialisation of its input step (otherwise the same as
// RESTinio 0.6's) answers such a request with a status first, the way RESTinio answers a
// request its handler rejects, and gives the body its own deadline once the head is in.
template <>
inline void restinio::impl::connection_t<warroom::http::ServerTraits>::consume_data(
    const char* data, std::size_t length) {
  auto& parser = m_input.m_parser;
  const bool head_was_complete = m_input.m_parser_ctx.m_leading_headers_completed;
  const auto nparsed = http_parser_execute(&parser, &(m_settings->m_parser_settings), data, length);
  m_input.m_buf.consumed_bytes(nparsed);

  // Answers in turn after any request still in progress, then closes.
  const auto reject = [this](std::string answer) {
    if (m_response_coordinator.is_able_to_get_more_messages()) {
      const auto request_id = m_response_coordinator.register_new_request();
      writable_items_container_t items;
      items.emplace_back(std::move(answer));
      write_response_parts_impl(
          request_id,
          response_output_flags_t{response_parts_attr_t::final_parts,
                                  response_connection_attr_t::connection_close},
          write_group_t{std::move(items)});
    } else {
      trigger_error_and_close(
          [&] { return fmt::format("[connection:{}] request refused", connection_id()); });
    }
  };

  if (HPE_OK != parser.http_errno && HPE_PAUSED != parser.http_errno) {
    reject(warroom::http::RejectionFor(HTTP_PARSER_ERRNO(&parser)));
    return;
  }

  // The head is in: a body the route would refuse is refused now, before it is read.
  if (!head_was_complete && m_input.m_parser_ctx.m_leading_headers_completed) {
    const auto& header = m_input.m_parser_ctx.m_header;
    if (header.has_field("Content-Length")) {
      const auto limit = m_settings->m_connection_state_listener->BodyLimitOf(
          http_method_str(static_cast<http_method>(parser.method)), header.path());
      uint64_t length = 0;
      const auto value = header.get_field("Content-Length");
      const auto parsed = std::from_chars(value.data(), value.data() + value.size(), length);
      if (limit && (parsed.ec != std::errc() || length > *limit)) {
        reject(warroom::http::RejectionFor(HPE_CB_headers_complete));
        return;
      }
    }
  }

  if (m_input.m_parser_ctx.m_message_complete) {
    if (parser.http_major == 1 && parser.http_minor >= 1 &&
        !m_input.m_parser_ctx.m_header.has_field(http_field::host)) {
      reject(warroom::http::MissingHostRejection());
      return;
    }
    on_request_message_complete();
  } else {
    if (!head_was_complete && m_input.m_parser_ctx.m_leading_headers_completed) {
      m_current_timeout_after = std::chrono::steady_clock::now() +
                                m_settings->m_connection_state_listener->body_timeout();
    }
    consume_message();
  }
}

// RESTinio's timer check (otherwise the same as RESTinio 0.6's), which also closes the
// connection of a stream that was cut (a slow reader) and notices a streaming client that
// went away: such a connection reads nothing while its response is open, so without a
// look at the socket the close would only show at the next failed write.
template <>
inline void restinio::impl::connection_t<warroom::http::ServerTraits>::check_timeout_impl() {
  switch (m_settings->m_connection_state_listener->streams().Check(connection_id())) {
    case warroom::http::StreamCheck::kAbort:
      close();
      return;
    case warroom::http::StreamCheck::kWatch: {
      char byte = 0;
      const ssize_t n = ::recv(m_socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        close();
        return;
      }
      break;
    }
    case warroom::http::StreamCheck::kNone:
      break;
  }
  if (std::chrono::steady_clock::now() > m_current_timeout_after) {
    if (m_current_timeout_cb) (this->*m_current_timeout_cb)();
  } else {
    init_next_timeout_checking();
  }
}

namespace warroom::http {
namespace {

struct StaticFile {
  std::string body;
  std::string content_type;
  bool immutable = false;
};

std::string ContentTypeOf(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Loads the built web app into memory: it is small, and serving from memory needs no
// file system access (or path checks) per request.
std::map<std::string, StaticFile> LoadWebRoot(const std::string& root) {
  std::map<std::string, StaticFile> files;
  if (root.empty() || !std::filesystem::is_directory(root)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    // Source maps would publish the app's source; release builds have none, and a stray
    // one from a development build is not served either.
    if (entry.path().extension() == ".map") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const std::string rel = "/" + std::filesystem::relative(entry.path(), root).generic_string();
    files[rel] = {body.str(), ContentTypeOf(entry.path()), rel.rfind("/assets/", 0) == 0};
  }
  return files;
}

constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::string ReasonOf(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

// Splits "a=1&b=x%20y" into decoded pairs; false when an item is malformed.
bool ParseQuery(std::string_view q, std::map<std::string, std::string>& out) {
  while (!q.empty()) {
    const size_t amp = q.find('&');
    std::string_view item = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    auto key = PercentDecode(item.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : item.substr(eq + 1), true);
    if (!key || !value) return false;
    out[*key] = *value;
  }
  return true;
}

}  // namespace

struct HttpServer::Impl {
  using Server = restinio::http_server_t<ServerTraits>;

  Impl(ApiHandler h, ServerConfig c, BodyLimit limit)
      : handler(std::move(h)),
        config(std::move(c)),
        body_limit(std::move(limit)),
        files(LoadWebRoot(config.web_root)),
        pool(config.worker_threads) {}

  template <typename Output>
  restinio::response_builder_t<Output> CreateResponse(const restinio::request_handle_t& req,
                                                      const Response& r) const {
    auto resp = req->create_response<Output>(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<uint16_t>(r.status)}, ReasonOf(r.status)});
    if (!r.content_type.empty()) {
      resp.append_header(restinio::http_field::content_type, r.content_type);
    }
    resp.append_header("X-Content-Type-Options", "nosniff");
    resp.append_header("Referrer-Policy", "no-referrer");
    resp.append_header("X-Frame-Options", "DENY");
    if (config.hsts) {
      resp.append_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    for (const auto& [name, value] : r.headers) resp.append_header(name, value);
    return resp;
  }

  void Send(const restinio::request_handle_t& req, const Response& r, const Request& request,
            std::chrono::steady_clock::time_point start) {
    auto resp = CreateResponse<restinio::user_controlled_output_t>(req, r);
    // The length is set by hand so that HEAD can announce GET's length without a body:
    // a body after a HEAD answer would be read as the start of the next response.
    if (r.status != 204 && r.status != 304 && !r.streaming()) {
      resp.set_content_length(r.body.size());
    }
    if (request.method != "HEAD") resp.set_body(r.body);
    resp.done();
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (request.path != "/api/health") {
      // A route with a secret in its path is logged by its pattern.
      const std::string& path = request.log_path.empty() ? request.path : request.log_path;
      spdlog::info(R"({{"event":"request","method":{},"path":{},"status":{},"ms":{:.2f}}})",
                   nlohmann::json(request.method).dump(), nlohmann::json(path).dump(), r.status,
                   ms);
    }
  }

  Response ServeStatic(const std::string& path) const {
    auto it = files.find(path);
    if (it == files.end()) it = files.find("/index.html");  // client-side routes
    if (it == files.end()) return Problem(Error::NotFound("no_such_page"));
    Response r;
    r.content_type = it->second.content_type;
    r.body = it->second.body;
    r.With("Cache-Control",
           it->second.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (r.content_type.rfind("text/html", 0) == 0) r.With("Content-Security-Policy", kCsp);
    return r;
  }

  void Serve(const restinio::request_handle_t& req) {
    const auto start = std::chrono::steady_clock::now();
    Request r;
    r.method = req->header().method().c_str();
    const std::string raw_path(req->header().path());
    auto path = PercentDecode(raw_path, false);
    if (!path || !ParseQuery(req->header().query(), r.query)) {
      r.path = raw_path;
      Send(req, Problem(Error::InvalidArgument("malformed_url")), r, start);
      return;
    }
    r.path = *path;
    req->header().for_each_field([&r](const restinio::http_header_field_t& f) {
      std::string name = f.name();
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = f.value();
    });
    r.body = req->body();
    r.remote_address = req->remote_endpoint().address().to_string();
    Response resp;
    if (r.path == "/api" || r.path.rfind("/api/", 0) == 0) {
      resp = handler(r);
      if (!resp.streaming()) resp.With("Cache-Control", "no-store");
    } else if (r.method == "GET" || r.method == "HEAD") {
      // A page's path may carry a link token (/ack/<token>): never into the log.
      r.log_path = RedactedPath(r.path);
      resp = ServeStatic(r.path);
    } else {
      resp = Problem(Error(ErrorCode::kInvalidArgument, "method_not_allowed"), 405);
    }
    if (resp.streaming() && r.method != "HEAD") {
      StartStream(req, resp, r, start);
    } else {
      Send(req, resp, r, start);  // HEAD: the stream's headers, no body
    }
  }

  // Queues a streaming response's headers, registers the stream and hands it to its
  // producer; the worker returns at once.
  void StartStream(const restinio::request_handle_t& req, Response& resp, const Request& r,
                   std::chrono::steady_clock::time_point start) {
    // Api has set the client's address (X-Forwarded-For from a trusted proxy).
    if (const int refused = streams->Reserve(r.remote_address); refused != 0) {
      Response problem = refused == 429 ? Problem(Error::Unavailable("too_many_streams"), 429)
                                        : Problem(Error::Unavailable("server_busy"), 503);
      problem.With("Retry-After", "10");
      Send(req, problem, r, start);
      return;
    }
    resp.status = 200;
    auto stream =
        std::make_shared<OpenStream>(CreateResponse<restinio::chunked_output_t>(req, resp), streams,
                                     req->connection_id(), config.max_stream_unsent_bytes);
    stream->FlushHeaders();
    StreamInfo info{r.method, r.log_path.empty() ? r.path : r.log_path, r.remote_address, start,
                    resp.stream};
    if (!streams->Add(req->connection_id(), stream, std::move(info))) {
      stream->End(/*graceful=*/true);  // the server is stopping
      return;
    }
    if (resp.stream->opened) resp.stream->opened(stream);
  }

  ApiHandler handler;
  ServerConfig config;
  BodyLimit body_limit;
  std::shared_ptr<StreamRegistry> streams = std::make_shared<StreamRegistry>(config);
  std::map<std::string, StaticFile> files;
  WorkerPool pool;
  restinio::running_server_handle_t<ServerTraits> running;
};

HttpServer::HttpServer(const Api& api, ServerConfig config)
    : HttpServer([&api](Request& r) { return api.Handle(r); }, std::move(config),
                 [&api](const std::string& method, const std::string& path) {
                   return std::optional<uint64_t>(api.BodyLimit(method, path));
                 }) {}

HttpServer::HttpServer(ApiHandler handler, ServerConfig config, BodyLimit body_limit)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(config), std::move(body_limit))) {}

HttpServer::~HttpServer() { Stop(); }

Result<uint16_t> HttpServer::Start() {
  uint16_t bound = 0;
  const ServerConfig& c = impl_->config;
  try {
    auto guard = std::make_shared<ConnectionGuard>(c.max_connections_per_address, c.body_timeout,
                                                   impl_->body_limit, impl_->streams);
    // RESTinio checks deadlines on a timer; tick often enough for the shortest one.
    const auto tick = std::clamp<std::chrono::steady_clock::duration>(
        std::min(c.header_timeout, c.body_timeout) / 4, std::chrono::milliseconds(10),
        std::chrono::seconds(1));
    auto settings =
        restinio::server_settings_t<ServerTraits>{}
            .address(c.address)
            .port(c.port)
            .timer_manager(tick)
            // An open stream counts as a request in handling between its writes: the
            // heartbeat must come well within this.
            .handle_request_timeout(std::max<std::chrono::steady_clock::duration>(
                std::chrono::seconds(60), 2 * c.stream_heartbeat))
            .read_next_http_message_timelimit(c.header_timeout)
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                          .max_url_size(c.max_url_bytes)
                                          .max_field_name_size(c.max_header_field_bytes)
                                          .max_field_value_size(c.max_header_field_bytes)
                                          .max_field_count(c.max_header_fields)
                                          .max_body_size(c.max_body_bytes))
            .ip_blocker(guard)
            .connection_state_listener(guard)
            .acceptor_post_bind_hook([&bound](asio::ip::tcp::acceptor& acceptor) {
              bound = acceptor.local_endpoint().port();
            })
            .request_handler([impl = impl_.get()](const restinio::request_handle_t& req) {
              impl->pool.Post([impl, req] { impl->Serve(req); });
              return restinio::request_accepted();
            });
    impl_->running =
        restinio::run_async(restinio::own_io_context(), std::move(settings), c.io_threads);
    impl_->streams->StartTicker();
  } catch (const std::exception& e) {
    return Error::Unavailable(std::string("cannot listen on ") + c.address + ":" +
                              std::to_string(c.port) + ": " + e.what());
  }
  return bound;
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->running) return;
  // Drain the workers first: a queued or running job holds its request (and with it the
  // connection and its timer), which must be released while the io_context still exists.
  // Streams first: each holds its connection, and its producer must learn that it ended.
  impl_->streams->Stop();
  impl_->pool.Stop();
  impl_->running->stop();
  impl_->running->wait();
  impl_->running.reset();
}

}  // namespace warroom::http
