#include "server/http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <restinio/all.hpp>
#include <sstream>

#include "server/http/worker_pool.h"

namespace warroom::http {
namespace {

// Counts open connections per remote address (RESTinio's IP blocker and connection
// state listener hooks) and carries the body timeout to the connection code below.
class ConnectionGuard {
 public:
  ConnectionGuard(size_t max_per_address, std::chrono::milliseconds body_timeout)
      : max_per_address_(max_per_address), body_timeout_(body_timeout) {}

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
    if (max_per_address_ == 0) return;
    try {
      const auto cause = notice.cause();
      std::lock_guard lock(mu_);
      if (restinio::holds_alternative<restinio::connection_state::accepted_t>(cause)) {
        const std::string address = notice.remote_endpoint().address().to_string();
        open_[notice.connection_id()] = address;
        ++per_address_[address];
      } else if (restinio::holds_alternative<restinio::connection_state::closed_t>(cause)) {
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

 private:
  const size_t max_per_address_;
  const std::chrono::milliseconds body_timeout_;
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

  Impl(ApiHandler h, ServerConfig c)
      : handler(std::move(h)),
        config(std::move(c)),
        files(LoadWebRoot(config.web_root)),
        pool(config.worker_threads) {}

  void Send(const restinio::request_handle_t& req, const Response& r, const Request& request,
            std::chrono::steady_clock::time_point start) {
    auto resp =
        req->create_response<restinio::user_controlled_output_t>(restinio::http_status_line_t{
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
    // The length is set by hand so that HEAD can announce GET's length without a body:
    // a body after a HEAD answer would be read as the start of the next response.
    if (r.status != 204 && r.status != 304) resp.set_content_length(r.body.size());
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
      resp.With("Cache-Control", "no-store");
    } else if (r.method == "GET" || r.method == "HEAD") {
      resp = ServeStatic(r.path);
    } else {
      resp = Problem(Error(ErrorCode::kInvalidArgument, "method_not_allowed"), 405);
    }
    Send(req, resp, r, start);
  }

  ApiHandler handler;
  ServerConfig config;
  std::map<std::string, StaticFile> files;
  WorkerPool pool;
  restinio::running_server_handle_t<ServerTraits> running;
};

HttpServer::HttpServer(const Api& api, ServerConfig config)
    : HttpServer([&api](Request& r) { return api.Handle(r); }, std::move(config)) {}

HttpServer::HttpServer(ApiHandler handler, ServerConfig config)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(config))) {}

HttpServer::~HttpServer() { Stop(); }

Result<uint16_t> HttpServer::Start() {
  uint16_t bound = 0;
  const ServerConfig& c = impl_->config;
  try {
    auto guard = std::make_shared<ConnectionGuard>(c.max_connections_per_address, c.body_timeout);
    // RESTinio checks deadlines on a timer; tick often enough for the shortest one.
    const auto tick = std::clamp<std::chrono::steady_clock::duration>(
        std::min(c.header_timeout, c.body_timeout) / 4, std::chrono::milliseconds(10),
        std::chrono::seconds(1));
    auto settings =
        restinio::server_settings_t<ServerTraits>{}
            .address(c.address)
            .port(c.port)
            .timer_manager(tick)
            .handle_request_timeout(std::chrono::seconds(60))
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
  impl_->pool.Stop();
  impl_->running->stop();
  impl_->running->wait();
  impl_->running.reset();
}

}  // namespace warroom::http
