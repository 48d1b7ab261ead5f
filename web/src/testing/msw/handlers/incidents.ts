import { http, HttpResponse } from 'msw';

import type {
  CriticalService,
  Incident,
  IncidentService,
  IncidentServiceInput,
  IncidentDeclaration,
  IncidentPatch,
  IncidentStatus,
  LegalClock,
  Taxonomy,
  TimelineEntry,
  TimelineEntryInput,
  TimelinePerson,
} from '../../../features/incidents/types';
import { db } from '../db';
import { problem, requireSession } from '../problem';

const NOW = '2026-12-07T08:00:00Z';
const HOUR = 3_600_000;

/** The incidents part of the MSW database; reset before every test. */
export interface IncidentDb {
  incidents: Incident[];
  /** Every incident's timeline entries; a RED one is listed only to the users named on it. */
  timeline: TimelineEntry[];
  /** Who may read an incident (GET /api/incidents/{id}/people), the same for each. */
  people: TimelinePerson[];
  taxonomy: Taxonomy;
  /** The maintained list of critical services (names in English here). */
  criticalServices: CriticalService[];
  /** Every incident's services. */
  services: IncidentService[];
  /** The writes, newest last, for tests that check what was sent. */
  sent: { method: string; path: string; body: unknown; ifMatch: string | null }[];
  nextId: number;
}

/** Where the workflow allows an incident to go next (a sketch of core/incident/workflow.cc). */
const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  reported: ['triage', 'containment', 'closed'],
  triage: ['containment', 'closed'],
  containment: ['eradication', 'recovery', 'closed'],
  eradication: ['recovery', 'containment', 'closed'],
  recovery: ['closed', 'containment'],
  closed: ['triage'],
};

function needsReason(from: IncidentStatus, to: IncidentStatus): boolean {
  if (from === 'closed') return true;
  if (to === 'closed') return from !== 'recovery';
  return to === 'containment' && (from === 'eradication' || from === 'recovery');
}

function clock(kind: LegalClock['kind'], due: number, doneAt: string | null, ref: string | null) {
  const secondsLeft = Math.round((due - Date.now()) / 1000);
  return {
    kind,
    due_at: new Date(due).toISOString(),
    due_local: new Date(due).toISOString(),
    done: doneAt !== null,
    done_at: doneAt,
    reference: doneAt !== null ? ref : null,
    seconds_left: doneAt !== null ? null : secondsLeft,
    overdue: doneAt === null && secondsLeft < 0,
  } satisfies LegalClock;
}

/** The clocks that apply, counted from became_aware_at (the month of NIS2 is 30 days here). */
function withClocks(x: Incident): Incident {
  const aware = new Date(x.became_aware_at).getTime();
  const clocks: LegalClock[] = [];
  if (x.personal_data) {
    clocks.push(
      clock('gdpr_notification', aware + 72 * HOUR, x.gdpr_notified_at, x.gdpr_reference),
    );
  }
  if (x.nis2_applicable) {
    clocks.push(
      clock('nis2_early_warning', aware + 24 * HOUR, x.nis2_early_warning_at, x.nis2_reference),
      clock('nis2_notification', aware + 72 * HOUR, x.nis2_notification_at, x.nis2_reference),
      clock('nis2_final_report', aware + 792 * HOUR, x.nis2_final_report_at, x.nis2_reference),
    );
  }
  return { ...x, clocks, next_statuses: NEXT[x.status] };
}

export function incident(partial: Partial<Incident> = {}): Incident {
  return withClocks({
    id: 1,
    organisation: { id: 1, name: 'Oefenstad' },
    title: 'Ransomware op de fileserver',
    what_happened: 'Bestanden versleuteld.\nLosgeldbrief op elke pc.',
    detected_at: NOW,
    became_aware_at: NOW,
    declared_at: NOW,
    declared_by: 'Ann Voorbeeld',
    severity: 1,
    rsit_class: 'malicious-code',
    rsit_type: 'ransomware',
    status: 'reported',
    next_statuses: [],
    local_lead: 'Ann Voorbeeld',
    callback_number: '+32 499 00 11 01',
    is_exercise: false,
    tlp: 'amber',
    tlp_label: 'TLP:AMBER',
    personal_data: false,
    nis2_applicable: false,
    gdpr_notified_at: null,
    gdpr_reference: null,
    nis2_early_warning_at: null,
    nis2_notification_at: null,
    nis2_final_report_at: null,
    nis2_reference: null,
    clocks: [],
    closed_at: null,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    ...partial,
  });
}

