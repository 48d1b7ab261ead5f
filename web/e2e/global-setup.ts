import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSmtpSink } from './smtp-sink';

const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface InitOutput {
  url: string;
  admin_email: string;
  setup_secret: string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function parseInitOutput(stdout: string): InitOutput {
  for (const line of stdout.split('\n').reverse()) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    const value = JSON.parse(text) as Partial<InitOutput>;
    if (typeof value.setup_secret === 'string' && typeof value.admin_email === 'string') {
      return {
        url: value.url ?? '',
        admin_email: value.admin_email,
        setup_secret: value.setup_secret,
      };
    }
  }
  throw new Error(`warroom init printed no setup JSON:\n${stdout}`);
}

async function waitForReady(url: string, server: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`warroomd exited with ${server.exitCode}; see ${logPath}`);
    }
    try {
      const response = await fetch(`${url}/api/ready`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`warroomd did not become ready within 60 s; see ${logPath}`);
}

/**
 * Starts a real warroomd on a fresh SQLite data dir with the demo data, for the browser tests.
 * Tests read the URL and the one-time setup secret from the environment. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const binDir = resolve(WEB_DIR, process.env.WARROOM_BIN_DIR ?? '../build/dev/server/app');
  const warroom = join(binDir, 'warroom');
  const warroomd = join(binDir, 'warroomd');
  const webRoot = join(WEB_DIR, 'dist');
  for (const path of [warroom, warroomd, join(webRoot, 'index.html')]) {
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: build the server and run "npm run build" first`);
    }
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'warroom-e2e-'));
  const init = spawnSync(
    warroom,
    ['--data-dir', dataDir, 'init', '--demo', '--admin-email', 'admin@warroom.test', '--json'],
    { encoding: 'utf8', env: process.env, timeout: 120_000 },
  );
  if (init.status !== 0) {
    throw new Error(`warroom init failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }
  const setup = parseInitOutput(init.stdout);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logDir = join(WEB_DIR, 'test-results');
  mkdirSync(logDir, { recursive: true });
  // Mails go to a local SMTP sink that writes them to files the tests read (links in mails).
  const mailDir = join(dataDir, 'mail');
  const sink = await startSmtpSink(mailDir);
  const smtpUrl = `smtp://127.0.0.1:${sink.port}?starttls=off&from=warroom@warroom.test`;
  // 09-webhooks points an endpoint at a receiver on 127.0.0.1 over plain http, which a real
  // deployment refuses; this setting (config file only) allows it for the tests.
  const configPath = join(dataDir, 'warroomd.json');
  writeFileSync(configPath, JSON.stringify({ allow_http_webhooks: true }));
  const logPath = join(logDir, 'warroomd.log');
  const log = createWriteStream(logPath);
  const server = spawn(
    warroomd,
    [
      '--config',
      configPath,
      '--data-dir',
      dataDir,
      '--listen',
      `127.0.0.1:${port}`,
      '--web-root',
      webRoot,
      '--insecure-cookies',
      '--public-url',
      url,
      '--smtp',
      smtpUrl,
    ],
    { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise<void>((r) => {
        const timer = setTimeout(() => {
          server.kill('SIGKILL');
          r();
        }, 5_000);
        server.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    log.end();
    sink.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(url, server, logPath);
  } catch (error) {
    await stop();
    throw error;
  }

  process.env.WARROOM_E2E_URL = url;
  process.env.WARROOM_E2E_ADMIN_EMAIL = setup.admin_email;
  process.env.WARROOM_E2E_SETUP_SECRET = setup.setup_secret;
  process.env.WARROOM_E2E_MAIL_DIR = mailDir;
  process.env.WARROOM_E2E_AUTH_FILE = join(logDir, 'admin-session.json');
  return stop;
}
