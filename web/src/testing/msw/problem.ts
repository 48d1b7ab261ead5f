import { HttpResponse } from 'msw';

import type { Schemas } from '../../shared/api/types';
import { db } from './db';

export function problem(
  status: number,
  extra: Partial<Schemas['Problem']> = {},
): HttpResponse<Schemas['Problem']> {
  return HttpResponse.json(
    { type: 'urn:warroom:problem:test', title: `HTTP ${status}`, status, ...extra },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** The signed-in user, or a problem response to return. */
export function requireSession(
  request: Request,
  stages: Schemas['SessionStage'][] = ['full'],
): HttpResponse<Schemas['Problem']> | undefined {
  if (!db.session || !stages.includes(db.session.stage)) return problem(401);
  if (request.method !== 'GET' && request.headers.get('X-CSRF-Token') !== db.session.csrf) {
    return problem(403, { code: 'csrf' });
  }
  return undefined;
}

export function sessionBody(): Schemas['Session'] {
  if (!db.session) throw new Error('no session');
  const user = db.users.find((u) => u.id === db.session?.userId);
  if (!user) throw new Error('no user');
  const { password: _password, ...publicUser } = user;
  return { stage: db.session.stage, csrf_token: db.session.csrf, user: publicUser };
}
