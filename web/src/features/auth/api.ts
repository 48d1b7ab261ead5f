import { api, unwrap } from '../../shared/api/client';
import { setCsrfToken } from '../../shared/api/csrf';
import { clearEtags } from '../../shared/api/etags';
import type {
  AccountLink,
  ReauthenticateRequest,
  Session,
  TotpConfirmResult,
  TotpEnrolment,
  TotpRequest,
} from './types';

export const sessionKey = ['session'] as const;

export function getSession(): Promise<Session> {
  return unwrap(api.GET('/api/auth/session'));
}

export function login(email: string, password: string): Promise<Session> {
  return unwrap(api.POST('/api/auth/login', { body: { email, password } }));
}

export function verifyTotp(body: TotpRequest): Promise<Session> {
  return unwrap(api.POST('/api/auth/totp', { body }));
}

export function startTotpEnrolment(): Promise<TotpEnrolment> {
  return unwrap(api.POST('/api/auth/totp/enrolment'));
}

export function confirmTotpEnrolment(code: string): Promise<TotpConfirmResult> {
  return unwrap(api.POST('/api/auth/totp/enrolment/confirm', { body: { code } }));
}

/** Proves the signed-in user again (current password or a fresh code) before a sensitive change. */
export async function reauthenticate(body: ReauthenticateRequest): Promise<void> {
  await unwrap(api.POST('/api/auth/reauthenticate', { body }));
}

export async function logout(): Promise<void> {
  try {
    await unwrap(api.POST('/api/auth/logout'));
  } finally {
    setCsrfToken(undefined);
    clearEtags();
  }
}

export async function requestPasswordReset(email: string): Promise<void> {
  await unwrap(api.POST('/api/auth/password-reset', { body: { email } }));
}

export function getAccountLink(token: string): Promise<AccountLink> {
  return unwrap(api.GET('/api/account-links/{token}', { params: { path: { token } } }));
}

export function setPasswordWithLink(token: string, password: string): Promise<Session> {
  return unwrap(
    api.POST('/api/account-links/{token}', { params: { path: { token } }, body: { password } }),
  );
}
