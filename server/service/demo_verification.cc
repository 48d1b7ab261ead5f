#include "server/service/demo_verification.h"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/core/auth/secrets.h"
#include "server/service/audited_write.h"
#include "server/storage/repositories/verification_store.h"

namespace warroom::service {
namespace {

constexpr const char* kActor = "system:demo-exercise";
// The round ran from 8 to 22 September 2026: the exercise's contacts verified on
// 15 September (LoadDemo) confirmed through it; those verified before did not answer.
constexpr int64_t kStartedAt = 1788825600000;  // 2026-09-08T00:00:00Z
constexpr int64_t kExpiredAt = 1790035200000;  // 2026-09-22T00:00:00Z

struct Asked {
  int64_t organisation_id = 0;
  int64_t person_id = 0;
  int position = 0;
  std::optional<int64_t> verified_at;
};

}  // namespace

Result<int> LoadDemoVerificationRound(ports::Database& db, const ports::Clock& clock) {
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
  int loaded = 0;
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    loaded = 0;
    WR_ASSIGN_OR_RETURN(
        auto existing,
        tx.QueryOptional("SELECT id FROM verification_rounds WHERE is_demo = 1", {}));
    if (existing) return {};
    // The exercise's SPOCs and deputies of real municipalities (the customers of the
    // exercise's providers), each once.
    WR_ASSIGN_OR_RETURN(
        ports::Rows rows,
        tx.Query("SELECT s.organisation_id, s.person_id, s.position, p.verified_at FROM "
                 "spoc_assignments s JOIN people p ON p.id = s.person_id JOIN organisations o ON "
                 "o.id = s.organisation_id WHERE p.is_demo = 1 AND o.is_demo = 0 AND "
                 "o.kind = 'municipality' ORDER BY s.organisation_id, s.position",
                 {}));
    std::vector<Asked> asked;
    std::map<int64_t, bool> seen;
    std::vector<int64_t> organisations;
    for (const auto& r : rows) {
      if (seen[r.Int(1)]) continue;
      seen[r.Int(1)] = true;
      asked.push_back({r.Int(0), r.Int(1), static_cast<int>(r.Int(2)), r.OptInt(3)});
      if (organisations.empty() || organisations.back() != r.Int(0)) {
        organisations.push_back(r.Int(0));
      }
    }
    if (asked.empty()) return {};
    storage::VerificationStore store(tx);
    storage::VerificationRoundRecord round;
    round.audience_json = nlohmann::json{
        {"all", false},
        {"kinds", nlohmann::json::array()},
        {"region_nis", nlohmann::json::array()},
        {"province_nis", nlohmann::json::array()},
        {"provider_id", nullptr},
        {"provider_service", nullptr},
        {"include_provider", false},
        {"organisation_ids",
         organisations}}.dump();
    round.created_by = kActor;
    round.expires_at = kExpiredAt;
    round.asked = static_cast<int64_t>(asked.size());
    round.is_exercise = true;
    round.is_demo = true;
    round.created_at = kStartedAt;
    WR_ASSIGN_OR_RETURN(round.id, store.InsertRound(round));
    for (const Asked& a : asked) {
      // The token went out by mail in September; only its hash was kept.
      WR_ASSIGN_OR_RETURN(std::string token, core::auth::RandomToken(32));
      WR_ASSIGN_OR_RETURN(
          int64_t request_id,
          store.InsertRequest(round.id, a.person_id, a.organisation_id, a.position,
                              core::auth::HashToken(token), kExpiredAt, kStartedAt));
      if (a.verified_at && *a.verified_at >= kStartedAt && *a.verified_at < kExpiredAt) {
        WR_RETURN_IF_ERROR(StatusOf(store.Confirm(request_id, false, *a.verified_at)));
      }
    }
    loaded = 1;
    return Audit(tx, Actor{0, kActor}, "verification_round.start",
                 {"verification_round", round.id, 0}, "",
                 nlohmann::json{{"is_demo", true}, {"asked", round.asked}}.dump(), now);
  }));
  return loaded;
}

}  // namespace warroom::service
