#include "server/delivery/email/advisory_mail.h"

#include <array>
#include <utility>

#include "server/core/advisory/markdown.h"
#include "server/delivery/email/templates.h"

namespace warroom::delivery::email {
namespace {

constexpr std::string_view kExerciseFlag = "OEFENING / EXERCICE / EXERCISE";

// The texts of one language. Placeholders: {org} {n} {ref} {rev} {instance} {tlp}.
struct AdvisoryTexts {
  std::string_view html_lang;
  std::string_view colon;                       // ": ", or " : " in French
  std::array<std::string_view, 4> severity;     // info, warning, alert, critical
  std::array<std::string_view, 5> tlp_meaning;  // clear ... red
  std::string_view exercise_note;
  std::string_view escalation_tag;
  std::string_view spoc;
  std::string_view deputy;
  std::string_view reference_line;   // "Advisory {ref}"
  std::string_view revision_suffix;  // ", revision {rev}" (subject and reference line)
  std::string_view reack_suffix;     // subject suffix when a new acknowledgement is asked
  std::string_view for_line;         // "For: {org}"
  std::string_view escalation_note;
  std::string_view update_note;
  std::string_view reack_note;
  std::string_view action_points;
  std::string_view acknowledge;
  std::string_view read;
  std::string_view restricted_subject;  // "new advisory {ref} waits for you"
  std::string_view restricted_subject_update;
  std::string_view restricted_waits;
  std::string_view restricted_waits_update;
  std::string_view severity_label;
  std::string_view restricted_reason;
  std::string_view attachments;  // heading of the list of attachment names
};

const AdvisoryTexts& TextsFor(core::Language language) {
  static const AdvisoryTexts nl{
      "nl",
      ": ",
      {"Informatie", "Waarschuwing", "Alarm", "Kritiek"},
      {"Geen beperking op verspreiding.",
       "Beperkte verspreiding: binnen uw gemeenschap, niet publiek.",
       "Beperkte verspreiding: enkel binnen uw organisatie en haar klanten, voor wie het moet "
       "weten.",
       "Beperkte verspreiding: enkel binnen uw organisatie, voor wie het moet weten.",
       "Enkel voor de ontvangers persoonlijk; niet verder verspreiden."},
      "Dit bericht hoort bij een oefening.",
      "[ESCALATIE]",
      "SPOC",
      "adjunct {n}",
      "Advies {ref}",
      ", versie {rev}",
      ", opnieuw bevestigen",
      "Voor: {org}",
      "De SPOC van {org} heeft dit advies nog niet bevestigd. Als adjunct {n} vragen we u het "
      "te bevestigen.",
      "Dit is versie {rev} van het advies: het werd bijgewerkt.",
      "Deze versie vraagt een nieuwe bevestiging.",
      "Actiepunten",
      "Bevestig de ontvangst",
      "Lees het advies in {instance}",
      "nieuw advies {ref} wacht op u",
      "advies {ref} versie {rev} wacht op u",
      "Een nieuw advies wacht op u in {instance}.",
      "Een nieuwe versie van een advies wacht op u in {instance}.",
      "Ernst",
      "Wegens {tlp} wordt de inhoud niet per e-mail verstuurd: meld u aan om het advies te "
      "lezen.",
      "Bijlagen (enkel in {instance}, niet bij deze e-mail)"};
  static const AdvisoryTexts fr{
      "fr",
      " : ",
      {"Information", "Avertissement", "Alerte", "Critique"},
      {"Diffusion sans restriction.",
       "Diffusion limitée : au sein de votre communauté, pas publiquement.",
       "Diffusion limitée : uniquement au sein de votre organisation et de ses clients, à ceux "
       "qui ont besoin d'en connaître.",
       "Diffusion limitée : uniquement au sein de votre organisation, à ceux qui ont besoin "
       "d'en connaître.",
       "Réservé aux destinataires personnellement ; ne pas diffuser."},
      "Ce message fait partie d'un exercice.",
      "[ESCALADE]",
      "SPOC",
      "suppléant {n}",
      "Avis {ref}",
      ", version {rev}",
      ", à reconfirmer",
      "Pour : {org}",
      "Le SPOC de {org} n'a pas encore confirmé cet avis. En tant que suppléant {n}, nous vous "
      "demandons de le confirmer.",
      "Ceci est la version {rev} de l'avis : il a été mis à jour.",
      "Cette version demande une nouvelle confirmation.",
      "Actions à entreprendre",
      "Confirmez la réception",
      "Lisez l'avis dans {instance}",
      "nouvel avis {ref} en attente",
      "avis {ref} version {rev} en attente",
      "Un nouvel avis vous attend dans {instance}.",
      "Une nouvelle version d'un avis vous attend dans {instance}.",
      "Gravité",
      "En raison de {tlp}, le contenu n'est pas envoyé par e-mail : connectez-vous pour lire "
      "l'avis.",
      "Pièces jointes (uniquement dans {instance}, pas dans cet e-mail)"};
  static const AdvisoryTexts en{
      "en",
      ": ",
      {"Information", "Warning", "Alert", "Critical"},
      {"Disclosure is not limited.", "Limited disclosure: within your community, not publicly.",
       "Limited disclosure: only within your organisation and its clients, on a need-to-know "
       "basis.",
       "Limited disclosure: only within your organisation, on a need-to-know basis.",
       "For the named recipients only; no further disclosure."},
      "This message is part of an exercise.",
      "[ESCALATION]",
      "SPOC",
      "deputy {n}",
      "Advisory {ref}",
      ", revision {rev}",
      ", please re-acknowledge",
      "For: {org}",
      "The SPOC of {org} has not acknowledged this advisory yet. As deputy {n}, you are asked "
      "to acknowledge it.",
      "This is revision {rev} of the advisory: it has been updated.",
      "This revision asks for a new acknowledgement.",
      "Action points",
      "Acknowledge receipt",
      "Read the advisory in {instance}",
      "new advisory {ref} waits for you",
      "advisory {ref} revision {rev} waits for you",
      "A new advisory waits for you in {instance}.",
      "A new revision of an advisory waits for you in {instance}.",
      "Severity",
      "Because of {tlp}, the content is not sent by e-mail: sign in to read the advisory.",
      "Attachments (in {instance} only, not with this e-mail)"};
  static const AdvisoryTexts de{
      "de",
      ": ",
      {"Information", "Warnung", "Alarm", "Kritisch"},
      {"Weitergabe ohne Einschränkung.",
       "Begrenzte Weitergabe: innerhalb Ihrer Community, nicht öffentlich.",
       "Begrenzte Weitergabe: nur innerhalb Ihrer Organisation und ihrer Kunden, soweit nötig.",
       "Begrenzte Weitergabe: nur innerhalb Ihrer Organisation, soweit nötig.",
       "Nur für die Empfänger persönlich; keine Weitergabe."},
      "Diese Nachricht ist Teil einer Übung.",
      "[ESKALATION]",
      "SPOC",
      "Stellvertreter {n}",
      "Sicherheitsmeldung {ref}",
      ", Version {rev}",
      ", bitte erneut bestätigen",
      "Für: {org}",
      "Der SPOC von {org} hat diese Meldung noch nicht bestätigt. Als Stellvertreter {n} "
      "bitten wir Sie, sie zu bestätigen.",
      "Dies ist Version {rev} der Meldung: sie wurde aktualisiert.",
      "Diese Version verlangt eine neue Bestätigung.",
      "Maßnahmen",
      "Empfang bestätigen",
      "Lesen Sie die Meldung in {instance}",
      "neue Sicherheitsmeldung {ref} wartet auf Sie",
      "Sicherheitsmeldung {ref} Version {rev} wartet auf Sie",
      "Eine neue Sicherheitsmeldung wartet in {instance} auf Sie.",
      "Eine neue Version einer Sicherheitsmeldung wartet in {instance} auf Sie.",
      "Schweregrad",
      "Wegen {tlp} wird der Inhalt nicht per E-Mail versandt: melden Sie sich an, um die "
      "Meldung zu lesen.",
      "Anhänge (nur in {instance}, nicht in dieser E-Mail)"};
  switch (language) {
    case core::Language::kNl:
      return nl;
    case core::Language::kFr:
      return fr;
    case core::Language::kEn:
      return en;
    case core::Language::kDe:
      return de;
  }
  return nl;
}

using Vars = std::vector<std::pair<std::string_view, std::string>>;

// Fills the {placeholders} of `pattern` with `vars` (plain text; unknown ones stay).
std::string Fill(std::string_view pattern, const Vars& vars) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    bool replaced = false;
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view key = pattern.substr(i + 1, close - i - 1);
        for (const auto& [name, value] : vars) {
          if (name == key) {
            out += value;
            i = close + 1;
            replaced = true;
            break;
          }
        }
      }
    }
    if (!replaced) {
      out += pattern[i];
      ++i;
    }
  }
  return out;
}

