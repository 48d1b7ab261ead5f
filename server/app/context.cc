#include "server/app/context.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "server/app/setup.h"
#include "server/delivery/email/advisory_email_channel.h"
#include "server/delivery/email/templates.h"
#include "server/http/sse.h"
#include "server/storage/backup.h"
#include "server/storage/repositories/advisory_store.h"
#include "server/storage/repositories/outbox_store.h"

namespace warroom::app {
namespace {

delivery::email::Language ToMailLanguage(core::Language l) {
  switch (l) {
    case core::Language::kNl:
      return delivery::email::Language::kNl;
    case core::Language::kFr:
      return delivery::email::Language::kFr;
    case core::Language::kEn:
      return delivery::email::Language::kEn;
    case core::Language::kDe:
      return delivery::email::Language::kDe;
  }
  return delivery::email::Language::kNl;
}

}  // namespace

Status OutboxAccountMailer::Queue(ports::Tx& tx, const ports::AccountMail& mail, int64_t now_ms) {
  namespace email = delivery::email;
  const ports::TimePoint until{std::chrono::milliseconds(mail.expires_at)};
  const auto lang = ToMailLanguage(mail.language);
  email::RenderedEmail rendered;
  if (mail.purpose == core::auth::LinkPurpose::kInvitation) {
    rendered = email::RenderInvitation(
        lang, {mail.display_name, mail.organisation_name, mail.link, until, mail.exercise});
  } else if (mail.purpose == core::auth::LinkPurpose::kPasswordReset) {
    rendered =
        email::RenderPasswordReset(lang, {mail.display_name, mail.link, until, mail.exercise});
  } else {
    rendered = email::RenderFirstAdminSetup(
        lang, {mail.display_name, instance_, mail.link, until, mail.exercise});
  }
  WR_RETURN_IF_ERROR(
      email::EnqueueEmail(tx, {mail.to, rendered.subject, rendered.body_text, rendered.body_html},
                          ports::TimePoint{std::chrono::milliseconds(now_ms)}));
  // On SQLite the dispatcher's claim waits for this transaction's commit; on PostgreSQL
  // it may miss it and find it at the next poll. Either way nothing is lost.
  if (dispatcher_ != nullptr) dispatcher_->Notify();
  return Ok();
}

Result<std::vector<int64_t>> OutboxAdvisoryMailer::Queue(
    ports::Tx& tx, const std::vector<ports::AdvisoryMessage>& messages, int64_t now_ms) {
  // Rendered when sent (delivery/email/advisory_email_channel.h): the rows stay small.
  std::vector<ports::OutboxMessage> rows;
  rows.reserve(messages.size());
  for (const auto& m : messages) {
    WR_ASSIGN_OR_RETURN(ports::OutboxMessage row, delivery::email::AdvisoryOutboxMessage(m));
    rows.push_back(std::move(row));
  }
  return storage::OutboxStore(tx).EnqueueMany(std::move(rows), now_ms);
}

Status OutboxVerificationMailer::Queue(ports::Tx& tx, const ports::VerificationMail& mail,
                                       int64_t now_ms) {
  namespace email = delivery::email;
  const ports::TimePoint until{std::chrono::milliseconds(mail.expires_at)};
  const email::RenderedEmail rendered = email::RenderVerificationRequest(
      ToMailLanguage(mail.language),
      {mail.recipient_name, mail.organisation_name, mail.link, until, mail.is_exercise});
  return StatusOf(
      email::EnqueueEmail(tx, {mail.to, rendered.subject, rendered.body_text, rendered.body_html},
                          ports::TimePoint{std::chrono::milliseconds(now_ms)}));
}

Result<std::unique_ptr<AppContext>> AppContext::Open(Config config, bool mail,
                                                     const ports::Clock* clock) {
  auto ctx = std::make_unique<AppContext>();
  if (clock != nullptr) ctx->clock = clock;
  ctx->config = std::move(config);
  std::error_code ec;
  std::filesystem::create_directories(ctx->config.data_dir, ec);
  if (ec) {
    return Error::Unavailable("cannot create the data folder " + ctx->config.data_dir + ": " +
                              ec.message());
  }
  WR_ASSIGN_OR_RETURN(ctx->db, storage::OpenDatabase(ctx->config.EffectiveDatabaseUrl()));
  WR_ASSIGN_OR_RETURN(auto audit_key, OpenAuditKey(*ctx->db, *ctx->clock, ctx->config.data_dir));
  ctx->db->SetAuditKey(std::move(audit_key));
  WR_ASSIGN_OR_RETURN(auto box,
                      service::SecretBox::FromKeyFile(
                          (std::filesystem::path(ctx->config.data_dir) / "secret.key").string()));
  ctx->box = std::make_unique<service::SecretBox>(box);
  ctx->hasher = std::make_unique<core::auth::PasswordHasher>();
  ctx->mailer = std::make_unique<OutboxAccountMailer>("warroom");
  service::AuthConfig auth_config;
  auth_config.public_url = ctx->config.EffectivePublicUrl();
  auth_config.session_idle = std::chrono::minutes(ctx->config.session_idle_minutes);
  auth_config.session_lifetime = std::chrono::hours(ctx->config.session_lifetime_hours);
  ctx->directory = std::make_unique<service::DirectoryService>(*ctx->db, *ctx->clock);
  ctx->import = std::make_unique<service::DirectoryImport>(*ctx->db, *ctx->clock);
  ctx->auth = std::make_unique<service::AuthService>(*ctx->db, *ctx->clock, *ctx->hasher, *ctx->box,
                                                     *ctx->mailer, auth_config);
  ctx->accounts = std::make_unique<service::AccountService>(*ctx->db, *ctx->clock, *ctx->auth);
  ctx->advisory_mailer = std::make_unique<OutboxAdvisoryMailer>();
  service::AdvisoryOptions advisory_options;
  advisory_options.public_url = ctx->config.EffectivePublicUrl();
  // Beside the database and keys, never under the web root that serves static files.
  advisory_options.attachments_dir = storage::AttachmentsFolder(ctx->config.data_dir);
  advisory_options.attachment_max_bytes = ctx->config.attachment_max_bytes;
  advisory_options.attachment_max_count = ctx->config.attachment_max_count;
  // The context outlives its services; the hub is built below.
  advisory_options.notify_events = [c = ctx.get()] {
    if (c->events) c->events->Notify();
  };
  ctx->advisories = std::make_unique<service::AdvisoryService>(
      *ctx->db, *ctx->clock, *ctx->advisory_mailer, std::move(advisory_options));
  ctx->verification_mailer = std::make_unique<OutboxVerificationMailer>();
  ctx->verifications = std::make_unique<service::VerificationService>(
      *ctx->db, *ctx->clock, *ctx->verification_mailer,
      service::VerificationOptions{ctx->config.EffectivePublicUrl()});
  service::IncidentOptions incident_options;
  incident_options.notify_events = [c = ctx.get()] {
    if (c->events) c->events->Notify();
  };
  ctx->incidents = std::make_unique<service::IncidentService>(*ctx->db, *ctx->clock,
                                                              std::move(incident_options));
  service::WebhookSettings webhook_settings;
  webhook_settings.allow_local = ctx->config.allow_http_webhooks;
  ctx->webhooks =
      std::make_unique<service::WebhookService>(*ctx->db, *ctx->clock, *ctx->box, webhook_settings);
  if (mail) {
    ctx->dispatcher = std::make_unique<delivery::OutboxDispatcher>(*ctx->db, *ctx->clock,
                                                                   delivery::DispatcherOptions{});
    if (ctx->config.smtp_url.empty()) {
      // E-mails wait in the outbox until a relay is configured; webhooks go out meanwhile.
      ctx->dispatcher->HoldChannel(std::string(delivery::email::kEmailChannel));
      ctx->dispatcher->HoldChannel(std::string(delivery::email::kAdvisoryEmailChannel));
    } else {
      WR_ASSIGN_OR_RETURN(auto smtp, delivery::email::ParseSmtpUrl(ctx->config.smtp_url));
      if (smtp.from.empty()) smtp.from = ctx->config.mail_from;
      ctx->smtp = std::make_unique<delivery::email::SmtpTransport>(smtp, *ctx->clock);
      ctx->email_channel = std::make_unique<delivery::email::EmailChannel>(*ctx->smtp, smtp.from);
      ctx->dispatcher->RegisterChannel(std::string(delivery::email::kEmailChannel),
                                       *ctx->email_channel);
      ports::Database* db = ctx->db.get();
      ctx->advisory_email_channel = std::make_unique<delivery::email::AdvisoryEmailChannel>(
          *ctx->email_channel,
          [db](int64_t advisory_id, int revision,
               core::Language language) -> Result<core::AdvisoryText> {
            core::AdvisoryTexts texts;
            WR_RETURN_IF_ERROR(db->Read([&](ports::Tx& tx) -> Status {
              WR_ASSIGN_OR_RETURN(texts, storage::AdvisoryStore(tx).Texts(advisory_id, revision));
              return Ok();
            }));
            auto it = texts.find(language);
            if (it == texts.end()) return Error::NotFound("no such advisory text");
            return it->second;
          },
          "warroom", ctx->config.EffectivePublicUrl());
      ctx->dispatcher->RegisterChannel(std::string(delivery::email::kAdvisoryEmailChannel),
                                       *ctx->advisory_email_channel);
    }
    ctx->mailer->set_dispatcher(ctx->dispatcher.get());
    ctx->advisory_mailer->set_dispatcher(ctx->dispatcher.get());
    ctx->verification_mailer->set_dispatcher(ctx->dispatcher.get());
    service::WebhookService* webhooks = ctx->webhooks.get();
    delivery::webhook::ChannelOptions channel_options;
    channel_options.allow_local = ctx->config.allow_http_webhooks;
    ctx->webhook_channel = std::make_unique<delivery::webhook::WebhookChannel>(
        *ctx->clock, [webhooks](int64_t id) { return webhooks->TargetOf(id); },
        [webhooks](const core::webhook::Attempt& attempt) {
          if (auto ok = webhooks->RecordAttempt(attempt); !ok) {
            spdlog::warn(R"({{"event":"webhook_attempt_not_recorded","outbox_id":{}}})",
                         attempt.outbox_id);
          }
        },
        channel_options);
    ctx->dispatcher->RegisterChannel(std::string(delivery::webhook::kWebhookChannel),
                                     *ctx->webhook_channel);
    delivery::OutboxDispatcher* dispatcher = ctx->dispatcher.get();
    ctx->webhooks->set_notify([dispatcher] { dispatcher->Notify(); });
  }
  delivery::EventHubOptions hub_options;
  hub_options.poll_interval = std::chrono::milliseconds(ctx->config.event_poll_ms);
  hub_options.format = &http::EventFrame;
  ctx->events = std::make_unique<delivery::EventHub>(*ctx->db, *ctx->clock, std::move(hub_options));
  if (mail) {
    ctx->jobs =
        std::make_unique<delivery::JobRunner>(*ctx->db, *ctx->clock, delivery::JobRunnerOptions{});
    service::AdvisoryService* advisories = ctx->advisories.get();
    ctx->jobs->Register(std::string(service::kEscalationJob),
                        [advisories](ports::Tx& tx, const storage::JobRecord& job) {
                          return advisories->RunEscalation(tx, job);
                        });
  }
  return ctx;
}

void AppContext::StartWorkers() {
  if (dispatcher) dispatcher->Start();
  if (jobs) jobs->Start();
  if (events) events->Start();
}

void AppContext::StopWorkers() {
  if (events) events->Stop();
  if (jobs) jobs->Stop();
  if (dispatcher) dispatcher->Stop();
}

}  // namespace warroom::app
