import createClient, { type Middleware } from 'openapi-fetch';

import { getCsrfToken, setCsrfToken } from './csrf';
import { toApiError } from './errors';
import { rememberEtag } from './etags';
import type { paths } from './schema.gen';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sessionMiddleware: Middleware = {
  async onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = getCsrfToken();
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
  async onResponse({ request, response }) {
    const url = new URL(request.url);
    if (response.ok) {
      rememberEtag(url.pathname, response.headers.get('ETag'));
      if (url.pathname.startsWith('/api/auth/') || url.pathname.startsWith('/api/account-links/')) {
        const body: unknown = await response
          .clone()
          .json()
          .catch(() => undefined);
        const session = findSession(body);
        if (session) setCsrfToken(session.csrf_token);
      }
    }
    return response;
  },
};

function findSession(body: unknown): { csrf_token: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if ('csrf_token' in body && typeof body.csrf_token === 'string') {
    return { csrf_token: body.csrf_token };
  }
  if ('session' in body) return findSession(body.session);
  return undefined;
}

function baseUrl(): string {
  return typeof window === 'undefined' ? '' : window.location.origin;
}

/** The one API client of the app: same-origin cookies, CSRF header, ETag bookkeeping. */
export const api = createClient<paths>({
  baseUrl: baseUrl(),
  credentials: 'same-origin',
  // Looked up on every call, so that test doubles installed later are used.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(sessionMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the body of a successful call, or throws an ApiError built from the problem. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}
