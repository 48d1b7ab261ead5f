import type { Schemas } from '../../shared/api/types';

export type User = Schemas['User'];
export type UserPage = Schemas['UserPage'];
export type UserPatch = Schemas['UserPatch'];
export type Role = Schemas['Role'];
export type Language = Schemas['Language'];
export type InvitationInput = Schemas['InvitationInput'];
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

export const tokenScopes = [
  'directory:read',
  'directory:write',
  'iocs:read',
  'sightings:write',
] as const satisfies readonly TokenScope[];

export const userLanguages = ['nl', 'fr', 'en', 'de'] as const satisfies readonly Language[];
