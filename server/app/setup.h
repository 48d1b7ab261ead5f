// The life of a deployment: first start (the reference data, the war room
// organisation, the first admin with a one-time set-up secret, optionally the demo
// exercise), the server's lock on its database, and the check that a data folder has
// been set up before a command reads it.
#pragma once

#include <optional>
#include <string>

#include "libs/base/result.h"
#include "server/app/config.h"
#include "server/app/context.h"
#include "server/storage/sqlite/database_lock.h"

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

// Takes the lock of the SQLite database `config` names (sqlite/database_lock.h),
// creating the data folder first. warroomd holds it for its whole life, so that a second
// server on the same database and `warroom restore` refuse while it runs. Returns
// nullopt for PostgreSQL and temporary databases, which need no lock. Fails with
// kPreconditionFailed when another process holds the lock, kInvalidArgument on a
// malformed database URL, kUnavailable when the folder or lock file cannot be created.
Result<std::optional<storage::sqlite::DatabaseLock>> LockServerDatabase(const Config& config);

// Checks that `config` names a deployment that `warroom init` or warroomd has set up:
// the data folder and its key file exist, and so does the SQLite database file (on
// PostgreSQL: the database has the warroom schema). Fails with kNotFound naming what
// is missing, so that a command that reads a deployment never creates an empty one
// from a mistyped --data-dir; kUnavailable when PostgreSQL cannot be reached.
Status RequireInitialised(const Config& config);

}  // namespace warroom::app
