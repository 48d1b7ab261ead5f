#include "server/core/auth/account_state.h"

#include <array>
#include <string>
#include <utility>

namespace warroom::core::auth {
namespace {

template <typename E, size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<AccountStatus, 3> kStatuses{{
    {AccountStatus::kInvited, "invited"},
    {AccountStatus::kActive, "active"},
    {AccountStatus::kDisabled, "disabled"},
}};

constexpr Names<SessionStage, 3> kStages{{
    {SessionStage::kTotp, "totp"},
    {SessionStage::kTotpEnrolment, "totp_enrolment"},
    {SessionStage::kFull, "full"},
}};

constexpr Names<LinkPurpose, 3> kPurposes{{
    {LinkPurpose::kInvitation, "invitation"},
    {LinkPurpose::kPasswordReset, "password_reset"},
    {LinkPurpose::kSetup, "setup"},
}};

template <typename E, size_t N>
std::string_view Lookup(const Names<E, N>& names, E v) {
  for (const auto& [value, name] : names) {
    if (value == v) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> Find(const Names<E, N>& names, std::string_view s) {
  for (const auto& [value, name] : names) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
Result<E> Stored(const Names<E, N>& names, std::string_view column, std::string_view s) {
  if (auto v = Find(names, s)) return *v;
  return Error::Internal("unknown " + std::string(column) + " '" + std::string(s) +
                         "' in the database");
}

}  // namespace

std::string_view Name(AccountStatus v) { return Lookup(kStatuses, v); }
std::string_view Name(SessionStage v) { return Lookup(kStages, v); }
std::string_view Name(LinkPurpose v) { return Lookup(kPurposes, v); }

std::optional<AccountStatus> ParseAccountStatus(std::string_view s) { return Find(kStatuses, s); }
std::optional<SessionStage> ParseSessionStage(std::string_view s) { return Find(kStages, s); }
std::optional<LinkPurpose> ParseLinkPurpose(std::string_view s) { return Find(kPurposes, s); }

Result<AccountStatus> StoredAccountStatus(std::string_view s) {
  return Stored(kStatuses, "users.status", s);
}
Result<SessionStage> StoredSessionStage(std::string_view s) {
  return Stored(kStages, "sessions.stage", s);
}
Result<LinkPurpose> StoredLinkPurpose(std::string_view s) {
  return Stored(kPurposes, "account_links.purpose", s);
}

}  // namespace warroom::core::auth