export function timelineEntry(partial: Partial<TimelineEntry> = {}): TimelineEntry {
  const tlp = partial.tlp ?? 'amber';
  return {
    id: 1,
    incident_id: 1,
    kind: 'observation',
    text: 'Losgeldbrief op de fileserver.',
    happened_at: '2026-12-07T07:00:00Z',
    written_at: '2026-12-07T07:30:00Z',
    author: { id: 2, name: 'Ann Voorbeeld' },
    tlp,
    tlp_label: `TLP:${tlp.toUpperCase()}`,
    corrects: null,
    corrected_by: [],
    audience: null,
    named: [],
    ...partial,
  };
}

function criticalService(key: string, name: string, position: number): CriticalService {
  return {
    key,
    name,
    names: { nl: name, fr: name, en: name, de: name },
    position,
    active: true,
    version: 1,
  };
}

/** A service of an incident, down since two hours before NOW unless told otherwise. */
export function incidentService(partial: Partial<IncidentService> = {}): IncidentService {
  return {
    incident_id: 1,
    service_key: 'email',
    status: 'down',
    since: new Date(Date.parse(NOW) - 2 * HOUR).toISOString(),
    restore_target: null,
    restored_at: null,
    note: '',
    outage_seconds: 7200,
    overdue: false,
    version: 1,
    updated_at: NOW,
    ...partial,
  };
}

function severity(level: number, label: string, definition: string) {
  return { level, label, definition };
}

function createIncidentDb(): IncidentDb {
  return {
    incidents: [],
    timeline: [],
    criticalServices: [
      criticalService('population_register', 'Population register', 10),
      criticalService('email', 'E-mail', 40),
      criticalService('website', 'Website', 50),
      criticalService('payroll', 'Payroll and HR', 90),
    ],
    services: [],
    people: [
      { id: 1, name: 'Wanda Admin', organisation: { id: 9, name: 'War room' } },
      { id: 2, name: 'Ann Voorbeeld', organisation: { id: 1, name: 'Oefenstad' } },
      { id: 3, name: 'Piet Analist', organisation: { id: 9, name: 'War room' } },
    ],
    taxonomy: {
      language: 'en',
      classes: [
        {
          key: 'malicious-code',
          name: 'Malicious code',
          types: [
            { key: 'ransomware', name: 'Ransomware', description: 'Files encrypted for ransom.' },
            { key: 'worm', name: 'Worm', description: 'Self-spreading malware.' },
          ],
        },
        {
          key: 'fraud',
          name: 'Fraud',
          types: [{ key: 'phishing', name: 'Phishing', description: 'Masquerading to steal.' }],
        },
      ],
      severities: [
        severity(1, 'Critical', 'Essential services to citizens are down.'),
        severity(2, 'High', 'Several services are down or degraded.'),
        severity(3, 'Medium', 'One service is affected.'),
        severity(4, 'Low', 'No service is affected.'),
      ],
      statuses: ['reported', 'triage', 'containment', 'eradication', 'recovery', 'closed'],
    },
    sent: [],
    nextId: 100,
  };
}

export let incidentDb: IncidentDb = createIncidentDb();

export function resetIncidentDb(): void {
  incidentDb = createIncidentDb();
}

async function record(request: Request): Promise<unknown> {
  const text = await request.clone().text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  incidentDb.sent.push({
    method: request.method,
    path: new URL(request.url).pathname,
    body,
    ifMatch: request.headers.get('If-Match'),
  });
  return body;
}

function find(id: string | readonly string[] | undefined): Incident | undefined {
  return incidentDb.incidents.find((x) => x.id === Number(id));
}

function withEtag(x: Incident, status = 200): Response {
  return Response.json(x, { status, headers: { ETag: `W/"${x.version}"` } });
}

function store(x: Incident): Incident {
  const next = withClocks({ ...x, tlp_label: `TLP:${x.tlp.toUpperCase()}` });
  incidentDb.incidents = incidentDb.incidents.map((y) => (y.id === x.id ? next : y));
  return next;
}

function invalid(field: string, code: string): Response {
  return problem(400, {
    code: 'validation',
    errors: [{ field: `/${field}`, code, message: code }],
  });
}

function readsIncidents(): boolean {
  const role = db.users.find((u) => u.id === db.session?.userId)?.role;
  return role !== 'provider' && role !== 'auditor' && role !== 'observer';
}

/** The entries of incident `id` the signed-in user may see, with their visible corrections. */
function visibleTimeline(id: number): TimelineEntry[] {
  const me = db.session?.userId;
  const visible = incidentDb.timeline.filter(
    (e) => e.incident_id === id && (e.tlp !== 'red' || e.named.some((p) => p.id === me)),
  );
  return visible
    .map((e) => ({
      ...e,
      corrected_by: visible.filter((c) => c.corrects === e.id).map((c) => c.id),
    }))
    .sort((a, b) => b.happened_at.localeCompare(a.happened_at) || b.id - a.id);
}

