// Advisory attachments (C3): what kind of file an upload is, judged by its bytes and never
// by the name or the Content-Type the client sent, and the file name as it may be shown
// and offered for download. No I/O.
//
// Accepted: PDF, PNG, JPEG, plain text and CSV (valid UTF-8 without NUL or other control
// characters, not starting like markup or a script), and the office formats DOCX, XLSX,
// ODT and ODS (ZIP archives recognised by their central directory; macro-enabled ones
// refused). Everything else is refused: executables, HTML, SVG, XML, scripts, other ZIPs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warroom::core::advisory {

enum class AttachmentType { kPdf, kPng, kJpeg, kText, kCsv, kDocx, kXlsx, kOdt, kOds };

// The media type served for the kind ("application/pdf", "text/plain; charset=utf-8").
std::string_view MediaType(AttachmentType t);
// The stored name of the kind ("pdf", "text", ...) and back.
std::string_view Name(AttachmentType t);
std::optional<AttachmentType> ParseAttachmentType(std::string_view s);

// The kind of `bytes`, or std::nullopt when it is none the app accepts. `file_name` only
// tells text/csv from text/plain once the bytes are known to be text. Never reads past
// `bytes`, whatever they hold (a parser of untrusted input: attachment_fuzz.cc).
std::optional<AttachmentType> SniffAttachment(std::string_view bytes, std::string_view file_name);

// `name` made safe to show and to put in Content-Disposition: the last path segment,
// invalid UTF-8 and control characters dropped, characters that file systems or headers
// mishandle (/ \ : * ? " < > | ;) replaced by '_', leading dots and spaces removed, at
// most kMaxFileNameBytes bytes (cut at a character boundary). "attachment" when nothing
// is left.
inline constexpr size_t kMaxFileNameBytes = 200;
std::string SanitiseFileName(std::string_view name);

}  // namespace warroom::core::advisory
