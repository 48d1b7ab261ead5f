import { http, HttpResponse } from 'msw';

import type { Webhook, WebhookInput, WebhookPatch } from '../../../features/webhooks/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

const NOW = '2026-12-07T08:00:00Z';

/** The webhooks part of the MSW database; reset before every test. */
export interface WebhookDb {
  webhooks: Webhook[];
  /** The secret the next create or rotate returns. */
  nextSecret: string;
  /** The writes, newest last, for tests that check what was sent. */
  sent: { method: string; path: string; body: unknown; ifMatch: string | null }[];
  nextDelivery: number;
}

export function webhook(partial: Partial<Webhook> = {}): Webhook {
  return {
    id: 1,
    organisation_id: null,
    url: 'https://hooks.warroom.example/in',
    description: 'War room chat',
    active: true,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    last_success_at: null,
    last_failure_at: null,
    last_error: null,
    ...partial,
  };
}

function createWebhookDb(): WebhookDb {
  return {
    webhooks: [
      webhook(),
      webhook({
        id: 2,
        organisation_id: 1,
        url: 'https://tickets.oefenstad.example/warroom',
        description: 'Ticketing',
        last_success_at: '2026-12-06T10:00:00Z',
        last_failure_at: '2026-12-06T11:00:00Z',
        last_error: 'HTTP 503',
      }),
    ],
    nextSecret: 'whsec-test-0123456789abcdef',
    sent: [],
    nextDelivery: 900,
  };
}

export let webhookDb: WebhookDb = createWebhookDb();

export function resetWebhookDb(): void {
  webhookDb = createWebhookDb();
}

async function record(request: Request): Promise<unknown> {
  const text = await request.clone().text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  webhookDb.sent.push({
    method: request.method,
    path: new URL(request.url).pathname,
    body,
    ifMatch: request.headers.get('If-Match'),
  });
  return body;
}

function currentUser(): (typeof db.users)[number] | undefined {
  return db.users.find((u) => u.id === db.session?.userId);
}

/** Who manages which endpoint, as the server decides: the admin all, a SPOC her own. */
function manages(w: Webhook): boolean {
  const user = currentUser();
  if (user?.role === 'warroom_admin') return true;
  return user?.role === 'spoc' && w.organisation_id === user.organisation_id;
}

function find(id: string | readonly string[] | undefined): Webhook | undefined {
  const w = webhookDb.webhooks.find((x) => x.id === Number(id));
  return w && manages(w) ? w : undefined;
}

/** The server's URL rule, enough for the tests: https only, no private addresses. */
function urlErrors(url: string): ReturnType<typeof problem> | undefined {
  const error = (code: string, message: string): ReturnType<typeof problem> =>
    problem(400, { code: 'validation', errors: [{ field: '/url', code, message }] });
  if (!url.startsWith('https://'))
    return error('url_not_https', 'the URL must start with https://');
  if (/^https:\/\/(127\.|10\.|192\.168\.|localhost)/.test(url)) {
    return error('url_host_not_allowed', 'the host is a loopback or private address');
  }
  return undefined;
}

const etag = (w: Webhook): string => `W/"${w.version}"`;

export const webhookHandlers = [
  http.get('/api/webhooks', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return HttpResponse.json({ items: webhookDb.webhooks.filter(manages) });
  }),
  http.post('/api/webhooks', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const input = (await record(request)) as WebhookInput;
    const invalid = urlErrors(input.url);
    if (invalid) return invalid;
    const user = currentUser();
    const organisation_id =
      user?.role === 'spoc' ? user.organisation_id : (input.organisation_id ?? null);
    const w = webhook({
      id: Math.max(0, ...webhookDb.webhooks.map((x) => x.id)) + 1,
      organisation_id,
      url: input.url,
      description: input.description ?? '',
      active: input.active ?? true,
    });
    webhookDb.webhooks.push(w);
    return HttpResponse.json(
      { ...w, secret: webhookDb.nextSecret },
      { status: 201, headers: { ETag: etag(w) } },
    );
  }),
  http.get('/api/webhooks/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const w = find(params.id);
    if (!w) return problem(404);
    return HttpResponse.json(w, { headers: { ETag: etag(w) } });
  }),
  http.patch('/api/webhooks/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const w = find(params.id);
    if (!w) return problem(404);
    const patch = (await record(request)) as WebhookPatch;
    const ifMatch = request.headers.get('If-Match');
    if (!ifMatch) return problem(428, { code: 'if_match_required' });
    if (ifMatch !== etag(w)) return problem(412, { code: 'version_mismatch' });
    if (patch.url !== undefined) {
      const invalid = urlErrors(patch.url);
      if (invalid) return invalid;
    }
    Object.assign(w, patch, { version: w.version + 1 });
    return HttpResponse.json(w, { headers: { ETag: etag(w) } });
  }),
  http.delete('/api/webhooks/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const w = find(params.id);
    if (!w) return problem(404);
    await record(request);
    webhookDb.webhooks = webhookDb.webhooks.filter((x) => x !== w);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post('/api/webhooks/:id/rotate', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const w = find(params.id);
    if (!w) return problem(404);
    await record(request);
    w.version += 1;
    return HttpResponse.json(
      { ...w, secret: webhookDb.nextSecret },
      { headers: { ETag: etag(w) } },
    );
  }),
  http.post('/api/webhooks/:id/test', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const w = find(params.id);
    if (!w) return problem(404);
    await record(request);
    return HttpResponse.json({ delivery_id: webhookDb.nextDelivery++ }, { status: 202 });
  }),
];
