#include "server/http/message.h"

#include <algorithm>

#include "server/core/directory/validate.h"

namespace warroom::http {

std::optional<std::string> Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::Cookie(const std::string& name) const {
  auto header = Header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::JsonText(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::NoContent(int status) {
  Response r;
  r.status = status;
  r.content_type.clear();
  return r;
}

Response Response::Stream(StreamCallbacks callbacks) {
  Response r;
  r.content_type = "text/event-stream; charset=utf-8";
  r.stream = std::make_shared<const StreamCallbacks>(std::move(callbacks));
  // Proxies must neither cache nor buffer it (X-Accel-Buffering is nginx's switch).
  r.With("Cache-Control", "no-store");
  r.With("X-Accel-Buffering", "no");
  return r;
}

int StatusOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kTooManyRequests:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Problem(const Error& error, int status_override) {
  int status = status_override != 0 ? status_override : StatusOf(error.code);
  if (error.code == ErrorCode::kPreconditionFailed && error.message == "if_match_required") {
    status = 428;
  }
  static const std::map<int, const char*> kTitles = {{400, "Bad Request"},
                                                     {401, "Unauthorized"},
                                                     {403, "Forbidden"},
                                                     {404, "Not Found"},
                                                     {409, "Conflict"},
                                                     {410, "Gone"},
                                                     {405, "Method Not Allowed"},
                                                     {412, "Precondition Failed"},
                                                     {413, "Content Too Large"},
                                                     {415, "Unsupported Media Type"},
                                                     {422, "Unprocessable Content"},
                                                     {428, "Precondition Required"},
                                                     {429, "Too Many Requests"},
                                                     {500, "Internal Server Error"},
                                                     {503, "Service Unavailable"}};
  nlohmann::json body = {
      {"type", std::string("urn:warroom:problem:") + ErrorCodeName(error.code)},
      {"title", kTitles.contains(status) ? kTitles.at(status) : "Error"},
      {"status", status},
      {"code", ErrorCodeName(error.code)},
  };
  if (status < 500) {
    body["detail"] = error.message;
    // A single-word message is a machine code the web app translates.
    if (!error.message.empty() && error.message.find(' ') == std::string::npos) {
      body["code"] = error.message;
    }
  } else {
    body["detail"] = status == 503 ? "the service is temporarily unavailable"
                                   : "an internal error occurred; it has been logged";
  }
  if (!error.fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& f : error.fields) {
      nlohmann::json e = {{"message", f.message}};
      if (!f.field.empty()) e["field"] = f.field;
      if (!f.code.empty()) e["code"] = f.code;
      if (f.line > 0) e["line"] = f.line;
      if (f.column > 0) e["column"] = f.column;
      errors.push_back(std::move(e));
    }
    body["errors"] = std::move(errors);
  }
  if (status == 429) {
    // Every 429 says when to come back, in the header and in the body.
    const int64_t wait = std::max<int64_t>(1, error.retry_after_s);
    body["retry_after"] = wait;
  }
  Response r = Response::Json(status, body);
  r.content_type = "application/problem+json";
  if (status == 429) r.With("Retry-After", std::to_string(body["retry_after"].get<int64_t>()));
  return r;
}

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex(s[i + 1]);
      const int lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!core::IsCleanText(out, /*allow_tab=*/true)) return std::nullopt;
  return out;
}

}  // namespace warroom::http
