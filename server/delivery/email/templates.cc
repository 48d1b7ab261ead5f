#include "server/delivery/email/templates.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <utility>
#include <vector>

namespace warroom::delivery::email {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// Texts of one language. Placeholders: {name} {org} {instance} {link} {date}.
struct Texts {
  std::string_view exercise_tag;
  std::string_view exercise_note;
  std::string_view greeting_named;
  std::string_view greeting;
  std::string_view invitation_subject;
  std::vector<std::string_view> invitation_body;
  std::string_view reset_subject;
  std::vector<std::string_view> reset_body;
  std::string_view setup_subject;
  std::vector<std::string_view> setup_body;
  std::string_view signature;
  std::string_view verify_subject;
  std::vector<std::string_view> verify_body;
};

const Texts& TextsFor(Language language) {
  static const Texts nl_texts{
      "[OEFENING]",
      "Dit bericht hoort bij een oefening.",
      "Beste {name},",
      "Beste,",
      "Uitnodiging voor de warroom van {org}",
      {"U bent uitgenodigd voor de warroom van {org}.",
       "Kies uw wachtwoord en registreer uw tweede factor via deze link: {link}",
       "De link is geldig tot {date}.", "Verwachtte u deze e-mail niet? Dan mag u hem negeren."},
      "Uw wachtwoord voor de warroom opnieuw instellen",
      {"Er werd gevraagd om het wachtwoord van uw warroom-account opnieuw in te stellen.",
       "Kies een nieuw wachtwoord via deze link: {link}", "De link is geldig tot {date}.",
       "Heeft u dit niet gevraagd? Negeer dan deze e-mail; uw wachtwoord blijft ongewijzigd."},
      "{instance} is klaar: stel uw beheerdersaccount in",
      {"{instance} werd ingericht en u bent de eerste beheerder.",
       "Kies uw wachtwoord en registreer uw tweede factor via deze link: {link}",
       "De link is geldig tot {date}."},
      "De warroom",
      "Kloppen uw contactgegevens bij de warroom nog? ({org})",
      {"De warroom vraagt alle SPOC's en hun vervangers van {org} om hun contactgegevens te "
       "bevestigen.",
       "Bekijk uw gegevens en bevestig of verbeter ze via deze link: {link}",
       "U hoeft niet aan te melden. De link is geldig tot {date}."}};
  static const Texts fr_texts{
      "[EXERCICE]",
      "Ce message fait partie d'un exercice.",
      "Bonjour {name},",
      "Bonjour,",
      "Invitation à la warroom de {org}",
      {"Vous êtes invité(e) à la warroom de {org}.",
       "Choisissez votre mot de passe et enregistrez votre second facteur via ce lien : {link}",
       "Le lien est valable jusqu'au {date}.",
       "Vous n'attendiez pas cet e-mail ? Vous pouvez l'ignorer."},
      "Réinitialisation de votre mot de passe de la warroom",
      {"Une réinitialisation du mot de passe de votre compte warroom a été demandée.",
       "Choisissez un nouveau mot de passe via ce lien : {link}",
       "Le lien est valable jusqu'au {date}.",
       "Vous ne l'avez pas demandée ? Ignorez cet e-mail ; votre mot de passe reste inchangé."},
      "{instance} est prêt : configurez votre compte administrateur",
      {"{instance} a été installé et vous en êtes le premier administrateur.",
       "Choisissez votre mot de passe et enregistrez votre second facteur via ce lien : {link}",
       "Le lien est valable jusqu'au {date}."},
      "La warroom",
      "Vos coordonnées à la warroom sont-elles à jour ? ({org})",
      {"La warroom demande à tous les SPOC de {org} et à leurs suppléants de confirmer leurs "
       "coordonnées.",
       "Consultez vos données et confirmez-les ou corrigez-les via ce lien : {link}",
       "Aucune connexion n'est nécessaire. Le lien est valable jusqu'au {date}."}};
  static const Texts en_texts{
      "[EXERCISE]",
      "This message is part of an exercise.",
      "Hello {name},",
      "Hello,",
      "Invitation to the warroom of {org}",
      {"You are invited to the warroom of {org}.",
       "Set your password and enrol your second factor with this link: {link}",
       "The link is valid until {date}.", "If you did not expect this e-mail, you can ignore it."},
      "Reset your warroom password",
      {"A password reset was requested for your warroom account.",
       "Choose a new password with this link: {link}", "The link is valid until {date}.",
       "If you did not ask for this, ignore this e-mail; your password stays unchanged."},
      "{instance} is ready: set up your administrator account",
      {"{instance} has been set up and you are its first administrator.",
       "Set your password and enrol your second factor with this link: {link}",
       "The link is valid until {date}."},
      "The war room",
      "Are your contact details at the war room still right? ({org})",
      {"The war room asks every SPOC of {org} and their deputies to confirm their contact "
       "details.",
       "Review your details and confirm or correct them with this link: {link}",
       "You do not need to sign in. The link is valid until {date}."}};
  static const Texts de_texts{
      "[ÜBUNG]",
      "Diese Nachricht ist Teil einer Übung.",
      "Guten Tag {name},",
      "Guten Tag,",
      "Einladung in den Warroom von {org}",
      {"Sie sind in den Warroom von {org} eingeladen.",
       "Legen Sie Ihr Passwort fest und registrieren Sie Ihren zweiten Faktor über diesen "
       "Link: {link}",
       "Der Link ist gültig bis {date}.",
       "Falls Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren."},
      "Ihr Warroom-Passwort zurücksetzen",
      {"Für Ihr Warroom-Konto wurde das Zurücksetzen des Passworts angefordert.",
       "Wählen Sie über diesen Link ein neues Passwort: {link}", "Der Link ist gültig bis {date}.",
       "Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort "
       "bleibt unverändert."},
      "{instance} ist bereit: richten Sie Ihr Administratorkonto ein",
      {"{instance} wurde eingerichtet und Sie sind der erste Administrator.",
       "Legen Sie Ihr Passwort fest und registrieren Sie Ihren zweiten Faktor über diesen "
       "Link: {link}",
       "Der Link ist gültig bis {date}."},
      "Der Warroom",
      "",
      {}};
  switch (language) {
    case Language::kNl:
      return nl_texts;
    case Language::kFr:
      return fr_texts;
    case Language::kEn:
      return en_texts;
    case Language::kDe:
      return de_texts;
  }
  return nl_texts;
}

using Vars = std::vector<std::pair<std::string_view, std::string>>;

enum class Mode { kText, kHtml, kSubject };

// Replaces line breaks and other control characters, which would break a header line.
std::string SingleLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  }
  return out;
}

