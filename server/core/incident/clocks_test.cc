#include "server/core/incident/clocks.h"

#include <gtest/gtest.h>

#include "libs/base/rfc3339.h"

namespace warroom::core {
namespace {

int64_t At(const char* rfc3339) {
  auto ms = ParseRfc3339(rfc3339);
  EXPECT_TRUE(ms.has_value()) << rfc3339;
  return ms.value_or(0);
}

std::string Local(int64_t ms) { return BrusselsTime(ms).value_or("?"); }

ClockFacts Nis2(const char* aware) {
  ClockFacts f;
  f.became_aware_at = At(aware);
  f.nis2_applicable = true;
  f.personal_data = true;
  return f;
}

const LegalClock& Find(const std::vector<LegalClock>& clocks, ClockKind kind) {
  for (const auto& c : clocks) {
    if (c.kind == kind) return c;
  }
  ADD_FAILURE() << "no clock " << Name(kind);
  static const LegalClock none;
  return none;
}

TEST(LegalClocks, HoursAreElapsedTimeAcrossTheMarchSwitch) {
  // Saturday 27 March 2027, 10:00 CET; summer time starts on Sunday 28 March at 02:00.
  const auto facts = Nis2("2027-03-27T10:00:00+01:00");
  auto clocks = LegalClocks(facts, facts.became_aware_at);
  ASSERT_TRUE(clocks) << clocks.error().message;
  ASSERT_EQ(clocks->size(), 4u);
  const auto& early = Find(*clocks, ClockKind::kNis2EarlyWarning);
  EXPECT_EQ(early.due_at, At("2027-03-28T09:00:00Z"));
  EXPECT_EQ(early.due_local, "2027-03-28T11:00:00+02:00");  // 24 h later, one hour "later"
  const auto& notification = Find(*clocks, ClockKind::kNis2Notification);
  EXPECT_EQ(notification.due_local, "2027-03-30T11:00:00+02:00");
  EXPECT_EQ(Find(*clocks, ClockKind::kGdprNotification).due_at, notification.due_at);
  // The final report: one calendar month after the notification's due time.
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2FinalReport).due_local, "2027-04-30T11:00:00+02:00");
  EXPECT_EQ(early.time_left_ms, 24 * kHourMs);
}

TEST(LegalClocks, HoursAreElapsedTimeAcrossTheOctoberSwitch) {
  // Saturday 30 October 2027, 10:00 CEST; winter time starts on Sunday 31 October at 03:00.
  const auto facts = Nis2("2027-10-30T10:00:00+02:00");
  auto clocks = LegalClocks(facts, facts.became_aware_at);
  ASSERT_TRUE(clocks);
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2EarlyWarning).due_local, "2027-10-31T09:00:00+01:00");
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2EarlyWarning).due_at, At("2027-10-31T08:00:00Z"));
  EXPECT_EQ(Find(*clocks, ClockKind::kGdprNotification).due_local, "2027-11-02T09:00:00+01:00");
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2FinalReport).due_local, "2027-12-02T09:00:00+01:00");
}

TEST(LegalClocks, OnlyTheClocksThatApplyRun) {
  ClockFacts f;
  f.became_aware_at = At("2027-01-10T12:00:00Z");
  auto none = LegalClocks(f, f.became_aware_at);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  f.personal_data = true;
  auto gdpr = LegalClocks(f, f.became_aware_at);
  ASSERT_TRUE(gdpr);
  ASSERT_EQ(gdpr->size(), 1u);
  EXPECT_EQ((*gdpr)[0].kind, ClockKind::kGdprNotification);
  f.personal_data = false;
  f.nis2_applicable = true;
  auto nis2 = LegalClocks(f, f.became_aware_at);
  ASSERT_TRUE(nis2);
  ASSERT_EQ(nis2->size(), 3u);
  EXPECT_EQ((*nis2)[0].kind, ClockKind::kNis2EarlyWarning);
}

TEST(LegalClocks, TimeLeftGoesNegativeWhenOverdueAndStopsWhenDone) {
  auto f = Nis2("2027-01-10T12:00:00Z");
  const int64_t later = f.became_aware_at + 30 * kHourMs;
  auto clocks = LegalClocks(f, later);
  ASSERT_TRUE(clocks);
  const auto& early = Find(*clocks, ClockKind::kNis2EarlyWarning);
  EXPECT_EQ(early.time_left_ms, -6 * kHourMs);
  EXPECT_TRUE(early.overdue());
  EXPECT_FALSE(early.done());
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2Notification).time_left_ms, 42 * kHourMs);

  f.nis2_early_warning_at = f.became_aware_at + 20 * kHourMs;
  f.nis2_reference = "CCB-2027-123";
  auto done = LegalClocks(f, later);
  ASSERT_TRUE(done);
  const auto& met = Find(*done, ClockKind::kNis2EarlyWarning);
  EXPECT_TRUE(met.done());
  EXPECT_FALSE(met.overdue());
  EXPECT_EQ(met.time_left_ms, 0);
  EXPECT_EQ(met.reference, "CCB-2027-123");
}

