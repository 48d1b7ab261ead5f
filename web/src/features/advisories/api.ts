import { getCsrfToken } from '../../shared/api/csrf';
import { toApiError } from '../../shared/api/errors';
import { etagFor, rememberEtag } from '../../shared/api/etags';
import type {
  AckResult,
  Advisory,
  AdvisoryAttachment,
  AdvisoryInput,
  AdvisoryLink,
  AdvisoryPage,
  AdvisoryStatus,
  Audience,
  AudiencePreview,
  Board,
  BoardFilters,
  Call,
  CallInput,
  CallListItem,
  HelpRequest,
  HelpRequestInput,
  HelpRequestPatch,
  HelpStatus,
  Inbox,
  Policy,
  PolicyInput,
  RecipientDetail,
  RevisionInput,
} from './types';

// The advisories routes are not in api/openapi.yaml yet, so the typed client cannot call them.
// This small caller does what its middleware does (CSRF header on writes, ETag bookkeeping,
// problem -> ApiError); once the schema has the routes, the calls move to `api`.

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface CallOptions {
  body?: unknown;
  ifMatch?: string;
  query?: Record<string, string | number | undefined>;
}

function withQuery(path: string, query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call<T>(method: Method, path: string, options: CallOptions = {}): Promise<T> {
  const headers = new Headers({ Accept: 'application/json' });
  if (method !== 'GET') {
    const token = getCsrfToken();
    if (token) headers.set('X-CSRF-Token', token);
  }
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (options.ifMatch) headers.set('If-Match', options.ifMatch);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const response = await globalThis.fetch(
    new Request(`${origin}${withQuery(path, options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
  );
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) throw toApiError(response.status, data);
  rememberEtag(path, response.headers.get('ETag'));
  return data as T;
}

function advisoryPath(id: number): string {
  return `/api/advisories/${id}`;
}

function ifMatchAdvisory(advisory: Pick<Advisory, 'id' | 'version'>): string {
  return etagFor(advisoryPath(advisory.id), advisory.version);
}

export function listAdvisories(
  status: AdvisoryStatus | undefined,
  cursor: string | undefined,
): Promise<AdvisoryPage> {
  return call('GET', '/api/advisories', { query: { status, cursor, limit: 50 } });
}

/** One advisory; `lang` asks for the reader's language (title, `language`) as the inbox shows it. */
export function getAdvisory(id: number, lang?: string): Promise<Advisory> {
  return call('GET', advisoryPath(id), { query: { lang } });
}

export function createAdvisory(input: AdvisoryInput): Promise<Advisory> {
  return call('POST', '/api/advisories', { body: input });
}

export function updateAdvisory(advisory: Advisory, input: AdvisoryInput): Promise<Advisory> {
  return call('PUT', advisoryPath(advisory.id), {
    body: input,
    ifMatch: ifMatchAdvisory(advisory),
  });
}

export function deleteAdvisory(advisory: Advisory): Promise<void> {
  return call('DELETE', advisoryPath(advisory.id), { ifMatch: ifMatchAdvisory(advisory) });
}

/** Where the browser downloads an attachment (served as a download, never shown inline). */
export function attachmentUrl(advisoryId: number, attachmentId: number): string {
  return `${advisoryPath(advisoryId)}/attachments/${attachmentId}`;
}

/** Uploads one file to a draft: its raw bytes, the name in `?name=`. */
export async function uploadAttachment(
  advisoryId: number,
  file: File,
): Promise<AdvisoryAttachment> {
  const headers = new Headers({
    Accept: 'application/json',
    // Informative only: the server judges the kind by the bytes.
    'Content-Type': 'application/octet-stream',
  });
  const token = getCsrfToken();
  if (token) headers.set('X-CSRF-Token', token);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const path = withQuery(`${advisoryPath(advisoryId)}/attachments`, { name: file.name });
  const response = await globalThis.fetch(
    new Request(`${origin}${path}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      // The bytes, not the File: every fetch implementation sends an ArrayBuffer as is.
      body: await file.arrayBuffer(),
    }),
  );
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) throw toApiError(response.status, data);
  return data as AdvisoryAttachment;
}