// Replaces line breaks and other control characters, which would break a header line or
// the layout of the text part.
std::string SingleLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  }
  return out;
}

std::string AdvisoryUrl(std::string_view base, int64_t id) {
  while (!base.empty() && base.back() == '/') {
    base.remove_suffix(1);
  }
  return std::string(base) + "/inbox/" + std::to_string(id);
}

// The host of `url` ("https://Warroom.Example:8443/x" -> "warroom.example"), reduced to
// the characters of a dot-atom; "warroom.invalid" when none is left.
std::string ListHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  const size_t at = url.find('@');
  const size_t end = url.find_first_of("/?#");
  if (at != std::string_view::npos && at < end) {
    url.remove_prefix(at + 1);
  }
  url = url.substr(0, url.find_first_of(":/?#"));
  std::string host;
  for (char c : url) {
    if (c >= 'A' && c <= 'Z') {
      host += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
      host += c;
    }
  }
  while (!host.empty() && host.front() == '.') {
    host.erase(0, 1);
  }
  while (!host.empty() && host.back() == '.') {
    host.pop_back();
  }
  if (host.empty() || host.find("..") != std::string::npos) {
    return "warroom.invalid";
  }
  return host;
}

// RFC 2919: an optional description, then <list-label.host>. The description is only
// given when it needs no encoding (an encoded word would hide the id from filters).
std::string ListId(const AdvisoryMailInput& in) {
  const std::string id = "<advisories." + ListHost(in.app_base_url) + ">";
  bool plain = !in.instance_name.empty();
  for (char c : in.instance_name) {
    const auto u = static_cast<unsigned char>(c);
    plain = plain && u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
  }
  return plain ? "\"" + in.instance_name + "\" " + id : id;
}

