import { advisoryHandlers } from './handlers/advisories';
import { accountHandlers } from './handlers/accounts';
import { auditHandlers } from './handlers/audit';
import { authHandlers } from './handlers/auth';
import { directoryHandlers } from './handlers/directory';
import { incidentHandlers } from './handlers/incidents';
import { webhookHandlers } from './handlers/webhooks';
import { verificationHandlers } from './handlers/verification';

export const handlers = [
  ...authHandlers,
  ...directoryHandlers,
  ...accountHandlers,
  ...auditHandlers,
  ...advisoryHandlers,
  ...webhookHandlers,
  ...verificationHandlers,
  ...incidentHandlers,
];