export function deleteAttachment(advisoryId: number, attachmentId: number): Promise<void> {
  return call('DELETE', attachmentUrl(advisoryId, attachmentId));
}

export function previewAudience(audience: Audience): Promise<AudiencePreview> {
  return call('POST', '/api/advisories/audience-preview', { body: { audience } });
}

export function approveAdvisory(advisory: Advisory): Promise<Advisory> {
  return call('POST', `${advisoryPath(advisory.id)}/approve`, {
    ifMatch: ifMatchAdvisory(advisory),
  });
}

export function emergencySend(advisory: Advisory, reason: string): Promise<Advisory> {
  return call('POST', `${advisoryPath(advisory.id)}/send`, {
    body: { emergency_reason: reason },
    ifMatch: ifMatchAdvisory(advisory),
  });
}

export function publishRevision(advisory: Advisory, input: RevisionInput): Promise<Advisory> {
  return call('POST', `${advisoryPath(advisory.id)}/revisions`, {
    body: input,
    ifMatch: ifMatchAdvisory(advisory),
  });
}

export function withdrawAdvisory(advisory: Advisory, reason: string): Promise<Advisory> {
  return call('POST', `${advisoryPath(advisory.id)}/withdraw`, {
    body: { reason },
    ifMatch: ifMatchAdvisory(advisory),
  });
}

/** One page of the board: up to `BOARD_PAGE` organisations after `cursor`. */
export const BOARD_PAGE = 500;

export function getBoard(id: number, filters: BoardFilters, cursor?: string): Promise<Board> {
  return call('GET', `${advisoryPath(id)}/board`, {
    query: {
      state: filters.state,
      province_nis: filters.province_nis,
      limit: BOARD_PAGE,
      cursor,
    },
  });
}

export function getRecipient(id: number, organisationId: number): Promise<RecipientDetail> {
  return call('GET', `${advisoryPath(id)}/recipients/${organisationId}`);
}

export async function getCallList(id: number): Promise<CallListItem[]> {
  return (await call<{ items: CallListItem[] }>('GET', `${advisoryPath(id)}/call-list`)).items;
}

export function recordCall(id: number, organisationId: number, input: CallInput): Promise<Call> {
  return call('POST', `${advisoryPath(id)}/call-list/${organisationId}/calls`, { body: input });
}

export function getInbox(): Promise<Inbox> {
  return call('GET', '/api/inbox');
}

export function acknowledge(id: number): Promise<AckResult> {
  return call('POST', `${advisoryPath(id)}/acknowledge`);
}

export function setActionPoint(
  id: number,
  index: number,
  done: boolean,
): Promise<{ action_points_done: number[] }> {
  return call('PUT', `${advisoryPath(id)}/action-points/${index}`, { body: { done } });
}

export function getAdvisoryLink(token: string): Promise<AdvisoryLink> {
  return call('GET', `/api/advisory-links/${encodeURIComponent(token)}`);
}

export function acknowledgeLink(token: string): Promise<AckResult> {
  return call('POST', `/api/advisory-links/${encodeURIComponent(token)}/acknowledge`);
}

export async function listPolicies(): Promise<Policy[]> {
  return (await call<{ items: Policy[] }>('GET', '/api/escalation-policies')).items;
}

export function createPolicy(input: PolicyInput): Promise<Policy> {
  return call('POST', '/api/escalation-policies', { body: input });
}

export function updatePolicy(policy: Policy, input: PolicyInput): Promise<Policy> {
  const path = `/api/escalation-policies/${policy.id}`;
  return call('PUT', path, { body: input, ifMatch: etagFor(path, policy.version) });
}

export async function listHelpRequests(status: HelpStatus | undefined): Promise<HelpRequest[]> {
  return (await call<{ items: HelpRequest[] }>('GET', '/api/help-requests', { query: { status } }))
    .items;
}

export function createHelpRequest(input: HelpRequestInput): Promise<HelpRequest> {
  return call('POST', '/api/help-requests', { body: input });
}

export function updateHelpRequest(
  request: HelpRequest,
  patch: HelpRequestPatch,
): Promise<HelpRequest> {
  const path = `/api/help-requests/${request.id}`;
  return call('PATCH', path, { body: patch, ifMatch: etagFor(path, request.version) });
}
