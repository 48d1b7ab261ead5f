// The rules of the keyed, hash-chained audit log.
//
// Every entry stores the MAC of the previous entry (prev_hash) and its own MAC (hash),
// an HMAC-SHA256 under the deployment's audit key over its content and prev_hash. The
// key lives outside the database (the key file `audit.key` in the data folder), so
// someone who can write the database but not read that file can neither alter a row
// nor re-seal the newest rows and the head after changing them. Changing, deleting,
// inserting or reordering rows breaks the chain, and ChainVerifier finds where.
//
// What the chain alone cannot show: deleting the newest rows (the tail). The remaining
// rows still form a valid chain. Storage therefore also keeps an anchor, the seq and MAC
// of the newest entry, written in the same transaction as each append; and an operator
// keeps copies of earlier heads elsewhere (`warroom audit anchor`), which RequireEntry
// checks the chain still contains.
//
// Chains written before the key existed were plain SHA-256 chains (version tag v1,
// ComputeLegacyAuditHash). They are re-keyed once, when the key file is created
// (AuditStore::SealUnkeyedChain); afterwards only keyed rows verify, so a writer of the
// database cannot fall back to unkeyed hashes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warroom::core {

// The secret key of the audit chain's MAC. Copyable; never printed (use Id()).
class AuditKey {
 public:
  static constexpr std::size_t kBytes = 32;

  explicit AuditKey(const std::array<unsigned char, kBytes>& bytes);

  // A fingerprint that names the key without revealing it: the first 16 lower-case hex
  // digits of SHA-256 over a domain tag and the key. Stored in the chain's head, and
  // printed by `warroom audit verify`.
  const std::string& Id() const { return id_; }

  // Returns the lower-case hex HMAC-SHA256 of `bytes` under this key.
  std::string Mac(std::string_view bytes) const;

 private:
  std::array<unsigned char, kBytes> bytes_;
  std::string id_;
};

// An operator's copy of the chain's head at some moment: "SEQ:MAC".
struct AuditAnchor {
  std::int64_t seq = 0;
  std::string hash;  // 64 lower-case hex digits
};

// Returns "SEQ:MAC".
std::string FormatAuditAnchor(const AuditAnchor& anchor);
// Parses "SEQ:MAC" (seq >= 1, MAC 64 hex digits, case-insensitive); nullopt otherwise.
std::optional<AuditAnchor> ParseAuditAnchor(std::string_view text);

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

// Returns the bytes that are MACed: a version tag, then every field except `hash` in
// declaration order, with `prev_hash` given separately. Integers are 8-byte big-endian;
// strings are an 8-byte big-endian length followed by the bytes, so no choice of field
// contents can make two different entries serialise the same.
std::string CanonicalAuditBytes(const AuditEntry& entry, std::string_view prev_hash);

// Returns the lower-case hex HMAC-SHA256 under `key` of CanonicalAuditBytes(entry,
// prev_hash). entry.prev_hash and entry.hash are ignored.
std::string ComputeAuditHash(const AuditKey& key, const AuditEntry& entry,
                             std::string_view prev_hash);

// Returns the unkeyed SHA-256 (version tag v1) that chains written before the audit key
// existed carry; only for re-keying them (AuditStore::SealUnkeyedChain).
std::string ComputeLegacyAuditHash(const AuditEntry& entry, std::string_view prev_hash);

// Returns `entry` with prev_hash set to `prev_hash` and hash computed: what storage writes.
AuditEntry SealAuditEntry(const AuditKey& key, AuditEntry entry, std::string_view prev_hash);

enum class AuditProblemKind {
  kAlteredRow,      // hash does not match the row's content and prev_hash
  kMissingRows,     // seq jumps forward: rows were deleted (or never written)
  kChainBreak,      // prev_hash is not the hash of the row before it (deleted/inserted row,
                    // or a row altered and re-hashed)
  kOutOfOrder,      // seq not greater than the previous row's (reordered or duplicated row)
  kAnchorMismatch,  // newest row differs from the anchor (tail deleted or rows appended),
                    // or an operator's anchor is no longer in the chain
  kKeyMismatch,     // the head names another key (or none) than the one verifying
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
  // Checks every row's MAC under `key`.
  explicit ChainVerifier(const AuditKey& key, std::size_t max_problems = kDefaultMaxProblems);
  // Starts after a trusted checkpoint (e.g. a range verified earlier): the first entry
  // fed must have seq `after_seq` + 1 and prev_hash `after_hash`.
  ChainVerifier(const AuditKey& key, std::int64_t after_seq, std::string after_hash,
                std::size_t max_problems = kDefaultMaxProblems);
  // A verifier of a chain written before the audit key existed (unkeyed SHA-256), for
  // re-keying it once. Never use it to judge a keyed chain.
  static ChainVerifier Unkeyed(std::size_t max_problems = kDefaultMaxProblems);

  // Checks `entry` against its own MAC and against the previous entry; records problems.
  void Add(const AuditEntry& entry);

  // Compares the newest entry fed so far (or the start point if none) with the anchor;
  // records kAnchorMismatch if the seq or hash differ.
  void CheckAnchor(std::int64_t anchor_seq, std::string_view anchor_hash);

  // Compares `stored_key_id` (the key id the chain's head names, "" for none) with the
  // verifying key's; records kKeyMismatch if they differ.
  void CheckKeyId(std::string_view stored_key_id);

  // Requires the chain to contain the entry `anchor` names (an operator's copy of an
  // earlier head). Call before feeding entries; CheckRequiredEntry, after the last,
  // records kAnchorMismatch if that seq never came (rows deleted) or came with another
  // MAC (rewritten).
  void RequireEntry(AuditAnchor anchor);
  void CheckRequiredEntry();

  // Returns the findings so far.
  const AuditReport& Report() const { return report_; }

 private:
  // Compares seq and MAC only, so it needs no key.
  friend std::optional<AuditProblem> VerifyAnchor(const AuditEntry& last_entry,
                                                  std::int64_t anchor_seq,
                                                  std::string_view anchor_hash);
  void AddProblem(AuditProblemKind kind, std::int64_t seq, std::string detail);

  ChainVerifier(const AuditKey* key, std::int64_t after_seq, std::string after_hash,
                std::size_t max_problems);
  std::string HashOf(const AuditEntry& entry) const;

  std::optional<AuditKey> key_;  // nullopt: an unkeyed chain from before keying
  std::size_t max_problems_;
  std::optional<AuditAnchor> required_;
  bool required_seen_ = false;
  std::string required_found_hash_;
  std::int64_t prev_seq_;  // seq of the last row fed
  std::int64_t high_seq_;  // highest seq fed so far
  std::string prev_hash_;  // stored hash of the last row fed
  AuditReport report_;
};

// Convenience: feeds all `entries` (in seq order) to a ChainVerifier from the genesis.
AuditReport VerifyChain(const AuditKey& key, const std::vector<AuditEntry>& entries);

// Returns nullopt if `last_entry` (the newest row in storage) is the anchored entry, or a
// kAnchorMismatch problem naming both seq numbers. For an empty log use
// ChainVerifier::CheckAnchor.
std::optional<AuditProblem> VerifyAnchor(const AuditEntry& last_entry, std::int64_t anchor_seq,
                                         std::string_view anchor_hash);

}  // namespace warroom::core
