// The legal clocks of an incident, counted from the moment the organisation became aware
// of it (STANDARDS: GDPR art. 33, NIS2 art. 23 as the Belgian law and the CCB apply them):
//
//   GDPR notification to the data protection authority   aware + 72 h  (personal data)
//   NIS2 early warning to the CCB                         aware + 24 h  (under NIS2)
//   NIS2 incident notification                            aware + 72 h  (under NIS2)
//   NIS2 final report                                     one month after the incident
//                                                         notification (under NIS2)
//
// Hours are elapsed time: 24 h is 86,400 s, also across a summer-time switch, so that in
// Europe/Brussels local time a clock started at 10:00 on the Saturday before the March
// switch is due at 11:00 on the Sunday (and at 09:00 before the October one).
//
// "One month" is a calendar month in Europe/Brussels local time: the same local time on
// the same day of the next month (10:00 on 14 March -> 10:00 on 14 April, whatever the
// switches in between). Where the next month has no such day the last day of that month
// is taken (31 January -> 28 or 29 February, 31 March -> 30 April). Where that local time
// does not exist (the hour skipped in March) the deadline is the first instant after the
// gap (03:00 CEST); where it exists twice (the hour repeated in October) it is the
// earlier of the two, so that the deadline shown is never later than the law's. The
// month runs from the notification's submission when it was done, else from its due time
// (the report cannot be due before the notification is).
//
// The time zone comes from the system's tzdata through date/tz.h (USE_OS_TZDB). No I/O
// beyond reading it once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"

namespace warroom::core {

enum class ClockKind { kGdprNotification, kNis2EarlyWarning, kNis2Notification, kNis2FinalReport };

// "gdpr_notification", "nis2_early_warning", "nis2_notification", "nis2_final_report".
std::string_view Name(ClockKind v);

inline constexpr int64_t kHourMs = 3600LL * 1000;

// How far ahead of the server's clock a reported time may be (a phone's clock may run a
// little fast); anything later is "in the future" and refused.
inline constexpr int64_t kClockSkewMs = int64_t{2} * 60 * 1000;

// What the clocks are computed from: the moment of awareness, which clocks apply, and
// which obligations were met (when, with the authority's reference number).
struct ClockFacts {
  int64_t became_aware_at = 0;
  bool personal_data = false;    // the GDPR clock runs
  bool nis2_applicable = false;  // the three NIS2 clocks run
  std::optional<int64_t> gdpr_notified_at;
  std::optional<std::string> gdpr_reference;
  std::optional<int64_t> nis2_early_warning_at;
  std::optional<int64_t> nis2_notification_at;
  std::optional<int64_t> nis2_final_report_at;
  std::optional<std::string> nis2_reference;
};

struct LegalClock {
  ClockKind kind = ClockKind::kGdprNotification;
  int64_t due_at = 0;              // ms since the epoch
  std::string due_local;           // the due time in Europe/Brussels, RFC 3339 with offset
  std::optional<int64_t> done_at;  // when the obligation was met; nullopt: not yet
  std::optional<std::string> reference;
  int64_t time_left_ms = 0;  // due_at - now: negative once overdue; 0 when done

  bool done() const { return done_at.has_value(); }
  bool overdue() const { return !done() && time_left_ms < 0; }
};

// The clocks that apply, in the order of the table above, at `now_ms`. Fails with
// kInternal only when the tz database has no Europe/Brussels.
Result<std::vector<LegalClock>> LegalClocks(const ClockFacts& facts, int64_t now_ms);

// `ms` plus one calendar month in Europe/Brussels, as defined above.
Result<int64_t> AddCalendarMonthBrussels(int64_t ms);

// `ms` as Europe/Brussels local time, "2027-03-28T11:00:00+02:00" (seconds precision).
Result<std::string> BrusselsTime(int64_t ms);

// Checks the obligations' marks against the moment of awareness and `now_ms`: a done time
// neither in the future nor before awareness, references of at most 100 characters, and
// marks only for clocks that apply. Field errors on "/gdpr_notified_at" and so on.
Status ValidateClockMarks(const ClockFacts& facts, int64_t now_ms);

}  // namespace warroom::core
