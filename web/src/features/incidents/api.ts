import { api, unwrap } from '../../shared/api/client';
import { weakEtag } from '../../shared/api/etags';
import type {
  CriticalServiceList,
  Incident,
  IncidentService,
  IncidentServiceInput,
  IncidentServiceWithHistory,
  RecoveryItem,
  IncidentDeclaration,
  IncidentPage,
  IncidentPatch,
  IncidentStatus,
  StatusFilter,
  Taxonomy,
  TimelineEntry,
  TimelineEntryInput,
  TimelineFilter,
  TimelinePage,
  TimelinePerson,
} from './types';

export const PAGE_SIZE = 50;

/**
 * The If-Match of the incident as the user saw it. Not the ETag of the last read: the pages
 * refetch on live events, and an edit begun on version 3 must not be sent as if it were made
 * on version 4 (that would overwrite the other operator's change without a 412).
 */
function ifMatch(incident: Pick<Incident, 'version'>): string {
  return weakEtag(incident.version);
}

/** One page of the incidents the caller may see, newest first; `before` is next_before. */
export function listIncidents(
  status: StatusFilter,
  before: number | undefined,
): Promise<IncidentPage> {
  return unwrap(
    api.GET('/api/incidents', { params: { query: { status, before, limit: PAGE_SIZE } } }),
  );
}

export function getIncident(id: number): Promise<Incident> {
  return unwrap(api.GET('/api/incidents/{id}', { params: { path: { id } } }));
}

export function declareIncident(declaration: IncidentDeclaration): Promise<Incident> {
  return unwrap(api.POST('/api/incidents', { body: declaration }));
}

/** Changes the given fields of `incident` as the user saw it (412 if it changed since). */
export function updateIncident(incident: Incident, patch: IncidentPatch): Promise<Incident> {
  return unwrap(
    api.PATCH('/api/incidents/{id}', {
      params: { path: { id: incident.id }, header: { 'If-Match': ifMatch(incident) } },
      body: patch,
    }),
  );
}

/** Moves the incident to `to`; `reason` where the workflow asks one. */
export function transitionIncident(
  incident: Incident,
  to: IncidentStatus,
  reason: string,
): Promise<Incident> {
  return unwrap(
    api.POST('/api/incidents/{id}/transitions', {
      params: { path: { id: incident.id }, header: { 'If-Match': ifMatch(incident) } },
      body: reason.trim() ? { to, reason } : { to },
    }),
  );
}

/** The vocabulary in the reader's language. */
export function getTaxonomy(lang: Taxonomy['language']): Promise<Taxonomy> {
  return unwrap(api.GET('/api/incident-taxonomy', { params: { query: { lang } } }));
}

export const TIMELINE_PAGE_SIZE = 100;

/** One page of the timeline as the caller may see it; `cursor` is next_cursor. */
export function listTimeline(
  id: number,
  kind: TimelineFilter,
  cursor: string | undefined,
): Promise<TimelinePage> {
  return unwrap(
    api.GET('/api/incidents/{id}/timeline', {
      params: { path: { id }, query: { kind, cursor, limit: TIMELINE_PAGE_SIZE } },
    }),
  );
}

/** Appends an entry; no If-Match, since entries are never edited. */
export function appendTimelineEntry(id: number, entry: TimelineEntryInput): Promise<TimelineEntry> {
  return unwrap(
    api.POST('/api/incidents/{id}/timeline', { params: { path: { id } }, body: entry }),
  );
}

/** The people who may read the incident: whom a TLP:RED entry may name. */
export async function listIncidentPeople(id: number): Promise<TimelinePerson[]> {
  const page = await unwrap(api.GET('/api/incidents/{id}/people', { params: { path: { id } } }));
  return page.items;
}

/** The maintained list of critical services, names in `lang`. */
export function listCriticalServices(
  lang: CriticalServiceList['language'],
): Promise<CriticalServiceList> {
  return unwrap(api.GET('/api/critical-services', { params: { query: { lang } } }));
}

/** The incident's services in the list's order. */
export async function listIncidentServices(id: number): Promise<IncidentService[]> {
  const page = await unwrap(api.GET('/api/incidents/{id}/services', { params: { path: { id } } }));
  return page.items;
}

/**
 * Sets a service's state. `version` is the service's as the user saw it (If-Match, 412 when it
 * changed since); undefined adds a service not yet on the incident.
 */
export function putIncidentService(
  id: number,
  key: string,
  version: number | undefined,
  state: IncidentServiceInput,
): Promise<IncidentServiceWithHistory> {
  return unwrap(
    api.PUT('/api/incidents/{id}/services/{key}', {
      params: {
        path: { id, key },
        header: version === undefined ? {} : { 'If-Match': weakEtag(version) },
      },
      body: state,
    }),
  );
}

/** Every service still out of every open incident the caller may read, longest first. */
export async function listRecovery(): Promise<RecoveryItem[]> {
  const page = await unwrap(api.GET('/api/recovery'));
  return page.items;
}
