// HttpServer: the socket side of warroomd (RESTinio). It parses requests into
// http::Request, hands /api requests to Api on a worker pool, serves the web app's
// files with a fallback to index.html for client-side routes, and adds security headers.
//
// Hygiene at the socket: a request the server refuses before it reaches a handler gets
// a plain status and the connection is closed: 431 for an oversized header block or
// field, 414 for an oversized URL, 413 as soon as Content-Length exceeds the body limit
// (the body is not read), 400 for framing errors (Content-Length together with
// Transfer-Encoding, a bad chunk size) and for HTTP/1.1 without Host. HEAD answers carry
// the headers of GET and no body. Slow clients are cut: the request head must arrive
// within header_timeout, the body within body_timeout after it. Each remote address may
// hold at most max_connections_per_address connections; more are closed at accept.
// A route's own body limit (Route::max_body) is checked as soon as the head is in, too.
//
// Streaming (Response::Stream, for server-sent events): the worker that ran the handler
// queues the headers and returns; the producer then pushes chunks from any thread and
// the connection's I/O thread writes them (chunked). No worker thread is held. A stream
// ends when the producer closes it, the client goes away, the client's unsent data passes
// max_stream_unsent_bytes (a slow reader is cut, not buffered for), or the server stops;
// the producer's `closed` callback then runs and Send returns false. A comment line is
// sent every stream_heartbeat so that proxies keep the connection open. Beyond
// max_streams open streams the answer is 503, beyond max_streams_per_address 429.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "libs/base/result.h"
#include "server/http/api.h"

namespace warroom::http {

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  size_t io_threads = 2;
  size_t worker_threads = 8;
  std::string web_root;  // built web app; empty serves the API only
  // Limits of the request head: the whole block (http_parser's own 80 KiB bound applies
  // as well), one field's name and value, the number of fields, and the URL.
  size_t max_header_field_bytes = size_t{8} * 1024;
  size_t max_header_fields = 100;
  size_t max_url_bytes = size_t{8} * 1024;
  // The largest body of any route (routes have their own, smaller limits).
  uint64_t max_body_bytes = uint64_t{9} * 1024 * 1024;
  // From the connection's first byte (or the end of the previous response on a
  // keep-alive connection) to the end of the request head.
  std::chrono::milliseconds header_timeout{10'000};
  // From the end of the request head to the end of the body.
  std::chrono::milliseconds body_timeout{60'000};
  // Open connections per remote address; 0 means no cap. Behind a reverse proxy every
  // connection comes from the proxy's address, so raise it there.
  size_t max_connections_per_address = 256;
  // Streaming responses (see above). 0 in a cap means no cap.
  std::chrono::milliseconds stream_heartbeat{15'000};
  size_t max_stream_unsent_bytes = size_t{1} * 1024 * 1024;
  size_t max_streams = 10'000;
  size_t max_streams_per_address = 64;
  // Sends Strict-Transport-Security (set it when the public URL is https).
  bool hsts = false;
};

// The handler of /api requests (Api::Handle in warroomd; a plain function in tests).
using ApiHandler = std::function<Response(Request&)>;
// The body limit of the route that serves (method, path), asked when a request's head is
// complete; std::nullopt when no route does (max_body_bytes applies).
using BodyLimit =
    std::function<std::optional<uint64_t>(const std::string& method, const std::string& path)>;

class HttpServer {
 public:
  // `api` must outlive the server.
  HttpServer(const Api& api, ServerConfig config);
  HttpServer(ApiHandler handler, ServerConfig config, BodyLimit body_limit = {});
  ~HttpServer();

  // Binds and starts serving; returns the port bound. Fails when the address is taken.
  Result<uint16_t> Start();
  // Stops accepting, closes every open stream, lets running requests finish, and returns.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace warroom::http