std::string_view TlpColour(Tlp tlp) {
  // The TLP 2.0 colours, on black.
  switch (tlp) {
    case Tlp::kClear:
      return "#FFFFFF";
    case Tlp::kGreen:
      return "#33FF00";
    case Tlp::kAmber:
    case Tlp::kAmberStrict:
      return "#FFC000";
    case Tlp::kRed:
      return "#FF2B2B";
  }
  return "#FFFFFF";
}

// Builds the parts of both renderings, line by line, so that text and HTML say the same.
class Writer {
 public:
  Writer(const AdvisoryMailInput& in, const AdvisoryTexts& t) : in_(in), t_(t) {}

  Vars vars() const {
    return {{"org", SingleLine(in_.organisation_name)},  {"n", std::to_string(in_.deputy_rank)},
            {"ref", SingleLine(in_.reference)},          {"rev", std::to_string(in_.revision)},
            {"instance", SingleLine(in_.instance_name)}, {"tlp", std::string(TlpLabel(in_.tlp))}};
  }
  std::string F(std::string_view pattern) const { return Fill(pattern, vars()); }

  std::string SubjectPrefix() const {
    std::string s;
    if (in_.exercise) {
      s += "[" + std::string(kExerciseFlag) + "] ";
    }
    if (in_.escalation) {
      s += std::string(t_.escalation_tag) + " ";
    }
    s += "[" + std::string(TlpLabel(in_.tlp)) + "] ";
    return s;
  }

  std::string Severity() const { return std::string(t_.severity[Index(in_.severity)]); }

  std::string Role() const {
    return in_.role == RecipientRole::kSpoc ? std::string(t_.spoc) : F(t_.deputy);
  }

  std::string ReferenceLine() const {
    std::string s = F(t_.reference_line);
    if (in_.is_update) {
      s += F(t_.revision_suffix);
    }
    return s;
  }

  std::string ForLine() const { return F(t_.for_line) + " (" + Role() + ")"; }

