// Config: warroomd's and warroom's settings, read from a JSON file, then the
// environment (WARROOM_*), then command-line flags, each overriding the one before.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libs/base/result.h"

namespace warroom::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "var";
  std::string database_url;  // default: sqlite in data_dir
  std::string smtp_url;      // empty: e-mails wait in the outbox until one is configured
  std::string mail_from = "warroom@localhost";
  std::string public_url;  // default: http://<listen>
  std::string reference_data;
  std::string web_root;
  bool insecure_cookies = false;  // allow cookies over plain http (localhost only)
  // Webhook endpoints may be http:// and loopback/private addresses (tests and the demo
  // only; in the config file). Link-local addresses stay refused.
  bool allow_http_webhooks = false;
  size_t worker_threads = 8;
  // Slow-client and connection limits of the HTTP server (see http::ServerConfig).
  int64_t header_timeout_ms = 10'000;
  size_t max_connections_per_address = 256;  // 0: no cap; raise behind a reverse proxy
  // A session ends after this long without a request, and in any case this long after
  // sign-in (both in the config file; 1..1440 minutes and 1..168 hours).
  int session_idle_minutes = 30;
  int session_lifetime_hours = 12;
  // Reverse proxies in front of warroomd (addresses or networks, "10.0.0.0/8"): behind
  // them the client address is read from X-Forwarded-For (core/auth/client_address.h).
  // Empty: the TCP peer is the client and the header is ignored.
  std::vector<std::string> trusted_proxies;
  // How often the event hub reads the event log for events of other instances on the same
  // database (its own it hears at once); 10..10000 ms.
  int64_t event_poll_ms = 250;
  // An advisory attachment's largest size in bytes (in the config file; 1..8388608, below
  // the HTTP server's 9 MiB body limit) and how many files one advisory may carry (1..50).
  int64_t attachment_max_bytes = int64_t{8} * 1024 * 1024;
  int attachment_max_count = 10;

  // The database URL to use (the configured one, or SQLite under data_dir).
  std::string EffectiveDatabaseUrl() const;
  std::string EffectivePublicUrl() const;
};

// Applies a JSON config file (keys as the field names above). kInvalidArgument on an
// unknown key, a wrong type or unreadable file: bad config at start-up is fatal.
Status ApplyConfigFile(Config& config, const std::string& path);
// Applies WARROOM_LISTEN, WARROOM_DATA_DIR, WARROOM_DATABASE_URL, WARROOM_SMTP_URL,
// WARROOM_MAIL_FROM, WARROOM_PUBLIC_URL, WARROOM_REFERENCE_DATA, WARROOM_WEB_ROOT,
// WARROOM_SESSION_IDLE_MINUTES, WARROOM_SESSION_LIFETIME_HOURS and
// WARROOM_TRUSTED_PROXIES (comma-separated). kInvalidArgument when a number is malformed.
Status ApplyEnvironment(Config& config);
// Checks the result: listen address form, insecure cookies only on loopback, session
// times within their bounds, trusted proxies that parse.
Status Validate(const Config& config);

// Splits "host:port"; kInvalidArgument when malformed.
Result<std::pair<std::string, uint16_t>> SplitListen(const std::string& listen);

}  // namespace warroom::app
