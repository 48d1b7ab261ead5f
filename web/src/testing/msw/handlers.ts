import { accountHandlers } from './handlers/accounts';
import { authHandlers } from './handlers/auth';
import { directoryHandlers } from './handlers/directory';

export const handlers = [...authHandlers, ...directoryHandlers, ...accountHandlers];