export const incidentHandlers = [
  http.get('/api/critical-services', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const lang = new URL(request.url).searchParams.get('lang') ?? 'nl';
    return HttpResponse.json({
      language: lang as 'nl' | 'fr' | 'en' | 'de',
      items: incidentDb.criticalServices.filter((c) => c.active),
    });
  }),
  http.get('/api/recovery', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    if (!readsIncidents()) return problem(403, { code: 'role_not_permitted' });
    const items = incidentDb.services
      .filter((v) => v.status !== 'restored')
      .flatMap((v) => {
        const x = incidentDb.incidents.find((i) => i.id === v.incident_id);
        if (!x || x.status === 'closed') return [];
        return [
          {
            ...v,
            incident: {
              id: x.id,
              title: x.title,
              severity: x.severity,
              is_exercise: x.is_exercise,
              organisation: x.organisation,
            },
          },
        ];
      })
      .sort((a, b) => a.since.localeCompare(b.since));
    return HttpResponse.json({ items });
  }),
  http.get('/api/incidents/:id/services', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    if (!readsIncidents()) return problem(403, { code: 'role_not_permitted' });
    const x = find(params.id);
    if (!x) return problem(404);
    return HttpResponse.json({ items: incidentDb.services.filter((v) => v.incident_id === x.id) });
  }),
  http.put('/api/incidents/:id/services/:key', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const x = find(params.id);
    if (!x) return problem(404);
    const key = String(params.key);
    const body = (await record(request)) as IncidentServiceInput;
    const before = incidentDb.services.find((v) => v.incident_id === x.id && v.service_key === key);
    const ifMatch = request.headers.get('If-Match');
    if (before && !ifMatch) return problem(428, { code: 'if_match_required' });
    if (before && ifMatch !== `W/"${before.version}"`) return problem(412);
    if (!before && !incidentDb.criticalServices.some((c) => c.key === key)) {
      return invalid('service_key', 'unknown_service');
    }
    const restored = body.status === 'restored';
    const next = incidentService({
      ...before,
      incident_id: x.id,
      service_key: key,
      status: body.status,
      since: body.since ?? before?.since ?? NOW,
      restore_target:
        body.restore_target === undefined ? (before?.restore_target ?? null) : body.restore_target,
      restored_at: restored ? (body.restored_at ?? NOW) : null,
      version: (before?.version ?? 0) + 1,
    });
    incidentDb.services = [
      ...incidentDb.services.filter((v) => !(v.incident_id === x.id && v.service_key === key)),
      next,
    ];
    return Response.json(
      { ...next, history: [] },
      { status: before ? 200 : 201, headers: { ETag: `W/"${next.version}"` } },
    );
  }),
  http.get('/api/incidents/:id/timeline', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    if (!readsIncidents()) return problem(403, { code: 'role_not_permitted' });
    const x = find(params.id);
    if (!x) return problem(404);
    const kind = new URL(request.url).searchParams.get('kind') ?? 'all';
    const items = visibleTimeline(x.id).filter((e) => kind === 'all' || e.kind === kind);
    return HttpResponse.json({ items, next_cursor: null });
  }),
  http.post('/api/incidents/:id/timeline', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const x = find(params.id);
    if (!x) return problem(404);
    const body = (await record(request)) as TimelineEntryInput;
    if (!body.text.trim()) return invalid('text', 'required');
    if (new Date(body.happened_at).getTime() > Date.now() + 300_000) {
      return invalid('happened_at', 'in_the_future');
    }
    if (body.audience !== undefined && body.kind !== 'communication') {
      return invalid('audience', 'only_on_communications');
    }
    if (body.corrects !== undefined && !visibleTimeline(x.id).some((e) => e.id === body.corrects)) {
      return invalid('corrects', 'unknown_entry');
    }
    const user = db.users.find((u) => u.id === db.session?.userId);
    const named =
      body.tlp === 'red'
        ? incidentDb.people.filter(
            (p) => p.id === user?.id || (body.named_user_ids ?? []).includes(p.id),
          )
        : [];
    const entry = timelineEntry({
      id: incidentDb.nextId++,
      incident_id: x.id,
      kind: body.kind,
      text: body.text,
      happened_at: body.happened_at,
      written_at: new Date().toISOString(),
      author: { id: user?.id ?? null, name: user?.display_name ?? '?' },
      tlp: body.tlp,
      corrects: body.corrects ?? null,
      audience: body.audience ?? null,
      named,
    });
    incidentDb.timeline.push(entry);
    return HttpResponse.json(entry, { status: 201 });
  }),
  http.get('/api/incidents/:id/people', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return find(params.id) ? HttpResponse.json({ items: incidentDb.people }) : problem(404);
  }),
  http.get('/api/incident-taxonomy', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    return HttpResponse.json(incidentDb.taxonomy);
  }),
  http.get('/api/incidents', ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    if (!readsIncidents()) return problem(403, { code: 'role_not_permitted' });
    const params = new URL(request.url).searchParams;
    const status = params.get('status') ?? 'all';
    const before = Number(params.get('before') ?? Infinity);
    const limit = Number(params.get('limit') ?? 50);
    const matching = incidentDb.incidents
      .filter((x) => x.id < before)
      .filter((x) =>
        status === 'open' ? x.status !== 'closed' : status === 'all' || x.status === status,
      )
      .sort((a, b) => b.id - a.id);
    const items = matching.slice(0, limit);
    const last = items[items.length - 1];
    return HttpResponse.json({
      items,
      next_before: matching.length > limit && last ? last.id : null,
    });
  }),
  http.post('/api/incidents', async ({ request }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const body = (await record(request)) as IncidentDeclaration;
    if (!body.title) return invalid('title', 'required');
    if (!body.severity) return invalid('severity', 'required');
    if (new Date(body.detected_at).getTime() > Date.now()) {
      return invalid('detected_at', 'in_the_future');
    }
    const user = db.users.find((u) => u.id === db.session?.userId);
    const organisationId = body.organisation_id ?? user?.organisation_id ?? 0;
    const organisation = db.organisations.find((o) => o.id === organisationId);
    const id = incidentDb.nextId++;
    const x = incident({
      id,
      organisation: { id: organisationId, name: organisation?.name_nl ?? '?' },
      title: body.title,
      what_happened: body.what_happened,
      detected_at: body.detected_at,
      became_aware_at: body.became_aware_at ?? body.detected_at,
      declared_by: user?.display_name ?? '?',
      severity: body.severity,
      rsit_class: body.rsit_class ?? null,
      rsit_type: body.rsit_type ?? null,
      local_lead: body.local_lead ?? null,
      callback_number: body.callback_number ?? null,
      is_exercise: body.is_exercise ?? false,
      tlp: body.tlp ?? 'amber',
      personal_data: body.personal_data ?? false,
      nis2_applicable: body.nis2_applicable ?? false,
    });
    incidentDb.incidents.push(x);
    for (const key of body.services_down ?? []) {
      incidentDb.services.push(
        incidentService({ incident_id: id, service_key: key, since: body.detected_at }),
      );
    }
    return withEtag(x, 201);
  }),
  http.get('/api/incidents/:id', ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const x = find(params.id);
    return x ? withEtag(x) : problem(404);
  }),
  http.patch('/api/incidents/:id', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const x = find(params.id);
    if (!x) return problem(404);
    const body = (await record(request)) as IncidentPatch;
    if (request.headers.get('If-Match') !== `W/"${x.version}"`) {
      return problem(412, { code: 'version_mismatch' });
    }
    for (const [key, value] of Object.entries(body)) {
      if (key.endsWith('_at') && value && new Date(value as string).getTime() > Date.now()) {
        return invalid(key, 'in_the_future');
      }
    }
    return withEtag(store({ ...x, ...body, version: x.version + 1 } as Incident));
  }),
  http.post('/api/incidents/:id/transitions', async ({ request, params }) => {
    const denied = requireSession(request);
    if (denied) return denied;
    const x = find(params.id);
    if (!x) return problem(404);
    const body = (await record(request)) as { to: IncidentStatus; reason?: string };
    if (request.headers.get('If-Match') !== `W/"${x.version}"`) {
      return problem(412, { code: 'version_mismatch' });
    }
    if (body.to === x.status) return problem(409, { code: 'transition_same_status' });
    if (!NEXT[x.status].includes(body.to)) return problem(409, { code: 'transition_not_allowed' });
    if (needsReason(x.status, body.to) && (body.reason ?? '').trim().length < 10) {
      return problem(400, {
        code: 'reason_required',
        errors: [{ field: '/reason', code: 'reason_required', message: 'reason_required' }],
      });
    }
    return withEtag(
      store({
        ...x,
        status: body.to,
        closed_at: body.to === 'closed' ? NOW : null,
        version: x.version + 1,
      }),
    );
  }),
];
