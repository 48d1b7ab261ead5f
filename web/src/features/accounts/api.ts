import { api, unwrap } from '../../shared/api/client';
import { weakEtag } from '../../shared/api/etags';
import type {
  ApiToken,
  ApiTokenCreated,
  ApiTokenInput,
  InvitationInput,
  MePatch,
  OwnSession,
  PasswordChangeRequest,
  PersonInvitationInput,
  User,
  UserPage,
  UserPatch,
} from './types';

export function listUsers(q: string, cursor: string | undefined): Promise<UserPage> {
  return unwrap(
    api.GET('/api/users', { params: { query: { q: q.trim() || undefined, cursor, limit: 50 } } }),
  );
}

export function inviteUser(input: InvitationInput): Promise<User> {
  return unwrap(api.POST('/api/users', { body: input }));
}

/** Invites a directory person as an account linked to the person, in the person's language. */
export function invitePerson(personId: number, input: PersonInvitationInput): Promise<User> {
  return unwrap(
    api.POST('/api/people/{id}/invite', { params: { path: { id: personId } }, body: input }),
  );
}

/** Changes the signed-in user's own settings (the preferred language). */
export function updateMe(patch: MePatch): Promise<User> {
  return unwrap(api.PATCH('/api/me', { body: patch }));
}

/** Changes an account; the ETag is the version of the account as shown (last read by the list). */
export function updateUser(user: User, patch: UserPatch): Promise<User> {
  return unwrap(
    api.PATCH('/api/users/{id}', {
      params: {
        path: { id: user.id },
        header: { 'If-Match': weakEtag(user.version) },
      },
      body: patch,
    }),
  );
}

export async function sendPasswordReset(id: number): Promise<void> {
  await unwrap(api.POST('/api/users/{id}/password-reset', { params: { path: { id } } }));
}

/** Removes the second factor of an account whose authenticator was lost (war room admin). */
export async function resetSecondFactor(id: number): Promise<void> {
  await unwrap(api.POST('/api/users/{id}/totp-reset', { params: { path: { id } } }));
}

/** Changes the signed-in user's own password; every other session of the user ends. */
export async function changePassword(body: PasswordChangeRequest): Promise<void> {
  await unwrap(api.POST('/api/auth/password', { body }));
}

export async function listOwnSessions(): Promise<OwnSession[]> {
  return (await unwrap(api.GET('/api/auth/sessions'))).items;
}

export async function revokeOwnSession(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } }));
}

export async function listTokens(): Promise<ApiToken[]> {
  return (await unwrap(api.GET('/api/tokens'))).items;
}

export function createToken(input: ApiTokenInput): Promise<ApiTokenCreated> {
  return unwrap(api.POST('/api/tokens', { body: input }));
}

export async function revokeToken(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } }));
}
