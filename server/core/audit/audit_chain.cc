#include "server/core/audit/audit_chain.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace warroom::core {
namespace {

// Bump when the serialisation changes. v1: unkeyed SHA-256 (chains from before the
// audit key, re-keyed once); v2: HMAC-SHA256 under the audit key.
constexpr std::string_view kLegacyVersionTag = "warroom.audit.v1";
constexpr std::string_view kVersionTag = "warroom.audit.v2";
constexpr std::string_view kKeyIdTag = "warroom.audit.key-id";

void PutU64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

void PutInt(std::string& out, std::int64_t v) { PutU64(out, static_cast<std::uint64_t>(v)); }

void PutString(std::string& out, std::string_view s) {
  PutU64(out, s.size());
  out.append(s);
}

std::string Hex(const unsigned char* bytes, std::size_t len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (std::size_t i = 0; i < len; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0x0F]);
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest cannot fail for SHA-256 short of memory exhaustion; an empty hash
  // then never matches, so a failure shows up as an altered row, never as success.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) {
    return std::string();
  }
  return Hex(digest.data(), len);
}

std::string Canonical(std::string_view tag, const AuditEntry& entry, std::string_view prev_hash) {
  std::string out;
  out.reserve(tag.size() + std::size_t{8} * 12 + entry.at.size() + entry.actor_label.size() +
              entry.action.size() + entry.object_type.size() + entry.object_id.size() +
              entry.before_json.size() + entry.after_json.size() + prev_hash.size());
  PutString(out, tag);
  PutInt(out, entry.seq);
  PutString(out, entry.at);
  PutInt(out, entry.actor_user_id);
  PutString(out, entry.actor_label);
  PutString(out, entry.action);
  PutString(out, entry.object_type);
  PutString(out, entry.object_id);
  PutInt(out, entry.organisation_id);
  PutString(out, entry.before_json);
  PutString(out, entry.after_json);
  PutString(out, prev_hash);
  return out;
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

std::string Seq(std::int64_t seq) { return "seq " + std::to_string(seq); }

}  // namespace

AuditKey::AuditKey(const std::array<unsigned char, kBytes>& bytes) : bytes_(bytes) {
  std::string tagged(kKeyIdTag);
  tagged.append(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  id_ = Sha256Hex(tagged).substr(0, 16);
  OPENSSL_cleanse(tagged.data(), tagged.size());
}

std::string AuditKey::Mac(std::string_view bytes) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  // As with the digest: a failure yields "", which never matches a stored MAC.
  if (HMAC(EVP_sha256(), bytes_.data(), static_cast<int>(bytes_.size()),
           reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), mac.data(),
           &len) == nullptr) {
    return std::string();
  }
  return Hex(mac.data(), len);
}

std::string FormatAuditAnchor(const AuditAnchor& anchor) {
  return std::to_string(anchor.seq) + ":" + anchor.hash;
}

