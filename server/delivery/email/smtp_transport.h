// SmtpTransport: ports::MailTransport over libcurl, to an SMTP relay (smtp:// with optional
// or required STARTTLS, or smtps:// with implicit TLS), with optional authentication.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/mail_transport.h"

namespace warroom::delivery::email {

enum class StartTls {
  kOff,       // plain SMTP (a local relay)
  kOptional,  // upgrade when the server offers STARTTLS (CURLUSESSL_TRY)
  kRequired,  // fail unless the connection is encrypted (CURLUSESSL_ALL)
};

struct SmtpConfig {
  std::string url;       // "smtp://host:port" or "smtps://host:port", without credentials
  std::string username;  // empty: no authentication
  std::string password;
  std::string from;  // default sender address for the outbox
  StartTls starttls = StartTls::kOptional;
  bool verify_peer = true;  // verify the server's TLS certificate and host name
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
};

// Parses a URL such as
//   smtp://user:pass@127.0.0.1:2525?starttls=optional&from=warroom@example.test
// Query keys: starttls=off|optional|required (default optional for smtp://; smtps:// is
// always encrypted), from=ADDRESS, verify=0|1, connect_timeout_ms=N, timeout_ms=N.
// User and password are percent-decoded. The port defaults to 25 (smtp) or 465 (smtps).
// Fails with kInvalidArgument on another scheme, a missing host, an unknown key or a bad value.
Result<SmtpConfig> ParseSmtpUrl(std::string_view url);

// Returns the error for a failed transfer: kInvalidArgument (permanent) when the server
// answered 5xx to the envelope or data, kUnavailable (transient) otherwise — including
// refused logins and TLS failures, which are configuration faults an operator can fix
// without losing the queued messages. `curl_code` is a CURLcode, `smtp_code` the last reply.
Error ClassifySmtpFailure(int curl_code, long smtp_code, std::string_view detail);

class SmtpTransport final : public ports::MailTransport {
 public:
  // `clock` dates the messages; it must outlive the transport.
  SmtpTransport(SmtpConfig config, const ports::Clock& clock);

  // Sends one message in its own SMTP session; see ports::MailTransport::Send. Safe to
  // call from several threads at once.
  Status Send(const ports::MailMessage& message) override;

  const SmtpConfig& config() const { return config_; }  // NOLINT(readability-identifier-naming)

 private:
  SmtpConfig config_;
  const ports::Clock& clock_;
};

}  // namespace warroom::delivery::email
