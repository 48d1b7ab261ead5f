import { api, unwrap } from '../../shared/api/client';
import type { AuditPage } from './types';

export const AUDIT_PAGE_SIZE = 50;

/** A page of the audit log, newest first. */
export function listAudit(cursor: string | undefined): Promise<AuditPage> {
  return unwrap(api.GET('/api/audit', { params: { query: { cursor, limit: AUDIT_PAGE_SIZE } } }));
}
