import { defineConfig } from '@playwright/test';

import { chromiumUse } from './e2e/chromium';

// Screenshots of the built app with the API answered by the unit tests' MSW handlers
// (npm run screenshots); for reviewing layout without a server.
// Playwright's config format requires a default export.
export default defineConfig({
  testDir: './e2e/mock',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/mock',
  use: { ...chromiumUse, baseURL: 'http://127.0.0.1:4173' },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
