import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';

import { setCsrfToken } from '../shared/api/csrf';
import { clearEtags } from '../shared/api/etags';
import { resetDb } from './msw/db';
import { resetAdvisoryDb } from './msw/handlers/advisories';
import { resetIncidentDb } from './msw/handlers/incidents';
import { resetWebhookDb } from './msw/handlers/webhooks';
import { resetVerificationDb } from './msw/handlers/verification';
import { server } from './msw/server';

// jsdom on two cores is slow; give queries that wait for the network some room.
configure({ asyncUtilTimeout: 4000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  resetDb();
  resetAdvisoryDb();
  resetIncidentDb();
  resetWebhookDb();
  resetVerificationDb();
  clearEtags();
  setCsrfToken(undefined);
  window.localStorage.clear();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
