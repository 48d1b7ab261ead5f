import { http, HttpResponse } from 'msw';

import type {
  Advisory,
  AdvisoryInput,
  AdvisoryLink,
  Board,
  CallListItem,
  HelpRequest,
  Inbox,
  Policy,
  RecipientDetail,
} from '../../../features/advisories/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

const NOW = '2026-12-07T08:00:00Z';

/** The advisories part of the MSW database; reset before every test. */
export interface AdvisoryDb {
  advisories: Advisory[];
  policies: Policy[];
  board: Board;
  recipients: Record<number, RecipientDetail>;
  callList: CallListItem[];
  inbox: Inbox;
  links: Record<string, AdvisoryLink | 'expired'>;
  help: HelpRequest[];
  /** The bodies of the writes, newest last, for tests that check what was sent. */
  sent: { method: string; path: string; body: unknown; ifMatch: string | null }[];
}

export function advisory(partial: Partial<Advisory> = {}): Advisory {
  return {
    id: 1,
    reference: 'ADV-2026-0001',
    status: 'draft',
    severity: 'alert',
    tlp: 'amber',
    is_exercise: false,
    policy_id: 1,
    policy_name: 'Standard',
    audience: {
      all: true,
      kinds: [],
      region_nis: [],
      province_nis: [],
      provider_id: null,
      provider_service: null,
      include_provider: false,
      organisation_ids: [],
    },
    revision: 1,
    texts: {
      nl: { title: 'Kritiek lek in VPN', body: 'Patch **nu**.', action_points: ['Patchen'] },
      fr: {
        title: 'Faille VPN critique',
        body: 'Corrigez **maintenant**.',
        action_points: ['Corriger'],
      },
      en: { title: 'Critical VPN flaw', body: 'Patch **now**.', action_points: ['Patch'] },
    },
    missing_languages: [],
    author: { id: 1, name: 'Admin' },
    approved_by: null,
    approved_at: null,
    emergency_reason: null,
    sent_at: null,
    withdrawn_at: null,
    withdraw_reason: null,
    recipient_count: 0,
    counts: null,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    attachments: [],
    ...partial,
  };
}

function emptyCounts(): Board['counts'] {
  return {
    recipients: 0,
    delivered: 0,
    opened: 0,
    acknowledged: 0,
    escalated: 0,
    call_list: 0,
    refused: 0,
  };
}

function createAdvisoryDb(): AdvisoryDb {
  return {
    advisories: [],
    policies: [
      {
        id: 1,
        name: 'Standard',
        description: null,
        steps: [
          { to: 'spoc', wait_minutes: 30 },
          { to: 'each_deputy', wait_minutes: 30 },
          { to: 'call_list', wait_minutes: 0 },
        ],
        out_of_band_from: 'critical',
        is_default: true,
        version: 1,
      },
    ],
    board: { counts: emptyCounts(), items: [], next_cursor: null },
    recipients: {},
    callList: [],
    inbox: { items: [], unread: 0, unacknowledged: 0 },
    links: {},
    help: [],
    sent: [],
  };
}

export let advisoryDb: AdvisoryDb = createAdvisoryDb();

export function resetAdvisoryDb(): void {
  advisoryDb = createAdvisoryDb();
}

async function record(request: Request): Promise<unknown> {
  const text = await request.clone().text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  advisoryDb.sent.push({
    method: request.method,
    path: new URL(request.url).pathname,
    body,
    ifMatch: request.headers.get('If-Match'),
  });
  return body;
}

function find(id: string | readonly string[] | undefined): Advisory | undefined {
  return advisoryDb.advisories.find((a) => a.id === Number(id));
}

function withEtag(a: Advisory, status = 200): Response {
  return Response.json(a, { status, headers: { ETag: `W/"${a.version}"` } });
}

function currentUserId(): number | undefined {
  return db.session?.userId;
}

/** What the server detects from the first bytes (a sketch of server/core/advisory/attachment.cc). */
function sniff(bytes: Uint8Array, name: string): string | undefined {
  const head = new TextDecoder().decode(bytes.slice(0, 8));
  if (head.startsWith('%PDF-')) return 'application/pdf';
  if (bytes[0] === 0x89 && head.slice(1, 4) === 'PNG') return 'image/png';
  if (head.trimStart().startsWith('<') || bytes[0] === 0x4d) return undefined;
  return name.toLowerCase().endsWith('.csv')
    ? 'text/csv; charset=utf-8'
    : 'text/plain; charset=utf-8';
}