// Fills the placeholders of `pattern`. In HTML mode both the constant text and the values
// are escaped, and {link} becomes an anchor.
std::string Fill(std::string_view pattern, const Vars& vars, Mode mode) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view key = pattern.substr(i + 1, close - i - 1);
        for (const auto& [name, value] : vars) {
          if (name != key) {
            continue;
          }
          if (mode == Mode::kText) {
            out += value;
          } else if (mode == Mode::kSubject) {
            out += SingleLine(value);
          } else if (key == "link") {
            out += "<a href=\"" + HtmlEscape(value) + "\">" + HtmlEscape(value) + "</a>";
          } else {
            out += HtmlEscape(value);
          }
          i = close + 1;
          break;
        }
        if (i == close + 1) {
          continue;
        }
      }
    }
    const size_t next = pattern.find('{', i + 1);
    const std::string_view piece =
        pattern.substr(i, next == std::string_view::npos ? next : next - i);
    out += mode == Mode::kHtml ? HtmlEscape(piece) : std::string(piece);
    i += piece.size();
  }
  return out;
}

RenderedEmail Render(Language language, const Texts& t, std::string_view subject,
                     const std::vector<std::string_view>& body, const std::string& name,
                     bool exercise, const Vars& vars) {
  RenderedEmail r;
  r.subject = Fill(subject, vars, Mode::kSubject);
  if (exercise) {
    r.subject = std::string(t.exercise_tag) + " " + r.subject;
  }

  std::vector<std::string_view> paragraphs;
  if (exercise) {
    paragraphs.push_back(t.exercise_note);
  }
  paragraphs.push_back(name.empty() ? t.greeting : t.greeting_named);
  paragraphs.insert(paragraphs.end(), body.begin(), body.end());
  paragraphs.push_back(t.signature);

  static constexpr std::array<std::string_view, 4> kLangAttr = {"nl", "fr", "en", "de"};
  r.body_html = "<!DOCTYPE html>\n<html lang=\"" +
                std::string(kLangAttr[static_cast<size_t>(language)]) +
                "\">\n<head><meta charset=\"utf-8\"><title>" + HtmlEscape(r.subject) +
                "</title></head>\n<body style=\"font-family: sans-serif\">\n";
  for (std::string_view p : paragraphs) {
    if (!r.body_text.empty()) {
      r.body_text += "\n\n";
    }
    r.body_text += Fill(p, vars, Mode::kText);
    r.body_html += "<p>" + Fill(p, vars, Mode::kHtml) + "</p>\n";
  }
  r.body_text += "\n";
  r.body_html += "</body>\n</html>\n";
  return r;
}

}  // namespace

