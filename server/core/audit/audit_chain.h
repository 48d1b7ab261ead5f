// The rules of the hash-chained audit log.
//
// Every entry stores the hash of the previous entry (prev_hash) and its own hash, computed
// over its content and prev_hash. Changing, deleting, inserting or reordering rows in the
// table therefore breaks the chain, and ChainVerifier finds where.
//
// What the chain alone cannot show: deleting the newest rows (the tail). The remaining
// rows still form a valid chain. Storage therefore also keeps an anchor, the seq and hash
// of the newest entry, written in the same transaction as each append (and ideally copied
// elsewhere, e.g. into the daily report). VerifyAnchor / ChainVerifier::CheckAnchor compare
// the newest row with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warroom::core {

// The prev_hash of the first entry (seq 1): 64 zeros.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;            // 1, 2, 3, ... without gaps
  std::string at;                  // RFC 3339 UTC, e.g. "2024-05-01T12:00:00Z"
  std::int64_t actor_user_id = 0;  // 0 for the system
  std::string actor_label;         // e.g. the user's e-mail at the time
  std::string action;              // e.g. "organisation.update"
  std::string object_type;         // e.g. "organisation"
  std::string object_id;
  std::int64_t organisation_id = 0;  // tenant; 0 for none
  std::string before_json;
  std::string after_json;
  std::string prev_hash;  // lower-case hex SHA-256 of the previous entry (kAuditGenesisHash)
  std::string hash;       // lower-case hex SHA-256 (ComputeAuditHash)
};

// Returns the bytes that are hashed: a version tag, then every field except `hash` in
// declaration order, with `prev_hash` given separately. Integers are 8-byte big-endian;
// strings are an 8-byte big-endian length followed by the bytes, so no choice of field
// contents can make two different entries serialise the same.
std::string CanonicalAuditBytes(const AuditEntry& entry, std::string_view prev_hash);

// Returns the lower-case hex SHA-256 of CanonicalAuditBytes(entry, prev_hash).
// entry.prev_hash and entry.hash are ignored.
std::string ComputeAuditHash(const AuditEntry& entry, std::string_view prev_hash);

// Returns `entry` with prev_hash set to `prev_hash` and hash computed: what storage writes.
AuditEntry SealAuditEntry(AuditEntry entry, std::string_view prev_hash);

enum class AuditProblemKind {
  kAlteredRow,      // hash does not match the row's content and prev_hash
  kMissingRows,     // seq jumps forward: rows were deleted (or never written)
  kChainBreak,      // prev_hash is not the hash of the row before it (deleted/inserted row,
                    // or a row altered and re-hashed)
  kOutOfOrder,      // seq not greater than the previous row's (reordered or duplicated row)
  kAnchorMismatch,  // newest row differs from the anchor (tail deleted or rows appended)
};

// Returns a stable lower-case name ("altered_row", ...).
std::string_view AuditProblemKindName(AuditProblemKind kind);

struct AuditProblem {
  AuditProblemKind kind = AuditProblemKind::kAlteredRow;
  std::int64_t seq = 0;  // the row where the problem shows
  std::string detail;    // human-readable, names the seq numbers involved
};

struct AuditReport {
  std::int64_t entries_checked = 0;
  std::int64_t last_seq = 0;           // seq of the last row fed (0 if none)
  std::string last_hash;               // stored hash of the last row fed (genesis if none)
  std::vector<AuditProblem> problems;  // at most max_problems, in the order found
  std::int64_t problems_dropped = 0;   // problems beyond max_problems, only counted

  // Returns true if no problem was found.
  bool IsValid() const { return problems.empty() && problems_dropped == 0; }
};

// Verifies a chain one entry at a time, in the order storage returns them (ORDER BY seq),
// so that millions of rows need no more memory than one. Not thread-safe.
class ChainVerifier {
 public:
  static constexpr std::size_t kDefaultMaxProblems = 1000;

  // Starts at the genesis: the first entry must have seq 1 and prev_hash kAuditGenesisHash.
  explicit ChainVerifier(std::size_t max_problems = kDefaultMaxProblems);
  // Starts after a trusted checkpoint (e.g. a range verified earlier): the first entry
  // fed must have seq `after_seq` + 1 and prev_hash `after_hash`.
  ChainVerifier(std::int64_t after_seq, std::string after_hash,
                std::size_t max_problems = kDefaultMaxProblems);

  // Checks `entry` against its own hash and against the previous entry; records problems.
  void Add(const AuditEntry& entry);

  // Compares the newest entry fed so far (or the start point if none) with the anchor;
  // records kAnchorMismatch if the seq or hash differ.
  void CheckAnchor(std::int64_t anchor_seq, std::string_view anchor_hash);

  // Returns the findings so far.
  const AuditReport& Report() const { return report_; }

 private:
  void AddProblem(AuditProblemKind kind, std::int64_t seq, std::string detail);

  std::size_t max_problems_;
  std::int64_t prev_seq_;  // seq of the last row fed
  std::int64_t high_seq_;  // highest seq fed so far
  std::string prev_hash_;  // stored hash of the last row fed
  AuditReport report_;
};

// Convenience: feeds all `entries` (in seq order) to a ChainVerifier from the genesis.
AuditReport VerifyChain(const std::vector<AuditEntry>& entries);

// Returns nullopt if `last_entry` (the newest row in storage) is the anchored entry, or a
// kAnchorMismatch problem naming both seq numbers. For an empty log use
// ChainVerifier::CheckAnchor.
std::optional<AuditProblem> VerifyAnchor(const AuditEntry& last_entry, std::int64_t anchor_seq,
                                         std::string_view anchor_hash);

}  // namespace warroom::core
