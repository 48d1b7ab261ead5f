import { defineConfig } from '@playwright/test';

import { chromiumUse } from './e2e/chromium';

// Browser tests against the real warroomd (see e2e/global-setup.ts). Serial and one worker: the
// tests share one server and one admin account, and the machine has two cores.
// Playwright's config format requires a default export.
export default defineConfig({
  testDir: './e2e',
  testIgnore: ['mock/**'],
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    ...chromiumUse,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
