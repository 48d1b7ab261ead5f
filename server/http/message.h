// Request and Response as the API handlers see them, independent of the HTTP library,
// so that routes are plain functions that tests can call and the library stays in one
// file (server.cc).
#pragma once

#include <cstdint>
#include <map>
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

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, const nlohmann::json& body);
  // A body already written as JSON text (JsonWriter).
  static Response JsonText(int status, std::string body);
  static Response NoContent(int status = 204);
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
