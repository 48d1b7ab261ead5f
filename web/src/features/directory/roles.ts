import type { Role } from '../auth/types';

/** The central team: sees every organisation and edits the directory's records. */
export function isWarroomRole(role: Role | undefined): boolean {
  return role === 'warroom_admin' || role === 'warroom_analyst';
}

/**
 * People of one organisation (a local government, a provider, an audit firm): their work starts
 * at their own organisation, not at the whole directory.
 */
export function worksForOneOrganisation(role: Role | undefined): boolean {
  return role === 'spoc' || role === 'member' || role === 'provider' || role === 'auditor';
}
