#include "server/core/incident/timeline.h"

#include <gtest/gtest.h>

#include <set>

namespace warroom::core {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // 2027-01-15
constexpr int64_t kAuthor = 7;

TimelineEntryInput Valid() {
  TimelineEntryInput in;
  in.kind = "observation";
  in.text = "Ransom note found on the file server.\nSigned by a Play-like crew.";
  in.happened_at = kNow - 3'600'000;
  in.tlp = "amber";
  return in;
}

std::set<std::string> Codes(const Result<TimelineEntryDraft>& r) {
  std::set<std::string> out;
  if (!r) {
    for (const auto& f : r.error().fields) out.insert(f.field + ":" + f.code);
  }
  return out;
}

TEST(IncidentTimeline, AValidEntryBecomesADraft) {
  auto in = Valid();
  in.corrects = 12;
  auto d = CheckTimelineEntry(in, kAuthor, kNow);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->kind, TimelineKind::kObservation);
  EXPECT_EQ(d->text, in.text);
  EXPECT_EQ(d->happened_at, in.happened_at);
  EXPECT_EQ(d->tlp, Tlp::kAmber);
  EXPECT_EQ(d->corrects, 12);
  EXPECT_FALSE(d->audience);
  EXPECT_TRUE(d->named_user_ids.empty()) << "only RED entries name people";
}

TEST(IncidentTimeline, KindNamesRoundTrip) {
  for (TimelineKind k : AllTimelineKinds()) EXPECT_EQ(ParseTimelineKind(Name(k)), k);
  EXPECT_EQ(AllTimelineKinds().size(), 4u);
  EXPECT_FALSE(ParseTimelineKind("rumour"));
  EXPECT_FALSE(ParseTimelineKind("Decision"));
}

TEST(IncidentTimeline, UnknownKindAndTlpAreFieldErrors) {
  auto in = Valid();
  in.kind = "rumour";
  in.tlp = "purple";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/kind:unknown_value", "/tlp:unknown_value"}));
}

TEST(IncidentTimeline, TextIsRequiredPlainAndAtMostTenThousandCharacters) {
  auto in = Valid();
  in.text = " \n\t";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/text:required"}));
  in.text = std::string(10'001, 'x');
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/text:too_long"}));
  in.text = std::string(40'001, 'x');  // refused before decoding
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/text:too_long"}));
  // 10,000 characters of two bytes each are fine: the limit counts characters.
  in.text.clear();
  for (int i = 0; i < 10'000; ++i) in.text += "\xc3\xa9";
  EXPECT_TRUE(CheckTimelineEntry(in, kAuthor, kNow));
  in.text = "bell\x07";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/text:invalid_text"}));
  in.text = "\xff\xfe";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/text:invalid_utf8"}));
  in.text = "<script>alert(1)</script> stays text";
  auto d = CheckTimelineEntry(in, kAuthor, kNow);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->text, in.text) << "stored as written, never rewritten";
}

TEST(IncidentTimeline, HappenedAtMayBeEarlierButNotMoreThanFiveMinutesAhead) {
  auto in = Valid();
  in.happened_at = kNow - int64_t{30} * 24 * 3'600'000;
  EXPECT_TRUE(CheckTimelineEntry(in, kAuthor, kNow)) << "written a month later";
  in.happened_at = kNow + kMaxEntryAheadMs;
  EXPECT_TRUE(CheckTimelineEntry(in, kAuthor, kNow)) << "a phone a little fast";
  in.happened_at = kNow + kMaxEntryAheadMs + 1;
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/happened_at:in_the_future"}));
}

TEST(IncidentTimeline, AudienceOnlyOnCommunicationsAndRequiredThere) {
  auto in = Valid();
  in.audience = "press";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/audience:only_on_communications"}));
  in.kind = "communication";
  auto d = CheckTimelineEntry(in, kAuthor, kNow);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, TimelineKind::kCommunication);
  EXPECT_EQ(d->audience, "press");
  in.audience.reset();
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/audience:required"}));
  in.audience = "";
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/audience:required"}));
  in.audience = std::string(101, 'a');
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/audience:too_long"}));
}

TEST(IncidentTimeline, RedEntriesAlwaysNameTheirAuthor) {
  auto in = Valid();
  in.tlp = "red";
  auto alone = CheckTimelineEntry(in, kAuthor, kNow);
  ASSERT_TRUE(alone) << "RED with nobody named besides the author is allowed";
  EXPECT_EQ(alone->tlp, Tlp::kRed);
  EXPECT_EQ(alone->named_user_ids, (std::vector<int64_t>{kAuthor}));
  in.named_user_ids = {42, kAuthor, 3, 42};
  auto named = CheckTimelineEntry(in, kAuthor, kNow);
  ASSERT_TRUE(named);
  EXPECT_EQ(named->named_user_ids, (std::vector<int64_t>{3, kAuthor, 42})) << "each once";
  in.named_user_ids = {0};
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/named_user_ids:invalid_id"}));
  in.named_user_ids.assign(kMaxNamedPeople + 1, 5);
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/named_user_ids:too_many"}));
}

TEST(IncidentTimeline, OnlyRedEntriesNamePeople) {
  auto in = Valid();
  in.tlp = "amber+strict";
  in.named_user_ids = {42};
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/named_user_ids:only_on_red"}));
}

TEST(IncidentTimeline, ACorrectionPointsAtAnId) {
  auto in = Valid();
  in.corrects = 0;
  EXPECT_EQ(Codes(CheckTimelineEntry(in, kAuthor, kNow)),
            (std::set<std::string>{"/corrects:invalid_id"}));
}

TEST(IncidentTimeline, EveryBadFieldIsReportedAtOnce) {
  TimelineEntryInput in;
  in.kind = "x";
  in.tlp = "y";
  in.happened_at = kNow + 3'600'000;
  in.audience = "press";
  in.named_user_ids = {1};
  EXPECT_EQ(
      Codes(CheckTimelineEntry(in, kAuthor, kNow)),
      (std::set<std::string>{"/kind:unknown_value", "/text:required", "/happened_at:in_the_future",
                             "/tlp:unknown_value", "/audience:only_on_communications",
                             "/named_user_ids:only_on_red"}));
}

}  // namespace
}  // namespace warroom::core
