// The life of a deployment: first start (the reference data, the war room
// organisation, the first admin with a one-time set-up secret, optionally the demo
// exercise), the server's lock on its database, and the check that a data folder has
// been set up before a command reads it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "libs/base/result.h"
#include "server/app/config.h"
#include "server/app/context.h"
#include "server/core/audit/audit_chain.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
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

// The audit key file of a data folder: 32 random bytes, mode 0600, beside secret.key.
std::string AuditKeyPath(const std::string& data_dir);

// Loads the audit key of `data_dir` for `db` (core/audit_chain.h). The first time
// (no audit.key yet: a new deployment, or one from before the chain was keyed) it
// creates the key and re-keys the existing chain with it (AuditStore::SealUnkeyedChain)
// before the key file takes its name, so that a crash in between leaves either the old
// unkeyed chain or a keyed chain with its key. Once audit.key exists a chain is never
// re-keyed again, so whoever can write the database cannot downgrade it to unkeyed
// hashes. Fails with kInvalidArgument when the file is not a key, kConflict when the
// chain is sealed with a key this folder lacks, kUnavailable on I/O errors.
Result<std::shared_ptr<const core::AuditKey>> OpenAuditKey(ports::Database& db,
                                                           const ports::Clock& clock,
                                                           const std::string& data_dir);

}  // namespace warroom::app
