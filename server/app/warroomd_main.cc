// warroomd: the war-room server. Reads its configuration, opens the database (applying
// migrations), starts the outbox dispatcher, the job runner and the HTTP server, and stops
// gracefully on SIGTERM or SIGINT.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "server/app/config.h"
#include "server/app/context.h"
#include "server/app/logging.h"
#include "server/app/setup.h"
#include "server/http/api.h"
#include "server/http/server.h"
#include "server/storage/repositories/account_store.h"

namespace {

int Fail(const std::string& what) {
  std::cerr << "warroomd: " << what << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace warroom;
  CLI::App cli{"warroomd: the war room server for local governments"};
  std::string config_file;
  app::Config flags;
  std::string admin_email = "admin@warroom.local";
  cli.add_option("--config", config_file, "JSON configuration file");
  cli.add_option("--listen", flags.listen, "HOST:PORT to listen on (port 0: any free port)");
  cli.add_option("--data-dir", flags.data_dir, "folder for the SQLite database and the key file");
  cli.add_option("--database", flags.database_url,
                 "database URL: sqlite:///path.db or postgresql://user:pass@host/db");
  cli.add_option("--smtp", flags.smtp_url,
                 "SMTP server, e.g. smtp://127.0.0.1:25?starttls=optional");
  cli.add_option("--mail-from", flags.mail_from, "sender address of e-mails");
  cli.add_option("--public-url", flags.public_url, "base URL users reach the app at (for links)");
  cli.add_option("--reference-data", flags.reference_data, "folder with the reference data");
  cli.add_option("--web-root", flags.web_root, "folder with the built web app");
  cli.add_flag("--insecure-cookies", flags.insecure_cookies,
               "send the session cookie without Secure (plain http on localhost only)");
  cli.add_option("--workers", flags.worker_threads, "worker threads for requests");
  cli.add_option("--admin-email", admin_email, "e-mail of the first admin (first start only)");
  CLI11_PARSE(cli, argc, argv);

  // Precedence: defaults < file < environment < flags.
  app::Config config;
  if (!config_file.empty()) {
    if (auto ok = app::ApplyConfigFile(config, config_file); !ok) return Fail(ok.error().message);
  }
  if (auto ok = app::ApplyEnvironment(config); !ok) return Fail(ok.error().message);
  for (auto* opt : cli.get_options()) {
    if (opt->count() == 0) continue;
    const std::string name = opt->get_name();
    if (name == "--listen") config.listen = flags.listen;
    if (name == "--data-dir") config.data_dir = flags.data_dir;
    if (name == "--database") config.database_url = flags.database_url;
    if (name == "--smtp") config.smtp_url = flags.smtp_url;
    if (name == "--mail-from") config.mail_from = flags.mail_from;
    if (name == "--public-url") config.public_url = flags.public_url;
    if (name == "--reference-data") config.reference_data = flags.reference_data;
    if (name == "--web-root") config.web_root = flags.web_root;
    if (name == "--insecure-cookies") config.insecure_cookies = flags.insecure_cookies;
    if (name == "--workers") config.worker_threads = flags.worker_threads;
  }
  if (auto ok = app::Validate(config); !ok) return Fail(ok.error().message);
  auto listen = app::SplitListen(config.listen);

  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Held until exit: a second server on this database and `warroom restore` refuse
  // while this one runs.
  auto lock = app::LockServerDatabase(config);
  if (!lock) return Fail(lock.error().message);

  app::SetUpJsonLogging();
  auto ctx = app::AppContext::Open(config, /*mail=*/true);
  if (!ctx) return Fail(ctx.error().message);

  // First start: no account exists yet, so create the admin with a one-time secret.
  int64_t users = 0;
  (void)(*ctx)->db->Read([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(users, storage::AccountStore(tx).CountUsers());
    return Ok();
  });
  if (users == 0) {
    app::InitOptions init;
    init.admin_email = admin_email;
    init.reference_data = config.reference_data;
    auto done = app::Initialise(**ctx, init);
    if (!done) return Fail(done.error().message);
    std::printf(
        "warroom: first start. Set up the admin account %s with this one-time secret:\n"
        "  %s\n  or open %s\n",
        done->admin_email.c_str(), done->setup_secret.c_str(), done->setup_url.c_str());
  }

  http::ApiDeps deps{*(*ctx)->directory,
                     *(*ctx)->import,
                     *(*ctx)->auth,
                     *(*ctx)->accounts,
                     *(*ctx)->advisories,
                     *(*ctx)->db,
                     !config.insecure_cookies,
                     config.EffectivePublicUrl()};
  auto proxies = core::auth::ParseAddressRanges(config.trusted_proxies);
  if (!proxies) return Fail(proxies.error().message);
  deps.trusted_proxies = *proxies;
  deps.events = (*ctx)->events.get();
  deps.webhooks = (*ctx)->webhooks.get();
  deps.verifications = (*ctx)->verifications.get();
  deps.incidents = (*ctx)->incidents.get();
  http::Api api(deps);
  http::ServerConfig server_config;
  server_config.address = listen->first;
  server_config.port = listen->second;
  server_config.worker_threads = config.worker_threads;
  server_config.web_root = config.web_root;
  server_config.header_timeout = std::chrono::milliseconds(config.header_timeout_ms);
  server_config.max_connections_per_address = config.max_connections_per_address;
  // Browsers that saw the site over https keep to https (the session cookie is Secure).
  server_config.hsts =
      !config.insecure_cookies && config.EffectivePublicUrl().rfind("https://", 0) == 0;
  http::HttpServer server(api, server_config);
  auto port = server.Start();
  if (!port) return Fail(port.error().message);
  (*ctx)->StartWorkers();
  if (!(*ctx)->dispatcher) {
    spdlog::warn(
        "{}",
        R"({"event":"no_smtp","detail":"no SMTP server configured; e-mails wait in the outbox"})");
  }
  spdlog::info(
      R"({{"event":"listening","address":{},"port":{},"database":{}}})",
      nlohmann::json(listen->first).dump(), *port,
      nlohmann::json((*ctx)->db->engine() == ports::Engine::kSqlite ? "sqlite" : "postgresql")
          .dump());
  std::printf("warroom is running at http://%s:%u\n", listen->first.c_str(), *port);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info(R"({{"event":"stopping","signal":{}}})", signal_number);
  server.Stop();
  (*ctx)->StopWorkers();
  spdlog::info("{}", R"({"event":"stopped"})");
  return 0;
}
