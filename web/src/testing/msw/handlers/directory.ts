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

function currentUser(): Schemas['User'] | undefined {
  return db.users.find((u) => u.id === db.session?.userId);
}

function isWarroom(user: Schemas['User']): boolean {
  return user.role === 'warroom_admin' || user.role === 'warroom_analyst';
}

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
    const url = new URL(request.url);
    const kind = url.searchParams.get('kind');
    const province = url.searchParams.get('province');
    const region = url.searchParams.get('region');
    const user = currentUser();
    const local = db.organisations
      .filter((o) => o.kind !== 'ict_provider')
      .filter((o) => !user || isWarroom(user) || o.id === user.organisation_id)
      .filter((o) => !kind || o.kind === kind)
      .filter((o) => !province || o.province_nis === province)
      .filter((o) => !region || o.region_nis === region);
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
    const user = currentUser();
    const matches = db.organisations
      .filter((o) => !user || isWarroom(user) || o.id === user.organisation_id)
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
      .sort(
        (a, b) =>
          (url.searchParams.get('sort') === 'gaps' ? b.gaps.length - a.gaps.length : 0) ||
          a.name_nl.localeCompare(b.name_nl),
      );
    const items = matches.slice(start, start + limit).map(summary);
    const next = start + limit < matches.length ? String(start + limit) : null;
    return HttpResponse.json({
      items,
      next_cursor: next,
      ...(url.searchParams.has('cursor') ? {} : { total: matches.length }),
    });
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

  http.patch('/api/organisations/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const o = db.organisations.find((x) => x.id === Number(params.id));
    if (!o) return problem(404);
    const user = currentUser();
    if (!user || !isWarroom(user)) return problem(403, { code: 'forbidden' });
    if (request.headers.get('If-Match') !== etag(o.version)) {
      return problem(412, { code: 'version_mismatch' });
    }
    const patch = (await request.json()) as Schemas['OrganisationPatch'];
    const region = patch.region_nis === undefined ? o.region_nis : patch.region_nis;
    const provinceNis = patch.province_nis === undefined ? o.province_nis : patch.province_nis;
    const province = db.provinces.find((p) => p.nis_code === provinceNis);
    if (province && region && province.region_nis !== region) {
      return problem(400, {
        code: 'validation',
        errors: [{ field: '/province_nis', code: 'province_not_in_region', message: 'x' }],
      });
    }
    const ref = (id: number | null | undefined): Schemas['OrganisationRef'] | null => {
      const found = db.organisations.find((x) => x.id === id);
      return found ? { id: found.id, name_nl: found.name_nl, name_fr: found.name_fr } : null;
    };
    const { parent_id: parentId, merged_into_id: mergedIntoId, ...fields } = patch;
    Object.assign(o, fields);
    if (parentId !== undefined) o.parent = ref(parentId);
    if (mergedIntoId !== undefined) o.merged_into = ref(mergedIntoId);
    o.version += 1;
    return HttpResponse.json(summary(o), { headers: { ETag: etag(o.version) } });
  }),

  http.post('/api/organisations/:id/people', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const o = db.organisations.find((x) => x.id === Number(params.id));
    if (!o) return problem(404);
    const body = (await request.json()) as Schemas['PersonInput'];
    if (body.mobile && !/^\+?[0-9 ]{8,}$/.test(body.mobile)) {
      return problem(400, {
        code: 'validation',
        errors: [{ field: '/mobile', code: 'invalid_phone', message: 'x' }],
      });
    }
    const person: Schemas['Person'] = {
      id: db.nextId++,
      organisation_id: o.id,
      full_name: body.full_name,
      job_title: body.job_title ?? null,
      work_email: body.work_email ?? null,
      oob_email: body.oob_email ?? null,
      mobile: body.mobile?.replace(/ /g, '') ?? null,
      landline: body.landline?.replace(/ /g, '') ?? null,
      preferred_language: body.preferred_language ?? 'nl',
      roles: body.roles ?? [],
      verified_at: null,
      is_demo: false,
      version: 1,
    };
    db.people.push(person);
    o.people = [...o.people, person];
    return HttpResponse.json(person, { status: 201, headers: { ETag: etag(1) } });
  }),

  http.patch('/api/people/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const p = db.people.find((x) => x.id === Number(params.id));
    if (!p) return problem(404);
    if (request.headers.get('If-Match') !== etag(p.version)) {
      return problem(412, { code: 'version_mismatch' });
    }
    const patch = (await request.json()) as Schemas['PersonPatch'];
    Object.assign(p, patch);
    p.version += 1;
    for (const o of db.organisations) {
      o.people = o.people.map((x) => (x.id === p.id ? { ...p } : x));
    }
    return HttpResponse.json(p, { headers: { ETag: etag(p.version) } });
  }),

  http.post('/api/services', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await request.json()) as Schemas['ProviderServiceInput'];
    const provider = db.organisations.find((x) => x.id === body.provider_id);
    const customer = db.organisations.find((x) => x.id === body.customer_id);
    if (!provider || !customer) return problem(400, { code: 'validation' });
    const service: Schemas['ProviderService'] = {
      id: db.nextId++,
      provider: { id: provider.id, name_nl: provider.name_nl },
      customer: { id: customer.id, name_nl: customer.name_nl },
      service: body.service,
      description: body.description ?? null,
    };
    provider.customers.push(service);
    customer.providers.push(service);
    return HttpResponse.json(service, { status: 201 });
  }),

  http.delete('/api/services/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const id = Number(params.id);
    let found = false;
    for (const o of db.organisations) {
      found ||= o.customers.some((s) => s.id === id) || o.providers.some((s) => s.id === id);
      o.customers = o.customers.filter((s) => s.id !== id);
      o.providers = o.providers.filter((s) => s.id !== id);
    }
    return found ? new HttpResponse(null, { status: 204 }) : problem(404);
  }),

  ...(['organisations', 'people'] as const).map((kind) =>
    http.post(`/api/imports/${kind}`, async ({ request }) => {
      const denied = requireSession(request);
      if (denied) return denied;
      const user = currentUser();
      if (!user || !isWarroom(user)) return problem(403, { code: 'forbidden' });
      if (!request.headers.get('Content-Type')?.startsWith('text/csv')) {
        return problem(415, { code: 'content_type_must_be_csv' });
      }
      const dryRun = new URL(request.url).searchParams.get('dry_run') === 'true';
      const lines = (await request.text()).split(/\r?\n/).filter((l) => l !== '');
      const header = lines[0]?.split(',') ?? [];
      const required = kind === 'organisations' ? 'name_nl' : 'full_name';
      const column = header.indexOf(required) + 1;
      const errors: Schemas['FieldError'][] = [];
      if (column === 0) {
        errors.push({ field: required, line: 1, column: 0, code: 'missing_column', message: 'x' });
      }
      lines.slice(1).forEach((line, i) => {
        if (column > 0 && !line.split(',')[column - 1]) {
          errors.push({ field: required, line: i + 2, column, code: 'required', message: 'x' });
        }
      });
      if (errors.length > 0) return problem(422, { code: 'validation', errors });
      const rows = lines.length - 1;
      if (!dryRun) db.imported.push(...lines.slice(1));
      return HttpResponse.json({
        dry_run: dryRun,
        rows,
        created: rows,
        updated: 0,
        ignored_columns: header.filter((h) => h.startsWith('x_')),
      });
    }),
  ),
];
