#include "server/http/server.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <restinio/all.hpp>
#include <sstream>

#include "server/http/worker_pool.h"

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
      {".map", "application/json"},
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
  using Server = restinio::http_server_t<restinio::default_traits_t>;

  Impl(const Api& a, ServerConfig c)
      : api(a),
        config(std::move(c)),
        files(LoadWebRoot(config.web_root)),
        pool(config.worker_threads) {}

  void Send(const restinio::request_handle_t& req, const Response& r, const std::string& method,
            const std::string& path, std::chrono::steady_clock::time_point start) {
    auto resp = req->create_response(restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<uint16_t>(r.status)}, ReasonOf(r.status)});
    if (!r.content_type.empty()) {
      resp.append_header(restinio::http_field::content_type, r.content_type);
    }
    resp.append_header("X-Content-Type-Options", "nosniff");
    resp.append_header("Referrer-Policy", "no-referrer");
    resp.append_header("X-Frame-Options", "DENY");
    for (const auto& [name, value] : r.headers) resp.append_header(name, value);
    resp.set_body(r.body);
    resp.done();
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (path != "/api/health") {
      spdlog::info(R"({{"event":"request","method":{},"path":{},"status":{},"ms":{:.2f}}})",
                   nlohmann::json(method).dump(), nlohmann::json(path).dump(), r.status, ms);
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
      Send(req, Problem(Error::InvalidArgument("malformed_url")), r.method, raw_path, start);
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
      resp = api.Handle(r);
      resp.With("Cache-Control", "no-store");
    } else if (r.method == "GET" || r.method == "HEAD") {
      resp = ServeStatic(r.path);
    } else {
      resp = Problem(Error(ErrorCode::kInvalidArgument, "method_not_allowed"), 405);
    }
    Send(req, resp, r.method, r.path, start);
  }

  const Api& api;
  ServerConfig config;
  std::map<std::string, StaticFile> files;
  WorkerPool pool;
  restinio::running_server_handle_t<restinio::default_traits_t> running;
};

HttpServer::HttpServer(const Api& api, ServerConfig config)
    : impl_(std::make_unique<Impl>(api, std::move(config))) {}

HttpServer::~HttpServer() { Stop(); }

Result<uint16_t> HttpServer::Start() {
  uint16_t bound = 0;
  try {
    auto settings =
        restinio::server_settings_t<restinio::default_traits_t>{}
            .address(impl_->config.address)
            .port(impl_->config.port)
            .handle_request_timeout(std::chrono::seconds(60))
            .read_next_http_message_timelimit(std::chrono::seconds(60))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(
                std::uint64_t{9} * 1024 * 1024))
            .acceptor_post_bind_hook([&bound](asio::ip::tcp::acceptor& acceptor) {
              bound = acceptor.local_endpoint().port();
            })
            .request_handler([impl = impl_.get()](const restinio::request_handle_t& req) {
              impl->pool.Post([impl, req] { impl->Serve(req); });
              return restinio::request_accepted();
            });
    impl_->running = restinio::run_async(restinio::own_io_context(), std::move(settings),
                                         impl_->config.io_threads);
  } catch (const std::exception& e) {
    return Error::Unavailable(std::string("cannot listen on ") + impl_->config.address + ":" +
                              std::to_string(impl_->config.port) + ": " + e.what());
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
