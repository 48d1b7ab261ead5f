#include "server/core/incident/clocks.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <exception>

namespace warroom::core {
namespace {

using std::chrono::milliseconds;
using Ms = date::sys_time<milliseconds>;

// The zone, looked up once. date/tz.h throws when the tz database lacks it; that is a
// broken installation, reported as kInternal by every caller rather than thrown.
const date::time_zone* Brussels() {
  static const date::time_zone* zone = []() -> const date::time_zone* {
    try {
      return date::locate_zone("Europe/Brussels");
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  return zone;
}

Error NoZone() { return Error::Internal("the tz database has no Europe/Brussels"); }

LegalClock Make(ClockKind kind, int64_t due, std::optional<int64_t> done,
                std::optional<std::string> reference, int64_t now) {
  LegalClock c;
  c.kind = kind;
  c.due_at = due;
  c.done_at = done;
  c.reference = std::move(reference);
  c.time_left_ms = done ? 0 : due - now;
  return c;
}

}  // namespace

std::string_view Name(ClockKind v) {
  switch (v) {
    case ClockKind::kGdprNotification:
      return "gdpr_notification";
    case ClockKind::kNis2EarlyWarning:
      return "nis2_early_warning";
    case ClockKind::kNis2Notification:
      return "nis2_notification";
    case ClockKind::kNis2FinalReport:
      return "nis2_final_report";
  }
  return "";
}

Result<int64_t> AddCalendarMonthBrussels(int64_t ms) {
  const date::time_zone* zone = Brussels();
  if (zone == nullptr) return NoZone();
  const auto local = zone->to_local(Ms{milliseconds{ms}});
  const auto day = date::floor<date::days>(local);
  const auto time_of_day = local - day;
  date::year_month_day next = date::year_month_day{day} + date::months{1};
  if (!next.ok()) next = date::year_month_day{next.year() / next.month() / date::last};
  const auto target = date::local_days{next} + time_of_day;
  // choose::earliest: a skipped local time maps to the end of the gap, a repeated one to
  // its first occurrence (see clocks.h).
  const auto sys = zone->to_sys(target, date::choose::earliest);
  return static_cast<int64_t>(sys.time_since_epoch().count());
}

Result<std::string> BrusselsTime(int64_t ms) {
  const date::time_zone* zone = Brussels();
  if (zone == nullptr) return NoZone();
  const auto sys = date::floor<std::chrono::seconds>(Ms{milliseconds{ms}});
  const auto info = zone->get_info(sys);
  const auto local = zone->to_local(sys);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> hms{local - day};
  const long offset_min = static_cast<long>(info.offset.count() / 60);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02ld:%02ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                offset_min < 0 ? '-' : '+', (offset_min < 0 ? -offset_min : offset_min) / 60,
                (offset_min < 0 ? -offset_min : offset_min) % 60);
  return std::string(buf);
}

Result<std::vector<LegalClock>> LegalClocks(const ClockFacts& f, int64_t now_ms) {
  std::vector<LegalClock> out;
  const int64_t aware = f.became_aware_at;
  if (f.personal_data) {
    out.push_back(Make(ClockKind::kGdprNotification, aware + 72 * kHourMs, f.gdpr_notified_at,
                       f.gdpr_reference, now_ms));
  }
  if (f.nis2_applicable) {
    const int64_t notification_due = aware + 72 * kHourMs;
    WR_ASSIGN_OR_RETURN(int64_t final_due, AddCalendarMonthBrussels(
                                               f.nis2_notification_at.value_or(notification_due)));
    out.push_back(Make(ClockKind::kNis2EarlyWarning, aware + 24 * kHourMs, f.nis2_early_warning_at,
                       f.nis2_reference, now_ms));
    out.push_back(Make(ClockKind::kNis2Notification, notification_due, f.nis2_notification_at,
                       f.nis2_reference, now_ms));
    out.push_back(Make(ClockKind::kNis2FinalReport, final_due, f.nis2_final_report_at,
                       f.nis2_reference, now_ms));
  }
  for (auto& c : out) {
    WR_ASSIGN_OR_RETURN(c.due_local, BrusselsTime(c.due_at));
  }
  return out;
}

Status ValidateClockMarks(const ClockFacts& f, int64_t now_ms) {
  std::vector<FieldError> errors;
  const auto check_time = [&](const char* field, const std::optional<int64_t>& at, bool applies,
                              const char* needs) {
    if (!at) return;
    if (!applies) {
      errors.push_back({field, 0, 0, "not_applicable", std::string("needs ") + needs});
    } else if (*at > now_ms + kClockSkewMs) {
      errors.push_back({field, 0, 0, "in_the_future", "must not be in the future"});
    } else if (*at < f.became_aware_at) {
      errors.push_back({field, 0, 0, "before_awareness",
                        "an obligation is met after one becomes aware of the incident"});
    }
  };
  check_time("/gdpr_notified_at", f.gdpr_notified_at, f.personal_data, "personal_data");
  check_time("/nis2_early_warning_at", f.nis2_early_warning_at, f.nis2_applicable,
             "nis2_applicable");
  check_time("/nis2_notification_at", f.nis2_notification_at, f.nis2_applicable, "nis2_applicable");
  check_time("/nis2_final_report_at", f.nis2_final_report_at, f.nis2_applicable, "nis2_applicable");
  for (const auto& [field, ref] : {std::pair{"/gdpr_reference", &f.gdpr_reference},
                                   std::pair{"/nis2_reference", &f.nis2_reference}}) {
    if (*ref && ref->value().size() > 100) {
      errors.push_back({field, 0, 0, "too_long", "must be at most 100 characters"});
    }
  }
  if (!errors.empty()) return Error::Invalid("the legal clocks' marks are not valid", errors);
  return {};
}

}  // namespace warroom::core
