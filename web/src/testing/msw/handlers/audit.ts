import { http, HttpResponse } from 'msw';

import type { Schemas } from '../../../shared/api/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

/** A made-up audit log: `count` entries, newest (highest seq) first. */
export function auditEntries(count: number): Schemas['AuditEntry'][] {
  return Array.from({ length: count }, (_, i) => {
    const seq = count - i;
    return {
      seq,
      at: new Date(Date.UTC(2026, 10, 27, 9, 0, 0) - i * 60_000).toISOString(),
      actor_user_id: 1,
      actor_label: 'admin@warroom.test',
      action: seq === count ? 'person.update' : 'organisation.update',
      object_type: seq === count ? 'person' : 'organisation',
      object_id: seq === count ? '102' : String(seq),
      organisation_id: 1,
      before: { job_title: null, landline: '+3230001122', version: 1 },
      after: { job_title: 'DPO', landline: '+3230001122', version: 2 },
      hash: `h${seq}`,
    };
  });
}

export const auditHandlers = [
  http.get('/api/audit', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const user = db.users.find((u) => u.id === db.session?.userId);
    if (user?.role !== 'warroom_admin') return problem(403, { code: 'forbidden' });
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const items = db.audit.slice(start, start + limit);
    const next = start + limit < db.audit.length ? String(start + limit) : null;
    return HttpResponse.json({ items, next_cursor: next });
  }),
];
