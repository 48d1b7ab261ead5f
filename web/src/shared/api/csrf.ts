let csrfToken: string | undefined;

/** Keeps the CSRF token of the current session (from GET /api/auth/session and sign-in steps). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function getCsrfToken(): string | undefined {
  return csrfToken;
}
