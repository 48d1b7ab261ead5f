// The advisory e-mail to a SPOC or deputy: subject, plain text, simple inline-styled HTML
// and the extra headers, in the recipient's language (Dutch, French, English, German).
//
// What may travel: TLP:CLEAR, GREEN and AMBER mails carry the title, the body (Markdown,
// rendered by core/advisory/markdown.h) and the action points. TLP:AMBER+STRICT and
// TLP:RED content never travels by e-mail: such a mail says only that an advisory
// (reference, severity, TLP) waits in the app, with the app link and the acknowledgement
// link. The renderer for those is given only those fields, so no title or body can reach it.
//
// Every value is escaped in the HTML (script in a title, an action point or the body
// shows as text), and line breaks in values never reach the subject. An exercise is
// marked "[OEFENING / EXERCICE / EXERCISE]" in the subject and with a banner in the body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/advisory/model.h"
#include "server/core/directory/model.h"
#include "server/delivery/email/email_channel.h"

namespace warroom::delivery::email {

// The severity and TLP 2.0 label of core/advisory, and its rule of what may leave the app.
using AdvisorySeverity = core::Severity;
using core::Tlp;
using core::TlpAllowsContentOutsideApp;
using core::TlpLabel;

enum class RecipientRole { kSpoc, kDeputy };

struct AdvisoryMailInput {
  std::string to;  // a bare address
  // The language of the version being sent (chosen with core::advisory::PickLanguage).
  core::Language language = core::Language::kNl;
  std::string instance_name;  // e.g. "Warroom Vlaanderen"
  std::string app_base_url;   // e.g. "https://warroom.example"; the advisory is at
                              // <app_base_url>/inbox/<advisory_id> (the recipient's view)
  int64_t advisory_id = 0;
  std::string reference;  // e.g. "ADV-2026-0007"
  int64_t revision = 1;
  bool is_update = false;      // a later revision of an advisory sent before
  bool reacknowledge = false;  // the revision asks for a new acknowledgement
  std::string title;
  std::string body_markdown;
  std::vector<std::string> action_points;
  // The names of the advisory's attachments: listed (TLP CLEAR, GREEN, AMBER only), never
  // attached; the files are read in the app.
  std::vector<std::string> attachment_names;
  AdvisorySeverity severity = AdvisorySeverity::kInfo;
  Tlp tlp = Tlp::kRed;  // the strictest unless said otherwise: a forgotten TLP leaks nothing
  bool exercise = false;
  std::string organisation_name;  // the recipient's organisation
  RecipientRole role = RecipientRole::kSpoc;
  int deputy_rank = 0;      // 1 for the first deputy...; only for kDeputy
  bool escalation = false;  // sent to a deputy because the SPOC has not acknowledged
  std::string acknowledge_url;
};

// Returns the message for EnqueueEmail, with the headers List-Id
// (<advisories.HOST>, HOST from app_base_url), Auto-Submitted: auto-generated and
// X-Auto-Response-Suppress: All (RFC 3834: no Precedence). Never fails.
OutboxEmail RenderAdvisoryMail(const AdvisoryMailInput& input);

}  // namespace warroom::delivery::email
