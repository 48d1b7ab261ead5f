// AppContext: everything warroomd and the warroom CLI build from a Config — database,
// secrets, services, the mailer — wired once, in one place.
#pragma once

#include <memory>
#include <string>

#include "libs/base/result.h"
#include "server/app/config.h"
#include "server/core/auth/password_hasher.h"
#include "server/core/auth/throttle.h"
#include "server/delivery/email/advisory_email_channel.h"
#include "server/delivery/email/email_channel.h"
#include "server/delivery/email/smtp_transport.h"
#include "server/delivery/event_hub.h"
#include "server/delivery/job_runner.h"
#include "server/delivery/outbox.h"
#include "server/delivery/webhook/webhook_channel.h"
#include "server/ports/account_mailer.h"
#include "server/ports/advisory_mailer.h"
#include "server/ports/clock.h"
#include "server/ports/database.h"
#include "server/ports/verification_mailer.h"
#include "server/service/account_service.h"
#include "server/service/advisory_service.h"
#include "server/service/auth_service.h"
#include "server/service/directory_import.h"
#include "server/service/directory_service.h"
#include "server/service/incident_service.h"
#include "server/service/secret_box.h"
#include "server/service/verification_service.h"
#include "server/service/webhook_service.h"

namespace warroom::app {

// Queues account e-mails in the outbox, rendered in the recipient's language.
class OutboxAccountMailer final : public ports::AccountMailer {
 public:
  explicit OutboxAccountMailer(std::string instance_name) : instance_(std::move(instance_name)) {}
  Status Queue(ports::Tx& tx, const ports::AccountMail& mail, int64_t now_ms) override;
  void set_dispatcher(delivery::OutboxDispatcher* d) { dispatcher_ = d; }

 private:
  std::string instance_;
  delivery::OutboxDispatcher* dispatcher_ = nullptr;
};

// Queues advisory e-mails in the outbox as rows of channel "advisory-email", which
// delivery::email::AdvisoryEmailChannel renders in the recipient's language when it sends
// them; for TLP:AMBER+STRICT and TLP:RED only a notice with the links.
class OutboxAdvisoryMailer final : public ports::AdvisoryMailer {
 public:
  Result<std::vector<int64_t>> Queue(ports::Tx& tx,
                                     const std::vector<ports::AdvisoryMessage>& messages,
                                     int64_t now_ms) override;
  void Notify() override {
    if (dispatcher_ != nullptr) dispatcher_->Notify();
  }
  void set_dispatcher(delivery::OutboxDispatcher* d) { dispatcher_ = d; }

 private:
  delivery::OutboxDispatcher* dispatcher_ = nullptr;
};

// Queues contact-verification requests in the outbox, in the recipient's language.
class OutboxVerificationMailer final : public ports::VerificationMailer {
 public:
  Status Queue(ports::Tx& tx, const ports::VerificationMail& mail, int64_t now_ms) override;
  void Notify() override {
    if (dispatcher_ != nullptr) dispatcher_->Notify();
  }
  void set_dispatcher(delivery::OutboxDispatcher* d) { dispatcher_ = d; }

 private:
  delivery::OutboxDispatcher* dispatcher_ = nullptr;
};

struct AppContext {
  Config config;
  ports::SystemClock system_clock;
  // Every service's source of time: the wall clock, or the clock a test gives Open.
  const ports::Clock* clock = &system_clock;
  std::unique_ptr<ports::Database> db;
  std::unique_ptr<service::SecretBox> box;
  std::unique_ptr<core::auth::PasswordHasher> hasher;
  std::unique_ptr<OutboxAccountMailer> mailer;
  std::unique_ptr<service::DirectoryService> directory;
  std::unique_ptr<service::DirectoryImport> import;
  std::unique_ptr<service::AuthService> auth;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<OutboxAdvisoryMailer> advisory_mailer;
  std::unique_ptr<service::AdvisoryService> advisories;
  std::unique_ptr<service::WebhookService> webhooks;
  std::unique_ptr<OutboxVerificationMailer> verification_mailer;
  std::unique_ptr<service::VerificationService> verifications;
  std::unique_ptr<service::IncidentService> incidents;
  std::unique_ptr<delivery::email::SmtpTransport> smtp;
  std::unique_ptr<delivery::email::EmailChannel> email_channel;
  std::unique_ptr<delivery::email::AdvisoryEmailChannel> advisory_email_channel;
  std::unique_ptr<delivery::webhook::WebhookChannel> webhook_channel;
  std::unique_ptr<delivery::OutboxDispatcher> dispatcher;
  // Durable jobs (timers, retried work): advisory escalation. Built with `mail`.
  std::unique_ptr<delivery::JobRunner> jobs;
  // The live event stream's hub (GET /api/events); always built, started with the workers.
  std::unique_ptr<delivery::EventHub> events;

  // Starts the background workers that exist: the outbox dispatcher, the job runner and
  // the event hub.
  void StartWorkers();
  // Stops them, letting a send or job under way finish.
  void StopWorkers();

  // Opens the database (applying migrations) and builds the services and the event hub. With
  // `mail`, also builds the job runner and the outbox dispatcher with webhooks as a channel,
  // and e-mail too when smtp_url is set (the SMTP transport); without it e-mails are held in
  // the outbox (none started).
  // `clock`, when given, replaces the wall clock and must outlive the context.
  static Result<std::unique_ptr<AppContext>> Open(Config config, bool mail,
                                                  const ports::Clock* clock = nullptr);
};

}  // namespace warroom::app
