// The incident timeline (C2): what was observed, decided, done and said, by whom and when
// it happened (which may be earlier than when it was written). Entries are never edited
// or deleted: a correction is a new entry that points at the one it corrects. Every entry
// carries a TLP label; a TLP:RED entry reaches only the people named on it (the author is
// always named). No I/O: whether a corrected entry exists and whether the named people may
// read the incident are the store's and the service's questions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/core/advisory/model.h"  // Tlp (TLP 2.0)

namespace warroom::core {

// What an entry records: an observation (what was seen), a decision (the war room's
// decision log), an action (what was done) or a communication (what was said to whom:
// the communication log, press lines included).
enum class TimelineKind { kObservation, kDecision, kAction, kCommunication };

std::string_view Name(TimelineKind v);
std::optional<TimelineKind> ParseTimelineKind(std::string_view s);
std::span<const TimelineKind> AllTimelineKinds();

inline constexpr long kMaxEntryChars = 10'000;
inline constexpr long kMaxAudienceChars = 100;
// A phone a little fast may write an entry "now" that is slightly ahead of the server;
// more than this ahead is a mistake.
inline constexpr int64_t kMaxEntryAheadMs = int64_t{5} * 60'000;
// People named on one TLP:RED entry, besides the author.
inline constexpr size_t kMaxNamedPeople = 50;

// An entry as it arrives: kind and TLP as the words a client sent, so that an unknown word
// is a field error like any other.
struct TimelineEntryInput {
  std::string kind;  // observation, decision, action, communication
  std::string text;  // plain text, not Markdown: shown as written, never rendered
  int64_t happened_at = 0;
  std::string tlp;  // clear, green, amber, amber+strict, red
  std::optional<int64_t> corrects;
  std::optional<std::string> audience;  // communications only: to whom (press, staff, ...)
  std::vector<int64_t> named_user_ids;  // TLP:RED only: who besides the author may read it
};

// A checked entry, ready to store. named_user_ids holds the author and every person named,
// each once, in ascending order; it is empty unless the entry is TLP:RED.
struct TimelineEntryDraft {
  TimelineKind kind = TimelineKind::kObservation;
  std::string text;
  int64_t happened_at = 0;
  Tlp tlp = Tlp::kAmber;
  std::optional<int64_t> corrects;
  std::optional<std::string> audience;
  std::vector<int64_t> named_user_ids;
};

// Checks `in`, written by user `author_user_id` at `now_ms`, and returns the draft to
// store. Fails with kInvalidArgument and one field error per bad field (JSON pointers):
// "/kind" unknown_value; "/text" required, too_long, invalid_utf8, invalid_text (control
// characters other than line breaks and tabs); "/happened_at" in_the_future (more than
// kMaxEntryAheadMs ahead); "/tlp" unknown_value; "/corrects" invalid_id; "/audience"
// required (a communication without one), only_on_communications, too_long, invalid_utf8;
// "/named_user_ids" only_on_red, too_many, invalid_id.
Result<TimelineEntryDraft> CheckTimelineEntry(const TimelineEntryInput& in, int64_t author_user_id,
                                              int64_t now_ms);

}  // namespace warroom::core
