#include "server/core/incident/model.h"

#include <algorithm>
#include <array>
#include <utility>

#include "libs/base/utf8.h"

namespace warroom::core {
namespace {

constexpr std::array<std::pair<IncidentStatus, std::string_view>, 6> kStatuses{{
    {IncidentStatus::kReported, "reported"},
    {IncidentStatus::kTriage, "triage"},
    {IncidentStatus::kContainment, "containment"},
    {IncidentStatus::kEradication, "eradication"},
    {IncidentStatus::kRecovery, "recovery"},
    {IncidentStatus::kClosed, "closed"},
}};
constexpr std::array kStatusValues{IncidentStatus::kReported,    IncidentStatus::kTriage,
                                   IncidentStatus::kContainment, IncidentStatus::kEradication,
                                   IncidentStatus::kRecovery,    IncidentStatus::kClosed};

struct SeverityText {
  int level;
  Language language;
  std::string_view label;
  std::string_view definition;
};

// The written definitions, from the point of view of a local government: what still works
// for its citizens and whether data left. One table, so that every language says the same.
constexpr std::array<SeverityText, 16> kSeverityTexts{{
    {1, Language::kNl, "Kritiek",
     "Essentiële diensten aan burgers (bevolkingsregister, burgerlijke stand, sociale dienst, "
     "lonen) liggen plat of er zijn op grote schaal gegevens buitgemaakt; het bestuur kan niet "
     "normaal werken."},
    {1, Language::kFr, "Critique",
     "Des services essentiels aux citoyens (registre de la population, état civil, action "
     "sociale, salaires) sont à l'arrêt ou des données ont été volées à grande échelle ; "
     "l'administration ne peut pas fonctionner normalement."},
    {1, Language::kEn, "Critical",
     "Essential services to citizens (population register, civil status, social services, "
     "payroll) are down or data was stolen on a large scale; the organisation cannot work "
     "normally."},
    {1, Language::kDe, "Kritisch",
     "Wesentliche Dienste für die Bürger (Einwohnerregister, Standesamt, Sozialdienst, "
     "Gehälter) sind ausgefallen oder Daten wurden in großem Umfang entwendet; die Verwaltung "
     "kann nicht normal arbeiten."},
    {2, Language::kNl, "Hoog",
     "Meerdere diensten liggen plat of werken beperkt, of een inbraak is bevestigd en "
     "persoonsgegevens zijn mogelijk getroffen."},
    {2, Language::kFr, "Élevée",
     "Plusieurs services sont à l'arrêt ou dégradés, ou une intrusion est confirmée et des "
     "données à caractère personnel sont peut-être touchées."},
    {2, Language::kEn, "High",
     "Several services are down or degraded, or an intrusion is confirmed and personal data "
     "may be affected."},
    {2, Language::kDe, "Hoch",
     "Mehrere Dienste sind ausgefallen oder eingeschränkt, oder ein Einbruch ist bestätigt "
     "und personenbezogene Daten sind möglicherweise betroffen."},
    {3, Language::kNl, "Gemiddeld",
     "Eén niet-essentiële dienst is getroffen of een inbraak is ingedijkt; er is geen "
     "bevestigd gegevensverlies."},
    {3, Language::kFr, "Moyenne",
     "Un service non essentiel est touché ou une intrusion est maîtrisée ; aucune perte de "
     "données n'est confirmée."},
    {3, Language::kEn, "Medium",
     "One non-essential service is affected or an intrusion is contained; no loss of data is "
     "confirmed."},
    {3, Language::kDe, "Mittel",
     "Ein nicht wesentlicher Dienst ist betroffen oder ein Einbruch ist eingedämmt; kein "
     "Datenverlust ist bestätigt."},
    {4, Language::kNl, "Laag",
     "Een poging of een klein voorval zonder gevolgen voor diensten of gegevens."},
    {4, Language::kFr, "Faible",
     "Une tentative ou un incident mineur sans conséquence pour les services ou les données."},
    {4, Language::kEn, "Low", "An attempt or a minor event without effect on services or data."},
    {4, Language::kDe, "Niedrig",
     "Ein Versuch oder ein kleiner Vorfall ohne Folgen für Dienste oder Daten."},
}};

// Code points in valid UTF-8, or -1 when the text is not valid UTF-8.
long CodePoints(std::string_view text) {
  long n = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) return -1;
    i += len;
    ++n;
  }
  return n;
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool PhoneCharacter(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '/' ||
         c == '.' || c == '-';
}

}  // namespace

