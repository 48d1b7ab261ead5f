#include "server/delivery/email/mime.h"

#include <array>
#include <cstdint>
#include <ctime>
#include <random>

#include "libs/base/utf8.h"

namespace warroom::delivery::email {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) {
      if (c != '\t') {
        return false;
      }
    }
  }
  return true;
}

// Returns the length of the UTF-8 sequence starting with lead byte `c`, or 0 when invalid.
size_t Utf8SequenceLength(unsigned char c) {
  if (c < 0x80) {
    return 1;
  }
  if (c >= 0xc2 && c <= 0xdf) {
    return 2;
  }
  if (c >= 0xe0 && c <= 0xef) {
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    return 4;
  }
  return 0;
}

std::string EncodeBase64(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(data[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8) |
                       static_cast<uint32_t>(static_cast<unsigned char>(data[i + 2]));
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  const size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(data[i])) << 16;
    if (rest == 2) {
      v |= static_cast<uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
    }
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += rest == 2 ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out;
  out.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned>(rng() & 0xff);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool IsHeaderNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') {
      x = static_cast<char>(x - 'A' + 'a');
    }
    if (y >= 'A' && y <= 'Z') {
      y = static_cast<char>(y - 'A' + 'a');
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

bool IsReservedHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kReserved = {"Date",
                                                                 "From",
                                                                 "To",
                                                                 "Cc",
                                                                 "Bcc",
                                                                 "Subject",
                                                                 "Message-ID",
                                                                 "MIME-Version",
                                                                 "Sender",
                                                                 "Content-Type",
                                                                 "Content-Transfer-Encoding"};
  for (std::string_view r : kReserved) {
    if (EqualsIgnoreCase(name, r)) {
      return true;
    }
  }
  return false;
}

bool IsValidMessageId(std::string_view id) {
  if (id.size() < 5 || id.front() != '<' || id.back() != '>') {
    return false;
  }
  const std::string_view inner = id.substr(1, id.size() - 2);
  if (inner.find('@') == std::string_view::npos) {
    return false;
  }
  for (char c : inner) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u > 0x7e || c == '<' || c == '>') {
      return false;
    }
  }
  return true;
}

void AppendBodyPart(std::string& out, std::string_view content_type, std::string_view body) {
  out += "Content-Type: ";
  out += content_type;
  out += "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += EncodeQuotedPrintable(body);
  out += "\r\n";
}

}  // namespace

bool IsValidMailAddress(std::string_view address) {
  if (address.size() < 3 || address.size() > 254) {
    return false;
  }
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) {
    return false;
  }
  if (address.find('@') != at) {
    return false;
  }
  for (char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u > 0x7e) {
      return false;
    }
    if (std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) {
      return false;
    }
  }
  const std::string_view domain = address.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

std::string EncodeHeaderText(std::string_view text) {
  if (IsPrintableAscii(text)) {
    return std::string(text);
  }
  // An encoded word is at most 75 characters: "=?UTF-8?B?" + 60 base64 + "?=" holds 45
  // bytes. Chunks end on character boundaries, as RFC 2047 section 5 requires.
  constexpr size_t kMaxChunk = 45;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      size_t n = Utf8SequenceLength(static_cast<unsigned char>(text[end]));
      if (n == 0) {
        n = 1;
      }
      if (end + n - i > kMaxChunk) {
        break;
      }
      end += n;
    }
    if (end == i) {
      end = i + 1;
    }
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?";
    out += EncodeBase64(text.substr(i, end - i));
    out += "?=";
    i = end;
  }
  return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t line_len = 0;
  auto emit = [&](std::string_view piece) {
    // Soft break so that no line exceeds 76 characters including the trailing '='.
    if (line_len + piece.size() > 75) {
      out += "=\r\n";
      line_len = 0;
    }
    out += piece;
    line_len += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') {
        ++i;
      }
      out += "\r\n";
      line_len = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' ||
                             (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
    // A dot at the start of a line is encoded too, so the body never depends on the
    // SMTP client's dot-stuffing; trailing whitespace is encoded so it survives transport.
    const bool literal =
        ((u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end)) &&
        !(c == '.' && line_len == 0);
    if (literal) {
      const char buf[1] = {c};
      emit(std::string_view(buf, 1));
    } else {
      const char buf[3] = {'=', kHex[u >> 4], kHex[u & 15]};
      emit(std::string_view(buf, 3));
    }
  }
  return out;
}

std::string EncodeBase64Lines(std::string_view data) {
  const std::string b64 = EncodeBase64(data);
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) {
    if (i > 0) {
      out += "\r\n";
    }
    out += b64.substr(i, 76);
  }
  return out;
}

std::string FormatRfc5322Date(ports::TimePoint t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return std::string(buf, n);
}

std::string NewMessageId(std::string_view domain) {
  return "<" + RandomHex(16) + "@" + std::string(domain.empty() ? "warroom.invalid" : domain) + ">";
}

std::string_view AddressDomain(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

Result<std::string> BuildMimeMessage(const ports::MailMessage& message, ports::TimePoint date) {
  if (!IsValidMailAddress(message.from)) {
    return Error::InvalidArgument("invalid sender address");
  }
  if (!IsValidMailAddress(message.to)) {
    return Error::InvalidArgument("invalid recipient address");
  }
  if (HasLineBreakOrNul(message.subject)) {
    return Error::InvalidArgument("line break in subject");
  }
  if (!IsValidUtf8(message.subject) || !IsValidUtf8(message.body_text) ||
      (message.body_html && !IsValidUtf8(*message.body_html))) {
    return Error::InvalidArgument("message text is not valid UTF-8");
  }
  std::string message_id = message.message_id;
  if (message_id.empty()) {
    message_id = NewMessageId(AddressDomain(message.from));
  } else if (!IsValidMessageId(message_id)) {
    return Error::InvalidArgument("invalid Message-ID");
  }

  std::string out;
  out.reserve(message.body_text.size() * 2 + 1024);
  out += "Date: " + FormatRfc5322Date(date) + "\r\n";
  out += "From: " + message.from + "\r\n";
  out += "To: " + message.to + "\r\n";
  out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
  out += "Message-ID: " + message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : message.headers) {
    if (name.empty() || name.size() > 76) {
      return Error::InvalidArgument("invalid header name");
    }
    for (char c : name) {
      if (!IsHeaderNameChar(c)) {
        return Error::InvalidArgument("invalid header name");
      }
    }
    if (IsReservedHeader(name)) {
      return Error::InvalidArgument("header " + name + " cannot be set as an extra header");
    }
    if (HasLineBreakOrNul(value)) {
      return Error::InvalidArgument("line break in header " + name);
    }
    if (!IsValidUtf8(value)) {
      return Error::InvalidArgument("header " + name + " is not UTF-8");
    }
    out += name + ": " + EncodeHeaderText(value) + "\r\n";
  }
  if (!message.body_html) {
    AppendBodyPart(out, "text/plain", message.body_text);
    return out;
  }
  // "=_" can never occur in quoted-printable output ('=' is always followed by hex or a
  // line break), so the boundary cannot collide with the encoded parts.
  const std::string boundary = "=_warroom_" + RandomHex(12);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "\r\n--" + boundary + "\r\n";
  AppendBodyPart(out, "text/plain", message.body_text);
  out += "\r\n--" + boundary + "\r\n";
  AppendBodyPart(out, "text/html", *message.body_html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace warroom::delivery::email
