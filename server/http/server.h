// HttpServer: the socket side of warroomd (RESTinio). It parses requests into
// http::Request, hands /api requests to Api on a worker pool, serves the web app's
// files with a fallback to index.html for client-side routes, and adds security headers.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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
};

class HttpServer {
 public:
  HttpServer(const Api& api, ServerConfig config);
  ~HttpServer();

  // Binds and starts serving; returns the port bound. Fails when the address is taken.
  Result<uint16_t> Start();
  // Stops accepting, lets running requests finish, and returns.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace warroom::http
