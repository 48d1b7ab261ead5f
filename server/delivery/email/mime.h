// MIME: builds an RFC 5322 / RFC 2045 message from a ports::MailMessage — headers with
// RFC 2047 encoded words for non-ASCII text, quoted-printable bodies, multipart/alternative
// when an HTML body is given, CRLF line endings. Dot-stuffing is left to the SMTP client.
#pragma once

#include <string>
#include <string_view>

#include "libs/base/result.h"
#include "server/ports/clock.h"
#include "server/ports/mail_transport.h"

namespace warroom::delivery::email {

// Returns true when `address` is a bare address the SMTP envelope and headers accept:
// local@domain, printable ASCII, no spaces, angle brackets, quotes, commas or control bytes.
bool IsValidMailAddress(std::string_view address);

// Returns `text` as one or more RFC 2047 "=?UTF-8?B?...?=" words (folded with CRLF SP)
// when it contains bytes outside printable ASCII, and unchanged otherwise.
std::string EncodeHeaderText(std::string_view text);

// Returns `text` encoded as quoted-printable (RFC 2045), lines at most 76 characters,
// hard line breaks as CRLF. Any LF or CRLF in `text` counts as a line break.
std::string EncodeQuotedPrintable(std::string_view text);

// Returns `data` as base64 in lines of 76 characters separated by CRLF.
std::string EncodeBase64Lines(std::string_view data);

// Returns the date in RFC 5322 form, in UTC: "Tue, 14 Nov 2023 22:13:20 +0000".
std::string FormatRfc5322Date(ports::TimePoint t);

// Returns a new Message-ID "<random@domain>".
std::string NewMessageId(std::string_view domain);

// Returns the domain of an address ("example.test" for "a@example.test").
std::string_view AddressDomain(std::string_view address);

// Builds the complete message, ready for SMTP DATA. Fails with kInvalidArgument when an
// address is malformed, a header name is invalid, or a header value (subject, extra
// headers) contains CR, LF or NUL — the guard against header injection — or when the
// text is not valid UTF-8.
Result<std::string> BuildMimeMessage(const ports::MailMessage& message, ports::TimePoint date);

}  // namespace warroom::delivery::email
