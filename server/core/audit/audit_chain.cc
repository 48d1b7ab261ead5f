#include "server/core/audit/audit_chain.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <utility>

namespace warroom::core {
namespace {

// Bump when the serialisation changes; old rows keep verifying only with the old version.
constexpr std::string_view kVersionTag = "warroom.audit.v1";

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

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest cannot fail for SHA-256 short of memory exhaustion; an empty hash
  // then never matches, so a failure shows up as an altered row, never as success.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) {
    return std::string();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(static_cast<std::size_t>(len) * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return hex;
}

std::string Seq(std::int64_t seq) { return "seq " + std::to_string(seq); }

}  // namespace

std::string CanonicalAuditBytes(const AuditEntry& entry, std::string_view prev_hash) {
  std::string out;
  out.reserve(kVersionTag.size() + std::size_t{8} * 12 + entry.at.size() +
              entry.actor_label.size() + entry.action.size() + entry.object_type.size() +
              entry.object_id.size() + entry.before_json.size() + entry.after_json.size() +
              prev_hash.size());
  PutString(out, kVersionTag);
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

std::string ComputeAuditHash(const AuditEntry& entry, std::string_view prev_hash) {
  return Sha256Hex(CanonicalAuditBytes(entry, prev_hash));
}

AuditEntry SealAuditEntry(AuditEntry entry, std::string_view prev_hash) {
  entry.prev_hash = std::string(prev_hash);
  entry.hash = ComputeAuditHash(entry, prev_hash);
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
  }
  return "unknown";
}

ChainVerifier::ChainVerifier(std::size_t max_problems)
    : ChainVerifier(0, std::string(kAuditGenesisHash), max_problems) {}

ChainVerifier::ChainVerifier(std::int64_t after_seq, std::string after_hash,
                             std::size_t max_problems)
    : max_problems_(max_problems),
      prev_seq_(after_seq),
      high_seq_(after_seq),
      prev_hash_(std::move(after_hash)) {
  report_.last_seq = prev_seq_;
  report_.last_hash = prev_hash_;
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
  if (ComputeAuditHash(entry, entry.prev_hash) != entry.hash) {
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

AuditReport VerifyChain(const std::vector<AuditEntry>& entries) {
  ChainVerifier verifier;
  for (const AuditEntry& entry : entries) {
    verifier.Add(entry);
  }
  return verifier.Report();
}

std::optional<AuditProblem> VerifyAnchor(const AuditEntry& last_entry, std::int64_t anchor_seq,
                                         std::string_view anchor_hash) {
  ChainVerifier verifier(last_entry.seq, last_entry.hash, 1);
  verifier.CheckAnchor(anchor_seq, anchor_hash);
  if (verifier.Report().problems.empty()) {
    return std::nullopt;
  }
  return verifier.Report().problems.front();
}

}  // namespace warroom::core