TEST(LegalClocks, TheFinalReportRunsFromTheNotificationWhenItWasSent) {
  auto f = Nis2("2027-01-10T12:00:00Z");                // 13:00 CET
  f.nis2_notification_at = At("2027-01-11T15:30:00Z");  // 16:30 CET, early
  auto clocks = LegalClocks(f, f.became_aware_at);
  ASSERT_TRUE(clocks);
  EXPECT_EQ(Find(*clocks, ClockKind::kNis2FinalReport).due_local, "2027-02-11T16:30:00+01:00");
}

TEST(CalendarMonth, SameLocalTimeOnTheSameDayAcrossASwitch) {
  // 14 March 10:00 CET -> 14 April 10:00 CEST: 31 days less one hour of elapsed time.
  const int64_t from = At("2027-03-14T10:00:00+01:00");
  auto to = AddCalendarMonthBrussels(from);
  ASSERT_TRUE(to);
  EXPECT_EQ(Local(*to), "2027-04-14T10:00:00+02:00");
  EXPECT_EQ(*to - from, (31 * 24 - 1) * kHourMs);
  auto back = AddCalendarMonthBrussels(At("2027-10-15T10:00:00+02:00"));
  ASSERT_TRUE(back);
  EXPECT_EQ(Local(*back), "2027-11-15T10:00:00+01:00");
}

TEST(CalendarMonth, MonthEndsTakeTheLastDayOfTheNextMonth) {
  EXPECT_EQ(Local(*AddCalendarMonthBrussels(At("2027-01-31T10:00:00+01:00"))),
            "2027-02-28T10:00:00+01:00");
  EXPECT_EQ(Local(*AddCalendarMonthBrussels(At("2028-01-31T10:00:00+01:00"))),
            "2028-02-29T10:00:00+01:00");  // a leap year
  EXPECT_EQ(Local(*AddCalendarMonthBrussels(At("2027-03-31T10:00:00+02:00"))),
            "2027-04-30T10:00:00+02:00");
  EXPECT_EQ(Local(*AddCalendarMonthBrussels(At("2027-12-31T23:30:00+01:00"))),
            "2028-01-31T23:30:00+01:00");  // into the next year
}

TEST(CalendarMonth, ASkippedLocalTimeMovesToTheEndOfTheGap) {
  // 28 February 02:30 -> 28 March 02:30, which does not exist in 2027 (02:00 -> 03:00).
  auto to = AddCalendarMonthBrussels(At("2027-02-28T02:30:00+01:00"));
  ASSERT_TRUE(to);
  EXPECT_EQ(Local(*to), "2027-03-28T03:00:00+02:00");
  EXPECT_EQ(*to, At("2027-03-28T01:00:00Z"));
}

TEST(CalendarMonth, ARepeatedLocalTimeTakesTheEarlierInstant) {
  // 25 September 2026 02:30 -> 25 October 02:30, which happens twice (03:00 -> 02:00).
  auto to = AddCalendarMonthBrussels(At("2026-09-25T02:30:00+02:00"));
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, At("2026-10-25T02:30:00+02:00"));
  EXPECT_EQ(Local(*to), "2026-10-25T02:30:00+02:00");
}

TEST(ClockMarks, RefusesFutureEarlyAndInapplicableMarks) {
  ClockFacts f;
  f.became_aware_at = At("2027-01-10T12:00:00Z");
  const int64_t now = f.became_aware_at + 10 * kHourMs;
  EXPECT_TRUE(ValidateClockMarks(f, now));
  f.gdpr_notified_at = now;
  auto inapplicable = ValidateClockMarks(f, now);
  ASSERT_FALSE(inapplicable);
  EXPECT_EQ(inapplicable.error().fields.at(0).code, "not_applicable");
  f.personal_data = true;
  EXPECT_TRUE(ValidateClockMarks(f, now));
  f.gdpr_notified_at = now + kHourMs;
  EXPECT_EQ(ValidateClockMarks(f, now).error().fields.at(0).code, "in_the_future");
  f.gdpr_notified_at = f.became_aware_at - 1;
  EXPECT_EQ(ValidateClockMarks(f, now).error().fields.at(0).code, "before_awareness");
  f.gdpr_notified_at = now;
  f.gdpr_reference = std::string(101, 'x');
  EXPECT_EQ(ValidateClockMarks(f, now).error().fields.at(0).field, "/gdpr_reference");
}

}  // namespace
}  // namespace warroom::core