void CheckFreeText(std::vector<FieldError>& errors, const std::string& field,
                   std::string_view value, long max_chars, bool required) {
  const long n = CodePoints(value);
  if (n < 0) {
    errors.push_back({field, 0, 0, "invalid_utf8", "is not valid UTF-8"});
  } else if (required && Blank(value)) {
    errors.push_back({field, 0, 0, "required", "must not be empty"});
  } else if (n > max_chars) {
    errors.push_back(
        {field, 0, 0, "too_long", "must be at most " + std::to_string(max_chars) + " characters"});
  }
}

std::string_view Name(IncidentStatus v) {
  for (const auto& [value, name] : kStatuses) {
    if (value == v) return name;
  }
  return "";
}

std::optional<IncidentStatus> ParseIncidentStatus(std::string_view s) {
  for (const auto& [value, name] : kStatuses) {
    if (name == s) return value;
  }
  return std::nullopt;
}

std::span<const IncidentStatus> AllIncidentStatuses() { return kStatusValues; }

std::optional<SeverityDefinition> DefineSeverity(int level, Language language) {
  for (const auto& t : kSeverityTexts) {
    if (t.level == level && t.language == language) {
      return SeverityDefinition{t.level, t.label, t.definition};
    }
  }
  return std::nullopt;
}

Status ValidateIncident(const IncidentFacts& f, int64_t now_ms, const RsitTaxonomy& taxonomy) {
  std::vector<FieldError> errors;
  CheckFreeText(errors, "/title", f.title, 200, true);
  if (f.what_happened.size() > 40'000) {
    errors.push_back({"/what_happened", 0, 0, "too_long", "must be at most 10000 characters"});
  } else {
    CheckFreeText(errors, "/what_happened", f.what_happened, 10'000, true);
  }
  const int64_t latest = now_ms + kClockSkewMs;
  if (f.detected_at > latest) {
    errors.push_back({"/detected_at", 0, 0, "in_the_future", "must not be in the future"});
  }
  if (f.became_aware_at > latest) {
    errors.push_back({"/became_aware_at", 0, 0, "in_the_future", "must not be in the future"});
  } else if (f.became_aware_at < f.detected_at) {
    errors.push_back({"/became_aware_at", 0, 0, "before_detection",
                      "one becomes aware of an incident when or after it is detected"});
  }
  if (f.severity < kMostSevere || f.severity > kLeastSevere) {
    errors.push_back({"/severity", 0, 0, "out_of_range", "must be 1 (critical) to 4 (low)"});
  }
  if (f.rsit_class && !taxonomy.HasClass(*f.rsit_class)) {
    errors.push_back({"/rsit_class", 0, 0, "unknown_class", "is not a class of the RSIT"});
  } else if (f.rsit_class && !f.rsit_type) {
    errors.push_back({"/rsit_type", 0, 0, "needs_type", "choose a type of the class"});
  } else if (f.rsit_type && !f.rsit_class) {
    errors.push_back({"/rsit_class", 0, 0, "needs_class", "choose the class of the type"});
  } else if (f.rsit_class && !taxonomy.Contains(*f.rsit_class, *f.rsit_type)) {
    errors.push_back({"/rsit_type", 0, 0, "unknown_type", "is not a type of that RSIT class"});
  }
  if (f.local_lead) CheckFreeText(errors, "/local_lead", *f.local_lead, 200, true);
  if (f.callback_number) {
    const std::string& n = *f.callback_number;
    const auto digits =
        std::count_if(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (n.size() > 40) {
      errors.push_back({"/callback_number", 0, 0, "too_long", "must be at most 40 characters"});
    } else if (digits < 3 || !std::all_of(n.begin(), n.end(), PhoneCharacter)) {
      errors.push_back({"/callback_number", 0, 0, "invalid_phone",
                        "digits, spaces and + ( ) / . - only, at least 3 digits"});
    }
  }
  if (!errors.empty()) return Error::Invalid("the incident is not valid", errors);
  return {};
}

bool MayLabel(Role role, Tlp tlp) {
  if (tlp != Tlp::kRed) return true;
  return role == Role::kWarroomAdmin || role == Role::kWarroomAnalyst;
}

}  // namespace warroom::core
