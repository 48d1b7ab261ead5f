// Request and Response as the API handlers see them, independent of the HTTP library,
// so that routes are plain functions that tests can call and the library stays in one
// file (server.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libs/base/result.h"

namespace warroom::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query string, percent-decoded
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_address;
  std::map<std::string, std::string> params;  // from the route's {placeholders}
  // What the request log shows instead of `path`; set by Api to the route pattern when
  // the path holds a secret (a one-time link token), and to the path with its long
  // segments redacted when no route matched. Empty: log `path`.
  std::string log_path;

  std::optional<std::string> Header(const std::string& lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
  std::optional<std::string> Cookie(const std::string& name) const;
};

// The server's side of an open streaming response (server-sent events). A producer (an
// event hub) keeps it and pushes chunks from any thread; the server writes them on the
// connection's I/O thread, so an open stream holds no worker thread. Thread-safe.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Queues `chunk` for the client. Returns false once the stream is closed: the client
  // went away, it read too slowly (its unsent data passed the server's bound), the server
  // is stopping, or Close() was called. The producer should then drop the stream.
  virtual bool Send(std::string chunk) = 0;
  // Ends the response (the last chunk is written) and closes the stream.
  virtual void Close() = 0;
  virtual bool closed() const = 0;
};

// What a streaming route hands the server instead of a body.
struct StreamCallbacks {
  // Runs once, on a server thread, after the headers are queued; it keeps the stream
  // (registers it with a hub) and returns at once. Not called for HEAD, nor when the
  // server refuses the stream (too many open).
  std::function<void(std::shared_ptr<ResponseStream>)> opened;
  // Runs once, on a server thread, when an opened stream closes for whatever reason.
  std::function<void()> closed;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a streaming response (then `body` is unused).
  std::shared_ptr<const StreamCallbacks> stream;

  static Response Json(int status, const nlohmann::json& body);
  // A body already written as JSON text (JsonWriter).
  static Response JsonText(int status, std::string body);
  static Response NoContent(int status = 204);
  // A 200 text/event-stream response whose chunks `callbacks.opened`'s stream sends.
  static Response Stream(StreamCallbacks callbacks);
  bool streaming() const { return stream != nullptr; }
  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// The RFC 9457 problem for an error: status from the code, `code` for the web app to
// translate, `errors` for every bad field. 5xx problems never reveal internal messages.
// `status` overrides the status derived from the code (405, 413, 415, 422).
Response Problem(const Error& error, int status = 0);
int StatusOf(ErrorCode code);

// Percent-decodes a URL component; std::nullopt when malformed or not clean UTF-8.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

}  // namespace warroom::http