export const advisoryHandlers = [
  http.post('/api/advisories/:id/attachments', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    if (a.status !== 'draft') return problem(409);
    const name = new URL(request.url).searchParams.get('name') ?? '';
    const bytes = new Uint8Array(await request.arrayBuffer());
    advisoryDb.sent.push({
      method: 'POST',
      path: new URL(request.url).pathname,
      body: name,
      ifMatch: null,
    });
    const refuse = (status: number, code: string): Response =>
      problem(status, { code, errors: [{ field: '/file', code, message: code }] });
    if (bytes.length > 8 * 1024 * 1024) return refuse(413, 'attachment_too_large');
    const mediaType = sniff(bytes, name);
    if (!mediaType) return refuse(415, 'attachment_type_refused');
    const attachment = {
      id: a.attachments.length + 1,
      name,
      media_type: mediaType,
      size: bytes.length,
      sha256: '0'.repeat(64),
      uploaded_by: { id: currentUserId() ?? 0, name: 'Admin' },
      uploaded_at: 1_796_630_400_000,
    };
    a.attachments.push(attachment);
    return Response.json(attachment, { status: 201 });
  }),
  http.delete('/api/advisories/:id/attachments/:aid', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    await record(request);
    a.attachments = a.attachments.filter((x) => x.id !== Number(params.aid));
    return new HttpResponse(null, { status: 204 });
  }),
  http.get('/api/advisories', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const status = new URL(request.url).searchParams.get('status');
    const items = advisoryDb.advisories
      .filter((a) => !status || a.status === status)
      .map((a) => ({
        id: a.id,
        reference: a.reference,
        status: a.status,
        severity: a.severity,
        tlp: a.tlp,
        is_exercise: a.is_exercise,
        title: a.texts.en?.title ?? a.texts.nl?.title ?? '',
        sent_at: a.sent_at,
        recipient_count: a.recipient_count,
        counts: a.counts,
        updated_at: a.updated_at,
      }));
    return HttpResponse.json({ items, next_cursor: null });
  }),
  http.post('/api/advisories/audience-preview', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await record(request)) as { audience: AdvisoryInput['audience'] };
    const organisations = db.organisations.filter(
      (o) =>
        body.audience.all ||
        body.audience.kinds.includes(o.kind) ||
        body.audience.organisation_ids.includes(o.id) ||
        (o.province_nis !== null &&
          o.province_nis !== undefined &&
          body.audience.province_nis.includes(o.province_nis)),
    );
    return HttpResponse.json({
      count: organisations.length,
      items: organisations.map((o) => ({
        id: o.id,
        name: o.name_nl,
        kind: o.kind,
        province_nis: o.province_nis ?? null,
      })),
    });
  }),
  http.post('/api/advisories', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const input = (await record(request)) as AdvisoryInput;
    const id = advisoryDb.advisories.length + 1;
    const a = advisory({
      ...input,
      id,
      reference: `ADV-2026-${String(id).padStart(4, '0')}`,
      author: { id: currentUserId() ?? 0, name: 'Admin' },
    });
    advisoryDb.advisories.push(a);
    return withEtag(a, 201);
  }),
  http.get('/api/advisories/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    return a ? withEtag(a) : problem(404);
  }),
  http.put('/api/advisories/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    const input = (await record(request)) as AdvisoryInput;
    if (request.headers.get('If-Match') !== `W/"${a.version}"`) return problem(412);
    Object.assign(a, input, { version: a.version + 1 });
    return withEtag(a);
  }),
  http.delete('/api/advisories/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    await record(request);
    advisoryDb.advisories = advisoryDb.advisories.filter((a) => a.id !== Number(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
  http.post('/api/advisories/:id/approve', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    await record(request);
    if (a.author.id === currentUserId()) return problem(403, { code: 'four_eyes' });
    Object.assign(a, {
      status: 'sent',
      approved_by: { id: currentUserId() ?? 0, name: 'Other' },
      approved_at: NOW,
      sent_at: NOW,
      version: a.version + 1,
    });
    return withEtag(a);
  }),
  http.post('/api/advisories/:id/send', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    const body = (await record(request)) as { emergency_reason: string };
    Object.assign(a, {
      status: 'sent',
      emergency_reason: body.emergency_reason,
      sent_at: NOW,
      version: a.version + 1,
    });
    return withEtag(a);
  }),
  http.post('/api/advisories/:id/withdraw', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    const body = (await record(request)) as { reason: string };
    Object.assign(a, { status: 'withdrawn', withdraw_reason: body.reason, version: a.version + 1 });
    return withEtag(a);
  }),
  http.post('/api/advisories/:id/revisions', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const a = find(params.id);
    if (!a) return problem(404);
    const body = (await record(request)) as { texts: Advisory['texts'] };
    Object.assign(a, { texts: body.texts, revision: a.revision + 1, version: a.version + 1 });
    return withEtag(a);
  }),
  http.get('/api/advisories/:id/board', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const url = new URL(request.url);
    const state = url.searchParams.get('state') ?? 'all';
    const province = url.searchParams.get('province_nis');
    const items = advisoryDb.board.items.filter(
      (i) =>
        (state === 'all' ||
          (state === 'acknowledged' && i.acknowledged) ||
          (state === 'unacknowledged' && !i.acknowledged) ||
          (state === 'call_list' && i.on_call_list) ||
          (state === 'refused' && i.refused) ||
          (state === 'escalated' && i.stage > 1)) &&
        (!province || i.organisation.province_nis === province),
    );
    // Pages by organisation id after the cursor, as the server does.
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const after = Number(url.searchParams.get('cursor') ?? 0);
    const rest = items.filter((i) => i.organisation.id > after);
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    return HttpResponse.json({
      ...advisoryDb.board,
      items: page,
      next_cursor: rest.length > limit && last ? String(last.organisation.id) : null,
    });
  }),
  http.get('/api/advisories/:id/recipients/:org', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const detail = advisoryDb.recipients[Number(params.org)];
    return detail ? HttpResponse.json(detail) : problem(404);
  }),
  http.get('/api/advisories/:id/call-list', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return HttpResponse.json({ items: advisoryDb.callList });
  }),
  http.post('/api/advisories/:id/call-list/:org/calls', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await record(request)) as Record<string, unknown>;
    return HttpResponse.json({ id: 99, at: NOW, by: 'Admin', ...body }, { status: 201 });
  }),
  http.post('/api/advisories/:id/acknowledge', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    await record(request);
    const a = find(params.id);
    const acknowledged = { at: NOW, channel: 'app' as const, by: 'Ann Voorbeeld' };
    if (a?.organisation_state) a.organisation_state.acknowledged = acknowledged;
    return HttpResponse.json({ acknowledged, already: false });
  }),
  http.put('/api/advisories/:id/action-points/:n', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await record(request)) as { done: boolean };
    const a = find(params.id);
    const state = a?.organisation_state;
    if (!state) return problem(404);
    const n = Number(params.n);
    state.action_points_done = body.done
      ? [...new Set([...state.action_points_done, n])]
      : state.action_points_done.filter((x) => x !== n);
    return HttpResponse.json({ action_points_done: state.action_points_done });
  }),
  http.get('/api/inbox', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return HttpResponse.json(advisoryDb.inbox);
  }),
  http.get('/api/advisory-links/:token', ({ params }) => {
    const link = advisoryDb.links[String(params.token)];
    if (link === 'expired') return problem(410, { code: 'link_expired' });
    return link ? HttpResponse.json(link) : problem(404, { code: 'link_unknown' });
  }),
  http.post('/api/advisory-links/:token/acknowledge', async ({ request, params }) => {
    await record(request);
    const link = advisoryDb.links[String(params.token)];
    if (!link || link === 'expired') return problem(404);
    const already = link.acknowledged !== null;
    link.acknowledged ??= { at: NOW, channel: 'link', by: link.person.name };
    return HttpResponse.json({ acknowledged: link.acknowledged, already });
  }),
  http.get('/api/escalation-policies', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return HttpResponse.json({ items: advisoryDb.policies });
  }),
  http.post('/api/escalation-policies', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const input = (await record(request)) as Omit<Policy, 'id' | 'version' | 'is_default'>;
    const policy = { ...input, id: advisoryDb.policies.length + 1, is_default: false, version: 1 };
    advisoryDb.policies.push(policy);
    return HttpResponse.json(policy, { status: 201 });
  }),
  http.put('/api/escalation-policies/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const policy = advisoryDb.policies.find((p) => p.id === Number(params.id));
    if (!policy) return problem(404);
    const input = (await record(request)) as Partial<Policy>;
    Object.assign(policy, input, { version: policy.version + 1 });
    return HttpResponse.json(policy);
  }),
  http.get('/api/help-requests', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const status = new URL(request.url).searchParams.get('status');
    return HttpResponse.json({
      items: advisoryDb.help.filter((h) => !status || h.status === status),
    });
  }),
  http.post('/api/help-requests', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await record(request)) as { subject: string; body: string };
    return HttpResponse.json({ id: 50, ...body }, { status: 201 });
  }),
  http.patch('/api/help-requests/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const h = advisoryDb.help.find((x) => x.id === Number(params.id));
    if (!h) return problem(404);
    const patch = (await record(request)) as {
      status?: HelpRequest['status'];
      owner_user_id?: number;
    };
    if (patch.status) h.status = patch.status;
    if (patch.owner_user_id !== undefined) h.owner = { id: patch.owner_user_id, name: 'Admin' };
    h.version += 1;
    return HttpResponse.json(h);
  }),
];
