// The incidents API (issue 13, C2): aliases of the schemas in api/openapi.yaml, so that a change of
// the contract is adapted here, in one place.
import type { paths } from '../../shared/api/schema.gen';
import type { Schemas } from '../../shared/api/types';
import type { Role } from '../auth/types';

export type Incident = Schemas['Incident'];
export type IncidentDeclaration = Schemas['IncidentDeclaration'];
export type IncidentPatch = Schemas['IncidentPatch'];
export type IncidentStatus = Schemas['IncidentStatus'];
export type IncidentTlp = Schemas['IncidentTlp'];
export type LegalClock = Schemas['LegalClock'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type TimelineEntryInput = Schemas['TimelineEntryInput'];
export type TimelineKind = Schemas['TimelineKind'];
export type TimelinePerson = Schemas['TimelinePerson'];
export type ClockKind = LegalClock['kind'];
export type CriticalService = Schemas['CriticalService'];
export type IncidentService = Schemas['IncidentService'];
export type IncidentServiceInput = Schemas['IncidentServiceInput'];
export type IncidentServiceWithHistory = Schemas['IncidentServiceWithHistory'];
export type ServiceStatus = Schemas['ServiceStatus'];
export type RecoveryItem = Schemas['RecoveryItem'];

export const serviceStatuses = [
  'down',
  'degraded',
  'restored',
] as const satisfies readonly ServiceStatus[];

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

/** One page of GET /api/incidents: newest first, `next_before` for the next page. */
export type IncidentPage = JsonOf<paths['/api/incidents']['get']['responses'][200]>;

/** One page of GET /api/incidents/{id}/timeline: newest happened first, `next_cursor` next. */
export type TimelinePage = JsonOf<paths['/api/incidents/{id}/timeline']['get']['responses'][200]>;

/** GET /api/critical-services: the maintained list in the reader's language. */
export type CriticalServiceList = JsonOf<paths['/api/critical-services']['get']['responses'][200]>;

/** GET /api/incident-taxonomy: RSIT classes and types, severity definitions, statuses. */
export type Taxonomy = JsonOf<paths['/api/incident-taxonomy']['get']['responses'][200]>;
export type RsitClass = Taxonomy['classes'][number];
export type SeverityDefinition = Taxonomy['severities'][number];

/** Fails to compile when the list misses a value of the union. */
type Complete<Union, List extends readonly Union[]> =
  Exclude<Union, List[number]> extends never ? List : never;

function all<Union>(): <const List extends readonly Union[]>(list: Complete<Union, List>) => List {
  return (list) => list;
}

export const incidentStatuses = all<IncidentStatus>()([
  'reported',
  'triage',
  'containment',
  'eradication',
  'recovery',
  'closed',
]);

export const incidentTlps = all<IncidentTlp>()(['clear', 'green', 'amber', 'amber+strict', 'red']);

export const severityLevels = [1, 2, 3, 4] as const;

export const timelineKinds = all<TimelineKind>()([
  'observation',
  'decision',
  'action',
  'communication',
]);

/** The timeline's views: everything, the decision log, the communication log. */
export const timelineFilters = ['all', 'decision', 'communication'] as const;
export type TimelineFilter = (typeof timelineFilters)[number];

/** The audiences the form offers for a communication (the API takes any short text). */
export const audiences = ['press', 'staff', 'citizens', 'provider', 'authority', 'other'] as const;
export type Audience = (typeof audiences)[number];

export function isAudience(value: string | null): value is Audience {
  return (audiences as readonly (string | null)[]).includes(value);
}

/** The list filter: open (every status but closed), closed, or all. */
export const statusFilters = ['open', 'closed', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

/** Who may see incidents at all: the war room, and a victim's SPOC and members. */
export function readsIncidents(role: Role | undefined): boolean {
  return (
    role === 'warroom_admin' || role === 'warroom_analyst' || role === 'spoc' || role === 'member'
  );
}

/**
 * Whether the workflow asks a written reason for this move. Mirrors core/incident/workflow.h
 * (reopen; closing from anything but recovery; going back to containment), since the API's
 * next_statuses does not say it; the page still asks for one when the server answers
 * reason_required.
 */
export function transitionNeedsReason(from: IncidentStatus, to: IncidentStatus): boolean {
  if (from === 'closed') return true;
  if (to === 'closed') return from !== 'recovery';
  if (to === 'containment') return from === 'eradication' || from === 'recovery';
  return false;
}

/** The PATCH fields that mark a clock done: its time, and where its reference is kept. */
export const clockFields: Record<
  ClockKind,
  {
    at:
      | 'gdpr_notified_at'
      | 'nis2_early_warning_at'
      | 'nis2_notification_at'
      | 'nis2_final_report_at';
    reference: 'gdpr_reference' | 'nis2_reference';
  }
> = {
  gdpr_notification: { at: 'gdpr_notified_at', reference: 'gdpr_reference' },
  nis2_early_warning: { at: 'nis2_early_warning_at', reference: 'nis2_reference' },
  nis2_notification: { at: 'nis2_notification_at', reference: 'nis2_reference' },
  nis2_final_report: { at: 'nis2_final_report_at', reference: 'nis2_reference' },
};
