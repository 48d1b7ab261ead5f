import { http, HttpResponse } from 'msw';

import type { Schemas } from '../../../shared/api/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

function summary(o: Schemas['OrganisationDetail']): Schemas['OrganisationSummary'] {
  const {
    people: _people,
    deputies: _deputies,
    providers: _providers,
    customers: _customers,
    parent: _parent,
    merged_into: _mergedInto,
    ...rest
  } = o;
  return rest;
}

const etag = (version: number): string => `W/"${version}"`;

export const directoryHandlers = [
  http.get('/api/regions', ({ request }) => {
    const denied = requireSession(request);
    return denied ?? HttpResponse.json({ items: db.regions });
  }),

  http.get('/api/provinces', ({ request }) => {
    const denied = requireSession(request);
    return denied ?? HttpResponse.json({ items: db.provinces });
  }),

  http.get('/api/directory/gaps', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const local = db.organisations.filter((o) => o.kind !== 'ict_provider');
    const count = (gap: Schemas['DirectoryGap']): number =>
      local.filter((o) => o.gaps.includes(gap)).length;
    return HttpResponse.json({
      organisations: local.length,
      no_spoc: count('no_spoc'),
      no_deputy: count('no_deputy'),
      no_out_of_band: count('no_out_of_band'),
      stale_contacts: count('stale_contacts'),
      stale_after_days: 180,
    });
  }),

  http.get('/api/organisations', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const url = new URL(request.url);
    const q = url.searchParams.get('q')?.toLowerCase() ?? '';
    const kind = url.searchParams.get('kind');
    const province = url.searchParams.get('province');
    const region = url.searchParams.get('region');
    const gap = url.searchParams.get('gap');
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const matches = db.organisations
      .filter(
        (o) =>
          !q ||
          [o.name_nl, o.name_fr, o.name_de, o.name_en, o.nis_code].some((n) =>
            n?.toLowerCase().includes(q),
          ),
      )
      .filter((o) => !kind || o.kind === kind)
      .filter((o) => !province || o.province_nis === province)
      .filter((o) => !region || o.region_nis === region)
      .filter((o) => !gap || o.gaps.includes(gap as Schemas['DirectoryGap']))
      .sort((a, b) => a.name_nl.localeCompare(b.name_nl));
    const items = matches.slice(start, start + limit).map(summary);
    const next = start + limit < matches.length ? String(start + limit) : null;
    return HttpResponse.json({ items, next_cursor: next });
  }),

  http.get('/api/organisations/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const o = db.organisations.find((x) => x.id === Number(params.id));
    if (!o) return problem(404);
    return HttpResponse.json(o, { headers: { ETag: etag(o.version) } });
  }),

  http.put('/api/organisations/:id/spoc', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const o = db.organisations.find((x) => x.id === Number(params.id));
    if (!o) return problem(404);
    const ifMatch = request.headers.get('If-Match');
    if (!ifMatch) return problem(428);
    if (ifMatch !== etag(o.version)) return problem(412, { code: 'version_mismatch' });
    const body = (await request.json()) as Schemas['SpocAssignment'];
    const byId = (id: number): Schemas['Person'] | undefined => o.people.find((p) => p.id === id);
    const errors: Schemas['FieldError'][] = [];
    if (body.spoc_id !== null && !byId(body.spoc_id)) {
      errors.push({
        field: '/spoc_id',
        code: 'not_a_member',
        message: 'not a person of this organisation',
      });
    }
    if (errors.length > 0) return problem(400, { code: 'validation', errors });
    const spoc = body.spoc_id === null ? null : byId(body.spoc_id);
    o.spoc = spoc ? { id: spoc.id, full_name: spoc.full_name } : null;
    o.deputies = body.deputy_ids
      .map(byId)
      .filter((p): p is Schemas['Person'] => Boolean(p))
      .map((p) => ({ id: p.id, full_name: p.full_name }));
    o.deputy_count = o.deputies.length;
    o.version += 1;
    return HttpResponse.json(o, { headers: { ETag: etag(o.version) } });
  }),

  http.post('/api/people/:id/verify', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const p = db.people.find((x) => x.id === Number(params.id));
    if (!p) return problem(404);
    p.verified_at = new Date().toISOString();
    p.version += 1;
    for (const o of db.organisations) {
      o.people = o.people.map((x) => (x.id === p.id ? { ...p } : x));
    }
    return HttpResponse.json(p, { headers: { ETag: etag(p.version) } });
  }),
];