  // The opening of both kinds of mail: exercise banner, TLP, escalation.
  void Open(std::string& text, std::string& html, std::string_view subject) const {
    html = "<!DOCTYPE html>\n<html lang=\"" + std::string(t_.html_lang) +
           "\">\n<head><meta charset=\"utf-8\"><title>" + HtmlEscape(subject) +
           "</title></head>\n<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,"
           "sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;background:#ffffff\">\n";
    if (in_.exercise) {
      text += std::string(kExerciseFlag) + "\n" + std::string(t_.exercise_note) + "\n\n";
      html +=
          "<div style=\"background:#ffe14d;color:#000000;border:2px solid #000000;padding:8px "
          "12px;margin:0 0 12px;text-align:center\"><strong>" +
          std::string(kExerciseFlag) + "</strong><br>" + HtmlEscape(t_.exercise_note) + "</div>\n";
    }
    const std::string_view meaning = t_.tlp_meaning[static_cast<size_t>(in_.tlp)];
    text += std::string(TlpLabel(in_.tlp)) + " - " + std::string(meaning) + "\n";
    html += "<p style=\"margin:0 0 12px\"><span style=\"background:#000000;color:" +
            std::string(TlpColour(in_.tlp)) +
            ";font-family:monospace;font-weight:bold;padding:2px 6px\">" +
            std::string(TlpLabel(in_.tlp)) + "</span> <span style=\"color:#555555\">" +
            HtmlEscape(meaning) + "</span></p>\n";
  }

  void Notes(std::string& text, std::string& html) const {
    std::vector<std::string> notes;
    if (in_.escalation) {
      notes.push_back(F(t_.escalation_note));
    }
    if (in_.is_update) {
      notes.push_back(F(t_.update_note));
    }
    if (in_.reacknowledge) {
      notes.push_back(F(t_.reack_note));
    }
    for (const std::string& note : notes) {
      text += note + "\n";
      html +=
          "<p style=\"margin:0 0 12px;padding:6px 10px;border-left:4px solid #b00020;"
          "background:#fff4f4\">" +
          HtmlEscape(note) + "</p>\n";
    }
    if (!notes.empty()) {
      text += "\n";
    }
  }

  // The links and the end of both kinds of mail.
  void Close(std::string& text, std::string& html) const {
    const std::string url = AdvisoryUrl(in_.app_base_url, in_.advisory_id);
    const std::string colon(t_.colon);
    text += std::string(t_.acknowledge) + colon + in_.acknowledge_url + "\n";
    text += F(t_.read) + colon + url + "\n";
    text += "\n-- \n" + SingleLine(in_.instance_name) + "\n";
    html += "<p style=\"margin:20px 0 8px\"><a href=\"" + HtmlEscape(in_.acknowledge_url) +
            "\" style=\"display:inline-block;background:#0b5cad;color:#ffffff;padding:10px "
            "16px;text-decoration:none;font-weight:bold;border-radius:4px\">" +
            HtmlEscape(t_.acknowledge) + "</a></p>\n";
    html += "<p style=\"margin:0 0 8px;font-size:13px;color:#555555\">" +
            HtmlEscape(t_.acknowledge) + HtmlEscape(colon) + "<a href=\"" +
            HtmlEscape(in_.acknowledge_url) + "\">" + HtmlEscape(in_.acknowledge_url) + "</a><br>" +
            HtmlEscape(F(t_.read)) + HtmlEscape(colon) + "<a href=\"" + HtmlEscape(url) + "\">" +
            HtmlEscape(url) + "</a></p>\n";
    html += "</body>\n</html>\n";
  }

 private:
  static size_t Index(AdvisorySeverity s) { return static_cast<size_t>(s); }

  const AdvisoryMailInput& in_;
  const AdvisoryTexts& t_;
};

struct RenderedBody {
  std::string markdown;
  std::string text;
  std::string html;
};

// The body in both renderings. A send renders one body for thousands of recipients in a
// row, so each thread keeps its last rendering rather than parsing a long Markdown body
// twice per recipient while the send's transaction holds the writer.
const RenderedBody& RenderBody(std::string_view markdown) {
  thread_local RenderedBody last;
  thread_local bool filled = false;
  if (!filled || last.markdown != markdown) {
    last.markdown = std::string(markdown);
    last.text = core::advisory::MarkdownToText(markdown);
    last.html = core::advisory::MarkdownToHtml(markdown);
    filled = true;
  }
  return last;
}

