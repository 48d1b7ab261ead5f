// The advisories API (issue 12, C3). Written by hand while the server's routes are being built;
// once api/openapi.yaml describes them, these become aliases of the generated schemas, so that a
// change of the contract is adapted here, in one place.
import type { Schemas } from '../../shared/api/types';
import type { OrganisationKind } from '../directory/types';

export const severities = ['info', 'warning', 'alert', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const tlps = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof tlps)[number];

export const advisoryStatuses = ['draft', 'sent', 'withdrawn'] as const;
export type AdvisoryStatus = (typeof advisoryStatuses)[number];

/** The languages an advisory is written in; German is optional. */
export const textLanguages = ['nl', 'fr', 'en', 'de'] as const;
export type TextLanguage = (typeof textLanguages)[number];
export const requiredLanguages = ['nl', 'fr', 'en'] as const;

export const ackChannels = ['link', 'app', 'phone'] as const;
export type AckChannel = (typeof ackChannels)[number];

export const callOutcomes = ['reached', 'no_answer', 'voicemail', 'wrong_number'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export const deliveryStatuses = ['queued', 'accepted', 'deferred', 'refused'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const boardStates = [
  'all',
  'unacknowledged',
  'acknowledged',
  'escalated',
  'call_list',
  'refused',
] as const;
export type BoardState = (typeof boardStates)[number];

export const stepTargets = [
  'spoc',
  'each_deputy',
  'all_deputies',
  'out_of_band',
  'call_list',
] as const;
export type StepTarget = (typeof stepTargets)[number];

export const helpStatuses = ['open', 'in_progress', 'closed'] as const;
export type HelpStatus = (typeof helpStatuses)[number];

/** A file of an advisory (its kind detected by the server from the bytes). */
export type AdvisoryAttachment = Schemas['AdvisoryAttachment'];

/** The server's default limits (config attachment_max_bytes / attachment_max_count). */
export const attachmentLimits = { maxBytes: 8 * 1024 * 1024, maxCount: 10 } as const;

export interface UserRef {
  id: number;
  name: string;
}

export interface AdvisoryText {
  title: string;
  body: string;
  action_points: string[];
}

export type AdvisoryTexts = Partial<Record<TextLanguage, AdvisoryText>>;

export interface Audience {
  all: boolean;
  kinds: OrganisationKind[];
  region_nis: string[];
  province_nis: string[];
  provider_id: number | null;
  provider_service: string | null;
  include_provider: boolean;
  organisation_ids: number[];
}

export interface Counts {
  recipients: number;
  delivered: number;
  opened: number;
  acknowledged: number;
  escalated: number;
  call_list: number;
  refused: number;
}

export interface Ack {
  at: string;
  channel: AckChannel;
  by: string;
}

export interface OrganisationState {
  organisation_id: number;
  acknowledged: Ack | null;
  opened_at: string | null;
  action_points_done: number[];
}

export interface Advisory {
  id: number;
  reference: string;
  status: AdvisoryStatus;
  severity: Severity;
  tlp: Tlp;
  is_exercise: boolean;
  policy_id: number | null;
  policy_name: string | null;
  audience: Audience;
  revision: number;
  texts: AdvisoryTexts;
  missing_languages: TextLanguage[];
  author: UserRef;
  approved_by: UserRef | null;
  approved_at: string | null;
  emergency_reason: string | null;
  sent_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  recipient_count: number;
  counts: Counts | null;
  version: number;
  created_at: string;
  updated_at: string;
  organisation_state?: OrganisationState | null;
  language?: TextLanguage;
  attachments: AdvisoryAttachment[];
}

export interface AdvisorySummary {
  id: number;
  reference: string;
  status: AdvisoryStatus;
  severity: Severity;
  tlp: Tlp;
  is_exercise: boolean;
  title: string;
  sent_at: string | null;
  recipient_count: number;
  counts: Counts | null;
  updated_at: string;
}

export interface AdvisoryPage {
  items: AdvisorySummary[];
  next_cursor: string | null;
}

export interface AdvisoryInput {
  severity: Severity;
  tlp: Tlp;
  is_exercise: boolean;
  policy_id: number | null;
  audience: Audience;
  texts: AdvisoryTexts;
}

export interface AudienceMember {
  id: number;
  name: string;
  kind: OrganisationKind;
  province_nis: string | null;
}

export interface AudiencePreview {
  count: number;
  items: AudienceMember[];
}

export interface RevisionInput {
  texts: AdvisoryTexts;
  note: string;
  reacknowledge: boolean;
}

export interface BoardItem {
  organisation: { id: number; name: string; kind: OrganisationKind; province_nis: string | null };
  stage: number;
  stage_label: string;
  on_call_list: boolean;
  delivered: boolean;
  refused: boolean;
  opened_at: string | null;
  acknowledged: Ack | null;
}

export interface Board {
  counts: Counts;
  items: BoardItem[];
  next_cursor: string | null;
}

export interface BoardFilters {
  state: BoardState;
  province_nis: string;
}

export interface Delivery {
  id: number;
  person: UserRef | null;
  channel: 'email' | 'webhook';
  address: string;
  reason: 'initial' | 'escalation' | 'update';
  stage: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface Call {
  id: number;
  at: string;
  by: string;
  outcome: CallOutcome;
  person_id: number | null;
  note: string | null;
  acknowledged: boolean;
}

export interface CallInput {
  outcome: CallOutcome;
  person_id: number | null;
  note: string;
  acknowledged: boolean;
}

export interface RecipientDetail {
  organisation: UserRef;
  deliveries: Delivery[];
  acknowledgements: (Ack & { revision: number; round: number })[];
  calls: Call[];
}

export interface CallContact {
  person_id: number;
  name: string;
  position: string;
  mobile: string | null;
  landline: string | null;
  work_email: string | null;
  oob_email: string | null;
}

export interface CallListItem {
  organisation: { id: number; name: string; province_nis: string | null };
  since: string | null;
  contacts: CallContact[];
  calls: Call[];
  acknowledged: Ack | null;
}

export interface InboxItem {
  id: number;
  reference: string;
  severity: Severity;
  tlp: Tlp;
  is_exercise: boolean;
  title: string;
  sent_at: string | null;
  revision: number;
  opened: boolean;
  acknowledged: Ack | null;
}

export interface Inbox {
  items: InboxItem[];
  unread: number;
  unacknowledged: number;
}

export interface AckResult {
  acknowledged: Ack;
  already: boolean;
}

export interface AdvisoryLink {
  language: string;
  advisory: {
    reference: string;
    severity: Severity;
    tlp: Tlp;
    is_exercise: boolean;
    title: string | null;
    body: string | null;
    action_points: string[] | null;
  };
  organisation: { name: string };
  person: { name: string };
  acknowledged: Ack | null;
  expires_at: string;
}

export interface PolicyStep {
  to: StepTarget;
  wait_minutes: number;
}

export interface Policy {
  id: number;
  name: string;
  description: string | null;
  steps: PolicyStep[];
  out_of_band_from: Severity | null;
  is_default: boolean;
  version: number;
}

export type PolicyInput = Omit<Policy, 'id' | 'is_default' | 'version'>;

export interface HelpRequest {
  id: number;
  organisation: UserRef;
  advisory_id: number | null;
  subject: string;
  body: string;
  status: HelpStatus;
  owner: UserRef | null;
  requested_by: UserRef;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface HelpRequestInput {
  subject: string;
  body: string;
  advisory_id: number | null;
}

export interface HelpRequestPatch {
  status?: HelpStatus;
  owner_user_id?: number;
}

export function emptyAudience(): Audience {
  return {
    all: false,
    kinds: [],
    region_nis: [],
    province_nis: [],
    provider_id: null,
    provider_service: null,
    include_provider: false,
    organisation_ids: [],
  };
}

export function emptyText(): AdvisoryText {
  return { title: '', body: '', action_points: [] };
}

/**
 * The language versions to store: those the author has started. A version left wholly
 * blank is missing (the composer says so), not an empty version the server refuses; when
 * every version is blank they all go, so the server names the fields to fill in.
 */
export function startedTexts(texts: AdvisoryTexts): AdvisoryTexts {
  const started = Object.fromEntries(
    Object.entries(texts).filter(
      ([, x]) =>
        x !== undefined &&
        (x.title.trim() !== '' ||
          x.body.trim() !== '' ||
          x.action_points.some((point) => point.trim() !== '')),
    ),
  ) as AdvisoryTexts;
  return Object.keys(started).length > 0 ? started : texts;
}
