// First start: the reference data, the war room organisation, the first admin with a
// one-time set-up secret, and (optionally) the demo exercise.
#pragma once

#include <string>

#include "libs/base/result.h"
#include "server/app/context.h"

namespace warroom::app {

struct InitOptions {
  bool demo = false;
  std::string admin_email = "admin@warroom.local";
  std::string reference_data;  // folder; empty: skip loading
};

struct InitResult {
  bool reference_loaded = false;
  bool demo_loaded = false;
  std::string admin_email;
  std::string setup_secret;  // empty when the admin has already set a password
  std::string setup_url;
};

// Idempotent. Issues a fresh set-up secret (voiding the previous one) as long as the
// admin has not set a password yet.
Result<InitResult> Initialise(AppContext& ctx, const InitOptions& options);

// Issues a set-up link for an existing account (`warroom admin reset`), or creates a war
// room admin with that e-mail address first.
Result<InitResult> IssueAdminSetup(AppContext& ctx, const std::string& email);

}  // namespace warroom::app
