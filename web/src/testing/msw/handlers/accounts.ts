import { http, HttpResponse } from 'msw';

import type { Schemas } from '../../../shared/api/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

function publicUser(u: (typeof db.users)[number]): Schemas['User'] {
  const { password: _password, ...rest } = u;
  return rest;
}

export const accountHandlers = [
  http.get('/api/users', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const q = new URL(request.url).searchParams.get('q')?.toLowerCase() ?? '';
    const items = db.users
      .filter((u) => !q || `${u.display_name} ${u.email}`.toLowerCase().includes(q))
      .map(publicUser);
    return HttpResponse.json({ items, next_cursor: null });
  }),

  http.post('/api/users', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['InvitationInput'];
    const errors: Schemas['FieldError'][] = [];
    if (db.users.some((u) => u.email === body.email)) {
      errors.push({ field: '/email', code: 'duplicate', message: 'email already in use' });
    }
    if (!db.organisations.some((o) => o.id === body.organisation_id)) {
      errors.push({
        field: '/organisation_id',
        code: 'not_found',
        message: 'no such organisation',
      });
    }
    if (errors.length > 0) return problem(400, { code: 'validation', errors });
    const org = db.organisations.find((o) => o.id === body.organisation_id);
    const user = {
      id: db.nextId++,
      email: body.email,
      display_name: body.display_name,
      role: body.role,
      organisation_id: body.organisation_id,
      organisation_name: org?.name_nl,
      status: 'invited' as const,
      totp_enabled: false,
      preferred_language: body.preferred_language ?? 'nl',
      last_sign_in_at: null,
      person_id: null,
      version: 1,
      password: '',
    };
    db.users.push(user);
    return HttpResponse.json(publicUser(user), { status: 201, headers: { ETag: 'W/"1"' } });
  }),

  http.post('/api/people/:id/invite', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const caller = db.users.find((u) => u.id === db.session?.userId);
    const person = db.people.find((p) => p.id === Number(params.id));
    if (!caller || !person) return problem(404);
    const spocOfOwn = caller.role === 'spoc' && caller.organisation_id === person.organisation_id;
    if (caller.role !== 'warroom_admin' && !spocOfOwn) {
      return problem(caller.role === 'spoc' ? 404 : 403);
    }
    const body = (await request.json()) as Schemas['PersonInvitationInput'];
    if (spocOfOwn && body.role !== 'member' && body.role !== 'spoc') return problem(403);
    if (person.account) return problem(409, { code: 'conflict' });
    if (!person.work_email) {
      return problem(400, {
        code: 'validation',
        errors: [{ field: '/work_email', code: 'missing_email', message: 'no work e-mail' }],
      });
    }
    const org = db.organisations.find((o) => o.id === person.organisation_id);
    const user = {
      id: db.nextId++,
      email: person.work_email,
      display_name: person.full_name,
      role: body.role,
      organisation_id: person.organisation_id,
      organisation_name: org?.name_nl,
      status: 'invited' as const,
      totp_enabled: false,
      preferred_language: person.preferred_language,
      last_sign_in_at: null,
      person_id: person.id,
      person_name: person.full_name,
      version: 1,
      password: '',
    };
    db.users.push(user);
    person.account = { id: user.id, status: 'invited' };
    for (const o of db.organisations) {
      const shown = o.people.find((p) => p.id === person.id);
      if (shown) shown.account = person.account;
    }
    return HttpResponse.json(publicUser(user), { status: 201, headers: { ETag: 'W/"1"' } });
  }),

  http.patch('/api/me', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const user = db.users.find((u) => u.id === db.session?.userId);
    if (!user) return problem(401);
    const body = (await request.json()) as Schemas['MePatch'];
    user.preferred_language = body.preferred_language;
    user.version += 1;
    return HttpResponse.json(publicUser(user), { headers: { ETag: `W/"${user.version}"` } });
  }),

  http.patch('/api/users/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const user = db.users.find((u) => u.id === Number(params.id));
    if (!user) return problem(404);
    if (request.headers.get('If-Match') !== `W/"${user.version}"`) return problem(412);
    const body = (await request.json()) as Schemas['UserPatch'];
    if (body.role) user.role = body.role;
    if (body.disabled !== undefined) user.status = body.disabled ? 'disabled' : 'active';
    user.version += 1;
    return HttpResponse.json(publicUser(user), { headers: { ETag: `W/"${user.version}"` } });
  }),

  http.post('/api/users/:id/password-reset', ({ request }) => {
    const denied = requireSession(request);
    return denied ?? new HttpResponse(null, { status: 202 });
  }),

  http.post('/api/users/:id/totp-reset', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const user = db.users.find((u) => u.id === Number(params.id));
    if (!user) return problem(404);
    user.totp_enabled = false;
    user.version += 1;
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/tokens', ({ request }) => {
    const denied = requireSession(request);
    return denied ?? HttpResponse.json({ items: db.tokens });
  }),

  http.post('/api/tokens', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['ApiTokenInput'];
    if (db.session?.recentlyAuthenticated === false) {
      return problem(403, { code: 'reauthentication_required' });
    }
    const token = {
      id: db.nextId++,
      name: body.name,
      scopes: body.scopes,
      created_at: '2026-11-27T10:00:00Z',
      expires_at: body.expires_at ?? null,
      last_used_at: null,
    };
    db.tokens.push(token);
    return HttpResponse.json({ ...token, token: 'wr_secret_abc123' }, { status: 201 });
  }),

  http.delete('/api/tokens/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    db.tokens = db.tokens.filter((t) => t.id !== Number(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
];
