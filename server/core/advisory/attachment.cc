#include "server/core/advisory/attachment.h"

#include <array>
#include <vector>

#include "libs/base/utf8.h"

namespace warroom::core::advisory {
namespace {

constexpr std::array<std::string_view, 9> kNames = {"pdf",  "png",  "jpeg", "text", "csv",
                                                    "docx", "xlsx", "odt",  "ods"};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

uint32_t Le16(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}

uint32_t Le32(std::string_view s, size_t at) { return Le16(s, at) | Le16(s, at + 2) << 16; }

// The names in a ZIP archive's central directory; std::nullopt when the archive is not
// well formed (no end record, a directory outside the file, a truncated entry).
std::optional<std::vector<std::string_view>> ZipNames(std::string_view z) {
  constexpr size_t kEndSize = 22;
  constexpr size_t kEntrySize = 46;
  constexpr uint32_t kMaxEntries = 10'000;
  if (z.size() < kEndSize) return std::nullopt;
  // The end record sits in the last 22 bytes plus at most a 65535-byte comment.
  const size_t lowest = z.size() > kEndSize + 65535 ? z.size() - kEndSize - 65535 : 0;
  size_t end = std::string_view::npos;
  for (size_t i = z.size() - kEndSize + 1; i-- > lowest;) {
    if (z.substr(i, 4) == std::string_view("PK\x05\x06", 4)) {
      end = i;
      break;
    }
  }
  if (end == std::string_view::npos) return std::nullopt;
  const uint32_t entries = Le16(z, end + 10);
  const uint64_t dir_size = Le32(z, end + 12);
  const uint64_t dir_offset = Le32(z, end + 16);
  if (entries > kMaxEntries || dir_offset + dir_size > end) return std::nullopt;
  std::vector<std::string_view> names;
  size_t at = static_cast<size_t>(dir_offset);
  const size_t dir_end = static_cast<size_t>(dir_offset + dir_size);
  for (uint32_t n = 0; n < entries; ++n) {
    if (at + kEntrySize > dir_end) return std::nullopt;
    if (z.substr(at, 4) != std::string_view("PK\x01\x02", 4)) return std::nullopt;
    const size_t name_len = Le16(z, at + 28);
    const size_t extra_len = Le16(z, at + 30);
    const size_t comment_len = Le16(z, at + 32);
    const size_t next = at + kEntrySize + name_len + extra_len + comment_len;
    if (next > dir_end) return std::nullopt;
    names.push_back(z.substr(at + kEntrySize, name_len));
    at = next;
  }
  return names;
}

// An OpenDocument file starts with a stored (uncompressed) entry "mimetype" holding its
// media type.
std::optional<std::string_view> OdfMimetype(std::string_view z) {
  constexpr size_t kLocalSize = 30;
  if (z.size() < kLocalSize || !StartsWith(z, std::string_view("PK\x03\x04", 4))) {
    return std::nullopt;
  }
  if (Le16(z, 8) != 0) return std::nullopt;  // compressed: not the ODF layout
  const size_t size = Le32(z, 18);
  const size_t name_len = Le16(z, 26);
  const size_t extra_len = Le16(z, 28);
  if (kLocalSize + name_len + extra_len + size > z.size()) return std::nullopt;
  if (z.substr(kLocalSize, name_len) != "mimetype") return std::nullopt;
  return z.substr(kLocalSize + name_len + extra_len, size);
}

std::optional<AttachmentType> SniffZip(std::string_view z) {
  auto names = ZipNames(z);
  if (!names) return std::nullopt;
  bool content_types = false;
  bool word = false;
  bool xl = false;
  for (std::string_view n : *names) {
    // Macros (VBA in OOXML, Basic or scripts in ODF) are refused outright.
    if (EndsWithNoCase(n, "vbaproject.bin") || StartsWith(n, "Basic/") ||
        StartsWith(n, "Scripts/")) {
      return std::nullopt;
    }
    if (n == "[Content_Types].xml") content_types = true;
    if (StartsWith(n, "word/")) word = true;
    if (StartsWith(n, "xl/")) xl = true;
  }
  if (content_types && word != xl) return word ? AttachmentType::kDocx : AttachmentType::kXlsx;
  if (auto mime = OdfMimetype(z)) {
    if (*mime == "application/vnd.oasis.opendocument.text") return AttachmentType::kOdt;
    if (*mime == "application/vnd.oasis.opendocument.spreadsheet") return AttachmentType::kOds;
  }
  return std::nullopt;
}

// Valid UTF-8 without NUL or control characters other than tab, line feed, carriage
// return and form feed, that does not begin like markup (HTML, SVG, XML) or a script.
bool IsPlainText(std::string_view s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  if (s.empty() || !IsValidUtf8(s)) return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
      return false;
    }
  }
  const size_t first = s.find_first_not_of(" \t\r\n\f");
  if (first == std::string_view::npos) return true;
  const std::string_view head = s.substr(first);
  return !StartsWith(head, "<") && !StartsWith(head, "#!");
}

}  // namespace

std::string_view MediaType(AttachmentType t) {
  switch (t) {
    case AttachmentType::kPdf:
      return "application/pdf";
    case AttachmentType::kPng:
      return "image/png";
    case AttachmentType::kJpeg:
      return "image/jpeg";
    case AttachmentType::kText:
      return "text/plain; charset=utf-8";
    case AttachmentType::kCsv:
      return "text/csv; charset=utf-8";
    case AttachmentType::kDocx:
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case AttachmentType::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case AttachmentType::kOdt:
      return "application/vnd.oasis.opendocument.text";
    case AttachmentType::kOds:
      return "application/vnd.oasis.opendocument.spreadsheet";
  }
  return "application/octet-stream";
}

std::string_view Name(AttachmentType t) { return kNames[static_cast<size_t>(t)]; }

std::optional<AttachmentType> ParseAttachmentType(std::string_view s) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == s) return static_cast<AttachmentType>(i);
  }
  return std::nullopt;
}

std::optional<AttachmentType> SniffAttachment(std::string_view bytes, std::string_view file_name) {
  if (StartsWith(bytes, "%PDF-")) return AttachmentType::kPdf;
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return AttachmentType::kPng;
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return AttachmentType::kJpeg;
  if (StartsWith(bytes, std::string_view("PK\x03\x04", 4))) return SniffZip(bytes);
  if (IsPlainText(bytes)) {
    return EndsWithNoCase(file_name, ".csv") ? AttachmentType::kCsv : AttachmentType::kText;
  }
  return std::nullopt;
}

std::string SanitiseFileName(std::string_view name) {
  if (size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  std::string out;
  for (size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    const std::string_view ch = name.substr(i, len);
    i += len;
    // Controls, and the bidirectional overrides that make "gpj.exe" read "exe.jpg".
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F) {
      continue;
    }
    if (cp < 0x80 &&
        std::string_view(":*?\"<>|;").find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '_';
      continue;
    }
    if (out.size() + len > kMaxFileNameBytes) break;
    out += ch;
  }
  const size_t first = out.find_first_not_of(". ");
  out = first == std::string::npos ? std::string() : out.substr(first);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out.empty() ? std::string("attachment") : out;
}

}  // namespace warroom::core::advisory