// TLP:CLEAR, GREEN, AMBER: the whole advisory.
void RenderFull(const AdvisoryMailInput& in, const Writer& w, const AdvisoryTexts& t,
                OutboxEmail& out) {
  const std::string title = SingleLine(in.title);
  std::string suffix = " (" + w.F("{ref}");
  if (in.is_update) {
    suffix += w.F(t.revision_suffix);
  }
  if (in.reacknowledge) {
    suffix += std::string(t.reack_suffix);
  }
  suffix += ")";
  out.subject = w.SubjectPrefix() + w.Severity() + ": " + title + suffix;

  std::string& text = out.body_text;
  std::string html;
  w.Open(text, html, out.subject);
  text += w.Severity() + ": " + title + "\n";
  text += w.ReferenceLine() + "\n" + w.ForLine() + "\n\n";
  html += "<h1 style=\"font-size:20px;margin:0 0 4px\">" + HtmlEscape(w.Severity()) + ": " +
          HtmlEscape(title) + "</h1>\n";
  html += "<p style=\"margin:0 0 12px;color:#555555\">" + HtmlEscape(w.ReferenceLine()) + "<br>" +
          HtmlEscape(w.ForLine()) + "</p>\n";
  w.Notes(text, html);

  const RenderedBody& body = RenderBody(in.body_markdown);
  if (!body.text.empty()) {
    text += body.text + "\n";
    html += "<div style=\"margin:0 0 12px\">\n" + body.html + "</div>\n";
  }
  if (!in.action_points.empty()) {
    text +=
        std::string(t.action_points) + std::string(t.colon.substr(0, t.colon.size() - 1)) + "\n";
    html += "<h2 style=\"font-size:16px;margin:16px 0 4px\">" + HtmlEscape(t.action_points) +
            "</h2>\n<ol style=\"margin:0 0 12px\">\n";
    for (size_t i = 0; i < in.action_points.size(); ++i) {
      const std::string point = SingleLine(in.action_points[i]);
      text += std::to_string(i + 1) + ". " + point + "\n";
      html += "<li>" + HtmlEscape(point) + "</li>\n";
    }
    text += "\n";
    html += "</ol>\n";
  }
  // Files never travel by e-mail; their names say what waits in the app.
  if (!in.attachment_names.empty()) {
    const std::string heading = w.F(t.attachments);
    text += heading + std::string(t.colon.substr(0, t.colon.size() - 1)) + "\n";
    html += "<h2 style=\"font-size:16px;margin:16px 0 4px\">" + HtmlEscape(heading) +
            "</h2>\n<ul style=\"margin:0 0 12px\">\n";
    for (const auto& name : in.attachment_names) {
      text += "- " + SingleLine(name) + "\n";
      html += "<li>" + HtmlEscape(SingleLine(name)) + "</li>\n";
    }
    text += "\n";
    html += "</ul>\n";
  }
  w.Close(text, html);
  out.body_html = std::move(html);
}

// TLP:AMBER+STRICT and RED: only that an advisory waits. It sees the input only through
// the Writer, which has no accessor for the title, body or action points, so none can
// slip in.
void RenderRestricted(bool is_update, const Writer& w, const AdvisoryTexts& t, OutboxEmail& out) {
  out.subject = w.SubjectPrefix() + w.Severity() + ": " +
                w.F(is_update ? t.restricted_subject_update : t.restricted_subject);
  std::string& text = out.body_text;
  std::string html;
  w.Open(text, html, out.subject);
  const std::string waits = w.F(is_update ? t.restricted_waits_update : t.restricted_waits);
  const std::string severity = std::string(t.severity_label) + std::string(t.colon) + w.Severity();
  text += "\n" + waits + "\n\n" + w.ReferenceLine() + "\n" + severity + "\n" + w.ForLine() + "\n\n";
  html += "<p style=\"margin:0 0 12px;font-size:17px;font-weight:bold\">" + HtmlEscape(waits) +
          "</p>\n<p style=\"margin:0 0 12px\">" + HtmlEscape(w.ReferenceLine()) + "<br>" +
          HtmlEscape(severity) + "<br>" + HtmlEscape(w.ForLine()) + "</p>\n";
  w.Notes(text, html);
  const std::string reason = w.F(t.restricted_reason);
  text += reason + "\n\n";
  html += "<p style=\"margin:0 0 12px\">" + HtmlEscape(reason) + "</p>\n";
  w.Close(text, html);
  out.body_html = std::move(html);
}

}  // namespace

OutboxEmail RenderAdvisoryMail(const AdvisoryMailInput& input) {
  const AdvisoryTexts& t = TextsFor(input.language);
  const Writer w(input, t);
  OutboxEmail out;
  out.to = input.to;
  if (TlpAllowsContentOutsideApp(input.tlp)) {
    RenderFull(input, w, t, out);
  } else {
    RenderRestricted(input.is_update, w, t, out);
  }
  out.headers = {{"List-Id", ListId(input)},
                 {"Auto-Submitted", "auto-generated"},
                 {"X-Auto-Response-Suppress", "All"}};
  return out;
}

}  // namespace warroom::delivery::email
