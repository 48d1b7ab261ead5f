// VerificationStore: the SQL of contact-verification rounds (issue 12). A round asks every
// SPOC and deputy of an audience, once each, to confirm or correct their details through
// a link bound to one request; the link's token is stored only as its hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct VerificationRoundRecord {
  int64_t id = 0;
  std::string audience_json;
  std::optional<int64_t> created_by_user_id;
  std::string created_by;
  int64_t expires_at = 0;
  int64_t asked = 0;
  bool is_exercise = false;
  bool is_demo = false;
  int64_t created_at = 0;
  // Over the round's requests.
  int64_t confirmed = 0;  // confirmed, with or without a correction
  int64_t corrected = 0;  // confirmed with a correction
};

struct VerificationRequestRecord {
  int64_t id = 0;
  int64_t round_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  int64_t organisation_id = 0;
  std::string organisation_name;
  int position = 0;  // 0 the SPOC, 1.. deputies
  int64_t expires_at = 0;
  std::optional<int64_t> confirmed_at;
  bool corrected = false;
  bool is_exercise = false;  // the round's
};

class VerificationStore {
 public:
  explicit VerificationStore(Tx& tx) : tx_(tx) {}

  // Inserts a round and returns its id.
  Result<int64_t> InsertRound(const VerificationRoundRecord& round);
  Status SetAsked(int64_t round_id, int64_t asked);
  // Inserts the request of `person_id` in the round; kConflict when the person has one.
  Result<int64_t> InsertRequest(int64_t round_id, int64_t person_id, int64_t organisation_id,
                                int position, const std::string& token_hash, int64_t expires_at,
                                int64_t now);
  // The newest rounds first, at most `limit`, with their counts.
  Result<std::vector<VerificationRoundRecord>> ListRounds(int limit);
  Result<std::optional<VerificationRoundRecord>> FindRound(int64_t id);
  // The round's requests by organisation name and position.
  Result<std::vector<VerificationRequestRecord>> Requests(int64_t round_id);
  Result<std::optional<VerificationRequestRecord>> FindByTokenHash(const std::string& token_hash);
  // Marks the request confirmed at `now` (and corrected) unless it was already; returns
  // whether this call confirmed it.
  Result<bool> Confirm(int64_t request_id, bool corrected, int64_t now);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
