// VerificationService: contact-verification rounds (issue 12). The war room starts a round
// for an audience (the advisories' audience); every SPOC and deputy of its organisations
// with an e-mail address gets one mail with a link of their own, queued in the outbox in
// the round's transaction. The link works without signing in: GET shows the person's
// details, POST confirms them as they are or with corrections, stored through the
// directory's own writes (validation, versioning, audit). Who does not confirm keeps an
// old verified_at, so the directory's stale-contact gap keeps showing them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/advisory/model.h"
#include "server/core/directory/access.h"
#include "server/core/directory/entities.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/ports/verification_mailer.h"
#include "server/service/directory_service.h"
#include "server/storage/repositories/verification_store.h"

namespace warroom::service {

struct VerificationOptions {
  std::string public_url;  // links in messages: <public_url>/verify/<token>
};

inline constexpr int kDefaultVerificationDays = 14;
inline constexpr int kMaxVerificationDays = 90;

struct VerificationRoundInput {
  core::Audience audience;
  int expires_in_days = kDefaultVerificationDays;  // 1..kMaxVerificationDays
  bool is_exercise = false;
};

struct VerificationPreview {
  int64_t organisations = 0;
  int64_t people = 0;  // SPOCs and deputies with an e-mail address: the requests a round makes
};

struct VerificationBoard {
  storage::VerificationRoundRecord round;
  std::vector<storage::VerificationRequestRecord> requests;
};

struct VerificationLinkView {
  storage::VerificationRequestRecord request;
  core::Person person;
  bool expired = false;
};

// The fields a person may correct through the link; absent ones stay as they are.
struct VerificationCorrection {
  Patch<std::string> full_name;
  Patch<std::optional<std::string>> work_email;
  Patch<std::optional<std::string>> oob_email;
  Patch<std::optional<std::string>> mobile;
  Patch<std::optional<std::string>> landline;
  Patch<core::Language> preferred_language;
  bool Empty() const {
    return !full_name && !work_email && !oob_email && !mobile && !landline && !preferred_language;
  }
};

struct VerificationConfirmResult {
  storage::VerificationRequestRecord request;
  core::Person person;
  bool already = false;  // confirmed before: nothing changed
};

class VerificationService {
 public:
  VerificationService(ports::Database& db, const ports::Clock& clock,
                      ports::VerificationMailer& mailer, VerificationOptions options)
      : db_(db), clock_(clock), mailer_(mailer), options_(std::move(options)) {}

  // War room only (directory write: core::CanEditOrganisations), else kPermissionDenied.
  // kInvalidArgument with field errors for an audience that selects nothing by
  // construction, expires_in_days outside 1..90, or an audience without anybody to ask.
  Result<VerificationPreview> Preview(const core::Principal& p, const core::Audience& audience);
  Result<storage::VerificationRoundRecord> Start(const core::Principal& p,
                                                 const VerificationRoundInput& in);
  Result<std::vector<storage::VerificationRoundRecord>> List(const core::Principal& p);
  // kNotFound for an unknown round.
  Result<VerificationBoard> Board(const core::Principal& p, int64_t id);

  // The link (no sign-in). kNotFound for an unknown or tampered token, kGone once expired
  // (a confirmed request's link still shows it was confirmed until it expires).
  Result<VerificationLinkView> ViewLink(const std::string& token);
  // Confirms, applying `correction` first (kInvalidArgument with field errors when a
  // value is not valid; nothing stored). A second confirmation changes nothing.
  Result<VerificationConfirmResult> ConfirmLink(const std::string& token,
                                                const VerificationCorrection& correction);

 private:
  int64_t Now() const;

  ports::Database& db_;
  const ports::Clock& clock_;
  ports::VerificationMailer& mailer_;
  VerificationOptions options_;
};

}  // namespace warroom::service
