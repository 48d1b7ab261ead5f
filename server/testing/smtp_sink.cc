#include "server/testing/smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace warroom::testing {
namespace fs = std::filesystem;
namespace {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) {
    return "";
  }
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

int Hex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

std::string Base64Decode(const std::string& in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const size_t v = kAlphabet.find(c);
    if (v == std::string::npos) {
      continue;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string QpDecode(const std::string& in, bool underscore_is_space) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 1 < in.size() && in[i + 1] == '\n') {
      ++i;
    } else if (in[i] == '=' && i + 2 < in.size() && Hex(in[i + 1]) >= 0 && Hex(in[i + 2]) >= 0) {
      out += static_cast<char>(Hex(in[i + 1]) * 16 + Hex(in[i + 2]));
      i += 2;
    } else if (underscore_is_space && in[i] == '_') {
      out += ' ';
    } else {
      out += in[i];
    }
  }
  return out;
}

// Splits header block and body; returns lower-case names with unfolded values.
std::map<std::string, std::string> ParseHeaders(const std::string& block) {
  std::map<std::string, std::string> headers;
  std::string last;
  std::istringstream in(block);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      headers[last] += line;  // unfold: the CRLF is dropped, the whitespace kept
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    last = Lower(line.substr(0, colon));
    headers[last] = Trim(line.substr(colon + 1));
  }
  return headers;
}

std::string Param(const std::string& header, const std::string& name) {
  const size_t p = Lower(header).find(name + "=");
  if (p == std::string::npos) {
    return "";
  }
  std::string v = header.substr(p + name.size() + 1);
  if (!v.empty() && v[0] == '"') {
    return v.substr(1, v.find('"', 1) - 1);
  }
  return v.substr(0, v.find(';'));
}

}  // namespace

std::string DecodeHeaderValue(const std::string& value) {
  std::string out;
  size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    const size_t start = value.find("=?", i);
    if (start == std::string::npos) {
      out += value.substr(i);
      break;
    }
    const std::string between = value.substr(i, start - i);
    // Whitespace between two encoded words is dropped (RFC 2047 section 6.2).
    if (!(last_was_word && Trim(between).empty())) {
      out += between;
    }
    const size_t q1 = value.find('?', start + 2);
    const size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
    const size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string::npos) {
      out += value.substr(start);
      break;
    }
    const char enc = value[q1 + 1];
    const std::string text = value.substr(q2 + 1, end - q2 - 1);
    out += (enc == 'B' || enc == 'b') ? Base64Decode(text) : QpDecode(text, true);
    i = end + 2;
    last_was_word = true;
  }
  return out;
}

std::string DecodeBody(const std::string& body, const std::string& transfer_encoding) {
  const std::string enc = Lower(transfer_encoding);
  if (enc == "quoted-printable") {
    return QpDecode(body, false);
  }
  if (enc == "base64") {
    return Base64Decode(body);
  }
  return body;
}

ReceivedMail ParseMail(const std::string& raw_in) {
  ReceivedMail mail;
  mail.raw = raw_in;
  std::string raw;
  raw.reserve(raw_in.size());
  for (char c : raw_in) {
    if (c != '\r') {
      raw += c;
    }
  }
  const size_t split = raw.find("\n\n");
  mail.headers = ParseHeaders(raw.substr(0, split));
  const std::string body = split == std::string::npos ? "" : raw.substr(split + 2);
  mail.subject = DecodeHeaderValue(mail.headers["subject"]);
  std::istringstream rcpts(mail.headers["x-rcptto"]);
  std::string r;
  while (std::getline(rcpts, r, ',')) {
    mail.recipients.push_back(Trim(r));
  }

  const std::string type = mail.headers["content-type"];
  if (Lower(type).starts_with("multipart/")) {
    const std::string delimiter = "--" + Param(type, "boundary");
    size_t pos = body.find(delimiter);
    while (pos != std::string::npos) {
      const size_t part_start = body.find('\n', pos);
      if (part_start == std::string::npos || body.compare(pos + delimiter.size(), 2, "--") == 0) {
        break;
      }
      const size_t next = body.find("\n" + delimiter, part_start);
      const std::string part =
          body.substr(part_start + 1, next == std::string::npos ? next : next - part_start - 1);
      const size_t psplit = part.find("\n\n");
      auto headers = ParseHeaders(part.substr(0, psplit));
      const std::string decoded =
          DecodeBody(psplit == std::string::npos ? "" : part.substr(psplit + 2),
                     headers["content-transfer-encoding"]);
      if (Lower(headers["content-type"]).starts_with("text/html")) {
        mail.html = decoded;
      } else {
        mail.text = decoded;
      }
      pos = next == std::string::npos ? next : next + 1;
    }
  } else {
    mail.text = DecodeBody(body, mail.headers["content-transfer-encoding"]);
  }
  return mail;
}

SmtpSink::SmtpSink(const std::string& source_dir) {
  const char* env = std::getenv("WARROOM_TEST_SMTP_SINK");
  script_ = env && *env ? env : source_dir + "/scripts/lib/smtp_sink.py";
  std::string tmpl = (fs::temp_directory_path() / "warroom-smtp-XXXXXX").string();
  // The sink's Maildir(create=True) makes tmp/new/cur only for a directory that does not
  // exist yet, so the maildir is a fresh child of the temporary directory.
  if (mkdtemp(tmpl.data()) != nullptr) {
    root_ = tmpl;
    maildir_ = tmpl + "/maildir";
  }
  port_ = FreePort();
}

SmtpSink::~SmtpSink() {
  Stop();
  std::error_code ec;
  if (!root_.empty()) {
    fs::remove_all(root_, ec);
  }
}

Status SmtpSink::Start() {
  if (pid_ > 0) {
    return Ok();
  }
  if (maildir_.empty() || port_ == 0) {
    return Error::Internal("no maildir or port");
  }
  const std::string port = std::to_string(port_);
  const pid_t pid = fork();
  if (pid < 0) {
    return Error::Internal("fork failed");
  }
  if (pid == 0) {
    execl("/usr/bin/python3", "python3", script_.c_str(), "--port", port.c_str(), "--maildir",
          maildir_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port_)) {
      return Ok();
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Error::Unavailable("SMTP sink exited; is python3-aiosmtpd installed?");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return Error::Unavailable("SMTP sink did not start listening");
}

void SmtpSink::Stop() {
  if (pid_ <= 0) {
    return;
  }
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const char* sub : {"new", "cur"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(maildir_) / sub, ec)) {
      if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    std::error_code e1;
    std::error_code e2;
    const auto ta = fs::last_write_time(a, e1);
    const auto tb = fs::last_write_time(b, e2);
    return ta != tb ? ta < tb : a < b;
  });
  std::vector<ReceivedMail> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back(ParseMail(ss.str()));
  }
  return out;
}

}  // namespace warroom::testing
