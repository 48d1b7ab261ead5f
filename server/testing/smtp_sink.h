// SmtpSink: runs scripts/lib/smtp_sink.py (a real aiosmtpd SMTP server writing a maildir)
// for a test, and reads the delivered messages back, decoded.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "libs/base/result.h"

namespace warroom::testing {

struct ReceivedMail {
  std::map<std::string, std::string> headers;  // raw (unfolded) values; names lower-case
  std::string subject;                         // RFC 2047 decoded
  std::vector<std::string> recipients;         // envelope recipients (X-RcptTo)
  std::string text;                            // decoded text/plain part
  std::string html;                            // decoded text/html part, if any
  std::string raw;
};

class SmtpSink {
 public:
  // Uses WARROOM_TEST_SMTP_SINK when set, else the script under `source_dir`.
  // The maildir is a fresh temporary directory; the port a free one on 127.0.0.1.
  explicit SmtpSink(const std::string& source_dir);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Starts the server and waits until it accepts connections (same port on restart).
  Status Start();
  // Stops the server (SIGTERM) and waits for it.
  void Stop();

  int port() const { return port_; }
  const std::string& maildir() const { return maildir_; }
  // Returns every message in the maildir, oldest first.
  std::vector<ReceivedMail> Messages() const;

 private:
  std::string script_;
  std::string root_;  // temporary directory holding the maildir
  std::string maildir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Decodes RFC 2047 encoded words (B and Q, UTF-8) in a header value.
std::string DecodeHeaderValue(const std::string& value);
// Decodes a quoted-printable or base64 body.
std::string DecodeBody(const std::string& body, const std::string& transfer_encoding);
// Parses one RFC 5322 message as stored by the sink.
ReceivedMail ParseMail(const std::string& raw);

}  // namespace warroom::testing
