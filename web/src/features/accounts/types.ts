import type { Schemas } from '../../shared/api/types';

export type User = Schemas['User'];
export type UserPage = Schemas['UserPage'];
export type UserPatch = Schemas['UserPatch'];
export type Role = Schemas['Role'];
export type Language = Schemas['Language'];
export type InvitationInput = Schemas['InvitationInput'];
export type PersonInvitationInput = Schemas['PersonInvitationInput'];
export type MePatch = Schemas['MePatch'];
export type AccountStatus = Schemas['AccountStatus'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenCreated = Schemas['ApiTokenCreated'];
export type ApiTokenInput = Schemas['ApiTokenInput'];
export type TokenScope = Schemas['TokenScope'];
export type OwnSession = Schemas['OwnSession'];
export type PasswordChangeRequest = Schemas['PasswordChangeRequest'];

export const roles = [
  'warroom_admin',
  'warroom_analyst',
  'spoc',
  'member',
  'provider',
  'auditor',
  'observer',
] as const satisfies readonly Role[];

/**
 * The roles an organisation of this kind may hold, as the server checks them: the war room
 * roles in the war room, the provider role at providers, and so on; observer anywhere.
 */
export function rolesForKind(kind: Schemas['OrganisationKind']): Role[] {
  switch (kind) {
    case 'war_room':
      return ['warroom_admin', 'warroom_analyst', 'observer'];
    case 'ict_provider':
      return ['provider', 'observer'];
    case 'intermunicipal_association':
      return ['spoc', 'member', 'provider', 'observer'];
    case 'audit_firm':
      return ['auditor', 'observer'];
    default:
      return ['spoc', 'member', 'observer'];
  }
}

/** The roles a SPOC may give the people of her own organisation (never above her own). */
export const spocInviteRoles = ['member', 'spoc'] as const satisfies readonly Role[];

export const tokenScopes = [
  'directory:read',
  'directory:write',
  'iocs:read',
  'sightings:write',
] as const satisfies readonly TokenScope[];

export const userLanguages = ['nl', 'fr', 'en', 'de'] as const satisfies readonly Language[];
