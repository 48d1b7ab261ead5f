import { test as base, expect, type Page } from '@playwright/test';
import { TOTP } from 'otpauth';

export { expect };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; global setup did not run`);
  return value;
}

export const server = {
  get url(): string {
    return required('WARROOM_E2E_URL');
  },
  get adminEmail(): string {
    return required('WARROOM_E2E_ADMIN_EMAIL');
  },
  get setupSecret(): string {
    return required('WARROOM_E2E_SETUP_SECRET');
  },
  get authFile(): string {
    return required('WARROOM_E2E_AUTH_FILE');
  },
  /** Where the SMTP sink writes the mails the server sent. */
  get mailDir(): string {
    return required('WARROOM_E2E_MAIL_DIR');
  },
};

export const ADMIN_PASSWORD = 'Nachtvlinder-oefening-2026!';

/** Tests whose browser starts with the base URL of the real server. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(server.url);
  },
});

/** Tests that start signed in as the admin that the first test set up. */
export const adminTest = test.extend({
  storageState: async ({}, use) => {
    await use(server.authFile);
  },
});

const STEP_MS = 30_000;

export function totpFor(secret: string, step: number): string {
  const totp = new TOTP({ secret: secret.replace(/\s/g, ''), digits: 6, period: 30 });
  return totp.generate({ timestamp: step * STEP_MS });
}

export function currentStep(): number {
  return Math.floor(Date.now() / STEP_MS);
}

/** Waits until the TOTP time step is past `step`, so that a fresh code can be used. */
export async function waitForStepAfter(page: Page, step: number): Promise<void> {
  const wait = (step + 1) * STEP_MS - Date.now() + 250;
  if (wait > 0) await page.waitForTimeout(wait);
}
