import type { Schemas } from '../../shared/api/types';

export type Organisation = Schemas['Organisation'];
export type OrganisationSummary = Schemas['OrganisationSummary'];
export type OrganisationDetail = Schemas['OrganisationDetail'];
export type OrganisationPage = Schemas['OrganisationPage'];
export type OrganisationKind = Schemas['OrganisationKind'];
export type DirectoryGap = Schemas['DirectoryGap'];
export type GapSummary = Schemas['GapSummary'];
export type Person = Schemas['Person'];
export type PersonRef = Schemas['PersonRef'];
export type ContactRole = Schemas['ContactRole'];
export type ProviderService = Schemas['ProviderService'];
export type OrganisationRef = Schemas['OrganisationRef'];
export type SpocPhone = Schemas['SpocPhone'];
export type OrganisationPatch = Schemas['OrganisationPatch'];
export type PersonInput = Schemas['PersonInput'];
export type PersonPatch = Schemas['PersonPatch'];
export type ProviderServiceInput = Schemas['ProviderServiceInput'];
export type ImportReport = Schemas['ImportReport'];
export type ServiceKind = Schemas['ServiceKind'];
export type Region = Schemas['Region'];
export type Province = Schemas['Province'];
export type SpocAssignment = Schemas['SpocAssignment'];

/** Fails to compile when the list misses a value of the union. */
type Complete<Union, List extends readonly Union[]> =
  Exclude<Union, List[number]> extends never ? List : never;

function all<Union>(): <const List extends readonly Union[]>(list: Complete<Union, List>) => List {
  return (list) => list;
}

export const organisationKinds = all<OrganisationKind>()([
  'municipality',
  'social_welfare_centre',
  'province',
  'police_zone',
  'emergency_zone',
  'intermunicipal_association',
  'ict_provider',
  'war_room',
  'audit_firm',
]);

export const directoryGaps = all<DirectoryGap>()([
  'no_spoc',
  'no_deputy',
  'no_out_of_band',
  'stale_contacts',
]);

export const contactRoles = all<ContactRole>()([
  'spoc',
  'deputy_spoc',
  'ict_lead',
  'dpo',
  'ciso',
  'general_director',
  'mayor',
  'other',
]);

export const serviceKinds = all<ServiceKind>()([
  'network',
  'firewall',
  'vpn',
  'hosting',
  'email',
  'backup',
  'identity',
  'workstations',
  'financial_software',
  'population_register_software',
  'website',
  'telephony',
  'other',
]);

export const organisationStatuses = all<Organisation['status']>()(['active', 'merged', 'inactive']);

export interface DirectoryFilters {
  q: string;
  kind?: OrganisationKind;
  province?: string;
  region?: string;
  gap?: DirectoryGap;
  /** The least reachable first; by name when absent. */
  sort?: 'gaps';
}

/** The filters that the gap counts follow (a search or a gap filter does not change them). */
export type GapScope = Pick<DirectoryFilters, 'kind' | 'province' | 'region'>;
