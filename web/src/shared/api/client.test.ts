import { http, HttpResponse } from 'msw';

import { server } from '../../testing/msw/server';
import { api, unwrap } from './client';
import { setCsrfToken } from './csrf';
import { errorsForField, isApiError } from './errors';
import { etagFor, weakEtag } from './etags';

describe('api client', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const seen: Record<string, string | null> = {};
    server.use(
      http.get('/api/tokens', ({ request }) => {
        seen.get = request.headers.get('X-CSRF-Token');
        return HttpResponse.json({ items: [] });
      }),
      http.delete('/api/tokens/:id', ({ request }) => {
        seen.delete = request.headers.get('X-CSRF-Token');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    setCsrfToken('abc');
    await unwrap(api.GET('/api/tokens'));
    await unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id: 1 } } }));
    expect(seen).toEqual({ get: null, delete: 'abc' });
  });

  it('takes the CSRF token from the session answer', async () => {
    server.use(
      http.get('/api/auth/session', () =>
        HttpResponse.json({
          stage: 'full',
          csrf_token: 'from-session',
          user: {
            id: 1,
            email: 'a@b.test',
            display_name: 'A',
            role: 'member',
            organisation_id: 1,
            status: 'active',
            totp_enabled: true,
            version: 1,
          },
        }),
      ),
      http.post('/api/auth/logout', ({ request }) =>
        request.headers.get('X-CSRF-Token') === 'from-session'
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json({ status: 403, title: 'no', type: 'x' }, { status: 403 }),
      ),
    );
    await unwrap(api.GET('/api/auth/session'));
    await expect(unwrap(api.POST('/api/auth/logout'))).resolves.toBeUndefined();
  });

  it('remembers the ETag of the last read for the resource and its actions', async () => {
    server.use(
      http.get('/api/organisations/:id', () =>
        HttpResponse.json({}, { headers: { ETag: 'W/"7"' } }),
      ),
    );
    await unwrap(api.GET('/api/organisations/{id}', { params: { path: { id: 42 } } }));
    expect(etagFor('/api/organisations/42/spoc')).toBe('W/"7"');
    expect(etagFor('/api/organisations/43', 2)).toBe(weakEtag(2));
  });

  it('turns problem+json into a typed error with field errors', async () => {
    server.use(
      http.post('/api/users', () =>
        HttpResponse.json(
          {
            type: 'urn:warroom:problem:validation',
            title: 'Invalid',
            status: 400,
            code: 'validation',
            errors: [{ field: '/email', code: 'invalid_email', message: 'bad' }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const error = await unwrap(
      api.POST('/api/users', {
        body: { email: 'x', display_name: 'X', role: 'member', organisation_id: 1 },
      }),
    ).catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    if (!isApiError(error)) return;
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation');
    expect(errorsForField(error, 'email')).toHaveLength(1);
  });
});