std::optional<AuditAnchor> ParseAuditAnchor(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  AuditAnchor anchor;
  const char* first = text.data();
  const char* last = text.data() + colon;
  auto [ptr, ec] = std::from_chars(first, last, anchor.seq);
  if (ec != std::errc() || ptr != last || anchor.seq < 1) return std::nullopt;
  const std::string_view hash = text.substr(colon + 1);
  if (!IsHex64(hash)) return std::nullopt;
  anchor.hash.reserve(hash.size());
  for (char c : hash) {
    anchor.hash.push_back(c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return anchor;
}

std::string CanonicalAuditBytes(const AuditEntry& entry, std::string_view prev_hash) {
  return Canonical(kVersionTag, entry, prev_hash);
}

std::string ComputeAuditHash(const AuditKey& key, const AuditEntry& entry,
                             std::string_view prev_hash) {
  return key.Mac(CanonicalAuditBytes(entry, prev_hash));
}

std::string ComputeLegacyAuditHash(const AuditEntry& entry, std::string_view prev_hash) {
  return Sha256Hex(Canonical(kLegacyVersionTag, entry, prev_hash));
}

AuditEntry SealAuditEntry(const AuditKey& key, AuditEntry entry, std::string_view prev_hash) {
  entry.prev_hash = std::string(prev_hash);
  entry.hash = ComputeAuditHash(key, entry, prev_hash);
  return entry;
}

std::string_view AuditProblemKindName(AuditProblemKind kind) {
  switch (kind) {
    case AuditProblemKind::kAlteredRow:
      return "altered_row";
    case AuditProblemKind::kMissingRows:
      return "missing_rows";
    case AuditProblemKind::kChainBreak:
      return "chain_break";
    case AuditProblemKind::kOutOfOrder:
      return "out_of_order";
    case AuditProblemKind::kAnchorMismatch:
      return "anchor_mismatch";
    case AuditProblemKind::kKeyMismatch:
      return "key_mismatch";
  }
  return "unknown";
}

ChainVerifier::ChainVerifier(const AuditKey& key, std::size_t max_problems)
    : ChainVerifier(&key, 0, std::string(kAuditGenesisHash), max_problems) {}

ChainVerifier::ChainVerifier(const AuditKey& key, std::int64_t after_seq, std::string after_hash,
                             std::size_t max_problems)
    : ChainVerifier(&key, after_seq, std::move(after_hash), max_problems) {}

ChainVerifier ChainVerifier::Unkeyed(std::size_t max_problems) {
  return ChainVerifier(nullptr, 0, std::string(kAuditGenesisHash), max_problems);
}

ChainVerifier::ChainVerifier(const AuditKey* key, std::int64_t after_seq, std::string after_hash,
                             std::size_t max_problems)
    : max_problems_(max_problems),
      prev_seq_(after_seq),
      high_seq_(after_seq),
      prev_hash_(std::move(after_hash)) {
  if (key != nullptr) key_ = *key;
  report_.last_seq = prev_seq_;
  report_.last_hash = prev_hash_;
}

std::string ChainVerifier::HashOf(const AuditEntry& entry) const {
  return key_ ? ComputeAuditHash(*key_, entry, entry.prev_hash)
              : ComputeLegacyAuditHash(entry, entry.prev_hash);
}

void ChainVerifier::AddProblem(AuditProblemKind kind, std::int64_t seq, std::string detail) {
  if (report_.problems.size() < max_problems_) {
    report_.problems.push_back(AuditProblem{kind, seq, std::move(detail)});
  } else {
    ++report_.problems_dropped;
  }
}

void ChainVerifier::Add(const AuditEntry& entry) {
  ++report_.entries_checked;
  if (required_ && entry.seq == required_->seq && !required_seen_) {
    required_seen_ = true;
    required_found_hash_ = entry.hash;
  }
  if (HashOf(entry) != entry.hash) {
    AddProblem(AuditProblemKind::kAlteredRow, entry.seq,
               Seq(entry.seq) + ": stored hash does not match the row's content");
  }
  if (entry.seq <= high_seq_) {
    AddProblem(
        AuditProblemKind::kOutOfOrder, entry.seq,
        Seq(entry.seq) + " follows " + Seq(high_seq_) + ": rows are reordered or duplicated");
  } else if (entry.seq > high_seq_ + 1) {
    const std::int64_t first = high_seq_ + 1;
    const std::int64_t last = entry.seq - 1;
    AddProblem(AuditProblemKind::kMissingRows, entry.seq,
               first == last ? Seq(first) + " is missing before " + Seq(entry.seq)
                             : "seq " + std::to_string(first) + " to " + std::to_string(last) +
                                   " are missing before " + Seq(entry.seq));
  }
  if (entry.prev_hash != prev_hash_) {
    AddProblem(AuditProblemKind::kChainBreak, entry.seq,
               Seq(entry.seq) + ": prev_hash does not match the hash of the preceding row (" +
                   (prev_seq_ == 0 && report_.entries_checked == 1 ? std::string("genesis")
                                                                   : Seq(prev_seq_)) +
                   ")");
  }
  // Continue from this row whatever it looked like, so one bad row is reported once and
  // the rows after it are judged against what storage actually holds.
  // Gaps are measured from the highest seq seen, so a row moved backwards is reported as
  // out of order once instead of also opening a false gap after it.
  prev_seq_ = entry.seq;
  high_seq_ = std::max(high_seq_, entry.seq);
  prev_hash_ = entry.hash;
  report_.last_seq = entry.seq;
  report_.last_hash = entry.hash;
}

void ChainVerifier::CheckAnchor(std::int64_t anchor_seq, std::string_view anchor_hash) {
  if (prev_seq_ == anchor_seq && prev_hash_ == anchor_hash) {
    return;
  }
  std::string detail =
      "the newest row is " + Seq(prev_seq_) + " but the anchor names " + Seq(anchor_seq);
  if (prev_seq_ < anchor_seq) {
    detail += ": the newest rows were deleted";
  } else if (prev_seq_ == anchor_seq) {
    detail += " with another hash: the newest row was replaced";
  } else {
    detail += ": rows were added without updating the anchor";
  }
  AddProblem(AuditProblemKind::kAnchorMismatch, prev_seq_, std::move(detail));
}

void ChainVerifier::CheckKeyId(std::string_view stored_key_id) {
  const std::string_view ours = key_ ? std::string_view(key_->Id()) : std::string_view();
  if (stored_key_id == ours) {
    return;
  }
  AddProblem(
      AuditProblemKind::kKeyMismatch, prev_seq_,
      stored_key_id.empty()
          ? "the chain's head names no key: the chain was not sealed with key " + std::string(ours)
          : "the chain's head names key " + std::string(stored_key_id) +
                ", not the verifying key " + std::string(ours));
}

void ChainVerifier::RequireEntry(AuditAnchor anchor) {
  required_ = std::move(anchor);
  required_seen_ = false;
  required_found_hash_.clear();
}

void ChainVerifier::CheckRequiredEntry() {
  if (!required_) {
    return;
  }
  const std::string named = "the anchor " + FormatAuditAnchor(*required_);
  if (!required_seen_) {
    AddProblem(
        AuditProblemKind::kAnchorMismatch, required_->seq,
        named + " is not in the chain: " + Seq(required_->seq) +
            (high_seq_ < required_->seq ? " and the rows after it were deleted" : " was deleted"));
  } else if (required_found_hash_ != required_->hash) {
    AddProblem(AuditProblemKind::kAnchorMismatch, required_->seq,
               named + " is not in the chain: " + Seq(required_->seq) +
                   " has another MAC, the row was rewritten");
  }
}

AuditReport VerifyChain(const AuditKey& key, const std::vector<AuditEntry>& entries) {
  ChainVerifier verifier(key);
  for (const AuditEntry& entry : entries) {
    verifier.Add(entry);
  }
  return verifier.Report();
}

std::optional<AuditProblem> VerifyAnchor(const AuditEntry& last_entry, std::int64_t anchor_seq,
                                         std::string_view anchor_hash) {
  // Comparing seq and MAC needs no key.
  ChainVerifier verifier(nullptr, last_entry.seq, last_entry.hash, 1);
  verifier.CheckAnchor(anchor_seq, anchor_hash);
  if (verifier.Report().problems.empty()) {
    return std::nullopt;
  }
  return verifier.Report().problems.front();
}

}  // namespace warroom::core
