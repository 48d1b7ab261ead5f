import { http, HttpResponse } from 'msw';

import type { Schemas } from '../../../shared/api/types';
import { db } from '../db';
import { problem, requireSession, sessionBody } from '../problem';

export const authHandlers = [
  http.get('/api/auth/session', () =>
    db.session ? HttpResponse.json(sessionBody()) : problem(401),
  ),

  http.post('/api/auth/login', async ({ request }) => {
    const body = (await request.json()) as Schemas['LoginRequest'];
    const user = db.users.find((u) => u.email === body.email && u.password === body.password);
    if (!user) return problem(401, { code: 'invalid_credentials' });
    db.session = {
      stage: user.totp_enabled ? 'totp' : 'totp_enrolment',
      userId: user.id,
      csrf: 'csrf-after-login',
    };
    return HttpResponse.json(sessionBody());
  }),

  http.post('/api/auth/totp', async ({ request }) => {
    const denied = requireSession(request, ['totp']);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['TotpRequest'];
    const recoveryIndex = body.recovery_code ? db.recoveryCodes.indexOf(body.recovery_code) : -1;
    if (body.code !== db.totpCode && recoveryIndex < 0) {
      return problem(401, { code: body.recovery_code ? 'invalid_recovery_code' : 'wrong_code' });
    }
    if (recoveryIndex >= 0) db.recoveryCodes.splice(recoveryIndex, 1);
    if (db.session) db.session = { ...db.session, stage: 'full', csrf: 'csrf-full' };
    return HttpResponse.json(sessionBody());
  }),

  http.post('/api/auth/totp/enrolment', ({ request }) => {
    const denied = requireSession(request, ['totp_enrolment', 'full']);
    if (denied) return denied;
    if (db.session?.stage === 'full' && db.session.recentlyAuthenticated === false) {
      return problem(403, { code: 'reauthentication_required' });
    }
    return HttpResponse.json({
      secret: 'JBSWY3DPEHPK3PXP',
      otpauth_uri:
        'otpauth://totp/warroom:admin%40warroom.test?secret=JBSWY3DPEHPK3PXP&issuer=warroom',
    });
  }),

  http.post('/api/auth/totp/enrolment/confirm', async ({ request }) => {
    const denied = requireSession(request, ['totp_enrolment', 'full']);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['TotpConfirmRequest'];
    if (!/^[0-9]{6}$/.test(body.code)) {
      return problem(400, {
        code: 'validation',
        errors: [{ field: '/code', code: 'invalid_format', message: 'must be six digits' }],
      });
    }
    if (body.code !== db.totpCode) return problem(401, { code: 'wrong_code' });
    if (db.session) db.session = { ...db.session, stage: 'full', csrf: 'csrf-full' };
    const user = db.users.find((u) => u.id === db.session?.userId);
    if (user) user.totp_enabled = true;
    return HttpResponse.json({ recovery_codes: db.recoveryCodes, session: sessionBody() });
  }),

  http.post('/api/auth/reauthenticate', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['ReauthenticateRequest'];
    const user = db.users.find((u) => u.id === db.session?.userId);
    const ok = body.code ? body.code === db.totpCode : body.password === user?.password;
    if (!ok) return problem(401, { code: body.code ? 'wrong_code' : 'invalid_credentials' });
    if (db.session) db.session.recentlyAuthenticated = true;
    return new HttpResponse(null, { status: 204 });
  }),

  http.post('/api/auth/password', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['PasswordChangeRequest'];
    const user = db.users.find((u) => u.id === db.session?.userId);
    if (!user || body.current_password !== user.password) {
      return problem(400, {
        code: 'validation',
        errors: [{ field: '/current_password', code: 'wrong_password', message: 'wrong' }],
      });
    }
    user.password = body.new_password;
    db.otherSessions = [];
    return new HttpResponse(null, { status: 204 });
  }),

  http.get('/api/auth/sessions', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const current: Schemas['OwnSession'] = {
      id: 'cccccccccccccccc',
      current: true,
      stage: 'full',
      address: '192.0.2.1',
      created_at: '2026-11-27T08:00:00Z',
      last_seen_at: '2026-11-27T09:00:00Z',
      expires_at: '2026-11-27T09:30:00Z',
    };
    return HttpResponse.json({ items: [current, ...db.otherSessions] });
  }),

  http.delete('/api/auth/sessions/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const before = db.otherSessions.length;
    db.otherSessions = db.otherSessions.filter((s) => s.id !== String(params.id));
    return db.otherSessions.length < before
      ? new HttpResponse(null, { status: 204 })
      : problem(404);
  }),

  http.post('/api/auth/logout', ({ request }) => {
    const denied = requireSession(request, ['totp', 'totp_enrolment', 'full']);
    if (denied) return denied;
    db.session = null;
    return new HttpResponse(null, { status: 204 });
  }),

  http.post('/api/auth/password-reset', () => new HttpResponse(null, { status: 202 })),

  http.get('/api/account-links/:token', ({ params }) => {
    const link = db.links[String(params.token)];
    return link ? HttpResponse.json(link) : problem(404, { code: 'unknown_link' });
  }),

  http.post('/api/account-links/:token', async ({ params, request }) => {
    const token = String(params.token);
    const link = db.links[token];
    if (!link) return problem(404);
    const body = (await request.json()) as Schemas['SetPasswordRequest'];
    if (body.password.length < 12) {
      return problem(400, { code: 'too_short', detail: 'too_short' });
    }
    const user = db.users.find((u) => u.email === link.email);
    if (!user) return problem(404);
    user.password = body.password;
    db.links = Object.fromEntries(Object.entries(db.links).filter(([k]) => k !== token));
    db.session = {
      stage: link.totp_required ? 'totp_enrolment' : 'full',
      userId: user.id,
      csrf: 'csrf-link',
    };
    return HttpResponse.json(sessionBody());
  }),
];