Language LanguageFromTag(std::string_view tag) {
  std::string lower;
  for (char c : tag.substr(0, 2)) {
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  if (tag.size() > 2 && tag[2] != '-' && tag[2] != '_') {
    return Language::kNl;
  }
  if (lower == "fr") {
    return Language::kFr;
  }
  if (lower == "en") {
    return Language::kEn;
  }
  if (lower == "de") {
    return Language::kDe;
  }
  return Language::kNl;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatLocalTime(Language language, ports::TimePoint t) {
  using namespace std::chrono;
  // Belgium: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to
  // 01:00 UTC on the last Sunday of October (EU rule), computed without a time-zone database.
  const auto utc_day = floor<days>(t);
  const year y = year_month_day(utc_day).year();
  const sys_days dst_start = sys_days(y / March / Sunday[last]);
  const sys_days dst_end = sys_days(y / October / Sunday[last]);
  const bool summer = t >= dst_start + hours(1) && t < dst_end + hours(1);
  const auto local = floor<minutes>(t) + hours(summer ? 2 : 1);
  const auto local_day = floor<days>(local);
  const year_month_day ymd(local_day);
  const hh_mm_ss hms(local - local_day);

  static constexpr std::array<std::array<std::string_view, 12>, 4> kMonths = {{
      {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
       "oktober", "november", "december"},
      {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
       "octobre", "novembre", "décembre"},
      {"January", "February", "March", "April", "May", "June", "July", "August", "September",
       "October", "November", "December"},
      {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
       "Oktober", "November", "Dezember"},
  }};
  const std::string_view month =
      kMonths[static_cast<size_t>(language)][static_cast<unsigned>(ymd.month()) - 1];
  const unsigned day = static_cast<unsigned>(ymd.day());
  const int yr = static_cast<int>(ymd.year());
  const auto hh = static_cast<int>(hms.hours().count());
  const auto mm = static_cast<int>(hms.minutes().count());
  char clock[16];
  char buf[96];
  switch (language) {
    case Language::kNl:
      std::snprintf(clock, sizeof(clock), "%02d:%02d", hh, mm);
      std::snprintf(buf, sizeof(buf), "%u %.*s %d om %s", day, static_cast<int>(month.size()),
                    month.data(), yr, clock);
      break;
    case Language::kFr:
      std::snprintf(clock, sizeof(clock), "%02dh%02d", hh, mm);
      std::snprintf(buf, sizeof(buf), "%u %.*s %d à %s", day, static_cast<int>(month.size()),
                    month.data(), yr, clock);
      break;
    case Language::kEn:
      std::snprintf(clock, sizeof(clock), "%02d:%02d", hh, mm);
      std::snprintf(buf, sizeof(buf), "%u %.*s %d at %s", day, static_cast<int>(month.size()),
                    month.data(), yr, clock);
      break;
    case Language::kDe:
      std::snprintf(clock, sizeof(clock), "%02d:%02d", hh, mm);
      std::snprintf(buf, sizeof(buf), "%u. %.*s %d um %s Uhr", day, static_cast<int>(month.size()),
                    month.data(), yr, clock);
      break;
  }
  return buf;
}

RenderedEmail RenderInvitation(Language language, const InvitationEmail& email) {
  const Texts& t = TextsFor(language);
  const Vars vars = {{"name", email.recipient_name},
                     {"org", email.organisation_name},
                     {"link", email.link},
                     {"date", FormatLocalTime(language, email.valid_until)}};
  return Render(language, t, t.invitation_subject, t.invitation_body, email.recipient_name,
                email.exercise, vars);
}

RenderedEmail RenderVerificationRequest(Language language, const VerificationRequestEmail& email) {
  // The verification page speaks Dutch, French and English only.
  if (language == Language::kDe) language = Language::kNl;
  const Texts& t = TextsFor(language);
  const Vars vars = {{"name", email.recipient_name},
                     {"org", email.organisation_name},
                     {"link", email.link},
                     {"date", FormatLocalTime(language, email.valid_until)}};
  return Render(language, t, t.verify_subject, t.verify_body, email.recipient_name, email.exercise,
                vars);
}

RenderedEmail RenderPasswordReset(Language language, const PasswordResetEmail& email) {
  const Texts& t = TextsFor(language);
  const Vars vars = {{"name", email.recipient_name},
                     {"link", email.link},
                     {"date", FormatLocalTime(language, email.valid_until)}};
  return Render(language, t, t.reset_subject, t.reset_body, email.recipient_name, email.exercise,
                vars);
}

RenderedEmail RenderFirstAdminSetup(Language language, const FirstAdminSetupEmail& email) {
  const Texts& t = TextsFor(language);
  const Vars vars = {{"name", email.recipient_name},
                     {"instance", email.instance_name},
                     {"link", email.link},
                     {"date", FormatLocalTime(language, email.valid_until)}};
  return Render(language, t, t.setup_subject, t.setup_body, email.recipient_name, email.exercise,
                vars);
}

}  // namespace warroom::delivery::email
