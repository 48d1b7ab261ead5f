// The account e-mails: invitation, password reset and first-administrator set-up, in Dutch,
// French, English and German, as plain text plus simple HTML. Every interpolated value is
// HTML-escaped in the HTML part; line breaks in values never reach the subject.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/ports/clock.h"

namespace warroom::delivery::email {

enum class Language { kNl, kFr, kEn, kDe };

// Returns the language for a preference such as "nl", "fr-BE" or "EN"; Dutch when the
// preference is empty or unknown (the war room speaks Dutch first).
Language LanguageFromTag(std::string_view tag);

struct RenderedEmail {
  std::string subject;
  std::string body_text;
  std::string body_html;
};

struct InvitationEmail {
  std::string recipient_name;     // may be empty
  std::string organisation_name;  // "the warroom of <organisation>"
  std::string link;               // e.g. https://host/activate#token=...
  ports::TimePoint valid_until;
  bool exercise = false;  // prefix the subject with [OEFENING] / [EXERCICE] / [EXERCISE]
};

struct PasswordResetEmail {
  std::string recipient_name;
  std::string link;
  ports::TimePoint valid_until;
  bool exercise = false;
};

struct FirstAdminSetupEmail {
  std::string recipient_name;
  std::string instance_name;  // e.g. "Warroom Vlaanderen"
  std::string link;
  ports::TimePoint valid_until;
  bool exercise = false;
};

// A contact-verification request (issue 12): the recipient confirms or corrects the
// details the war room has of them. In Dutch, French or English; German falls back to Dutch.
struct VerificationRequestEmail {
  std::string recipient_name;
  std::string organisation_name;
  std::string link;
  ports::TimePoint valid_until;
  bool exercise = false;
};

RenderedEmail RenderInvitation(Language language, const InvitationEmail& email);
RenderedEmail RenderVerificationRequest(Language language, const VerificationRequestEmail& email);
RenderedEmail RenderPasswordReset(Language language, const PasswordResetEmail& email);
RenderedEmail RenderFirstAdminSetup(Language language, const FirstAdminSetupEmail& email);

// Returns `text` with & < > " ' replaced by HTML entities.
std::string HtmlEscape(std::string_view text);

// Returns the time as Belgian local time (CET/CEST) in the language, e.g.
// "14 november 2023 om 23:13" or "14 November 2023 at 23:13".
std::string FormatLocalTime(Language language, ports::TimePoint t);

}  // namespace warroom::delivery::email
