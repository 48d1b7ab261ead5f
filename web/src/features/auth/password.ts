export interface PasswordCheck {
  key: 'length' | 'variety' | 'notEmail' | 'notName' | 'match';
  ok: boolean;
}

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Hints for a new password, mirroring the server's policy: at least 12 characters, not the
 * e-mail's local part, not the display name or a part of it. Variety is advice only.
 */
export function checkPassword(
  password: string,
  confirmation: string,
  email = '',
  name = '',
): PasswordCheck[] {
  const lower = password.toLowerCase();
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password));
  const local = email.slice(0, email.lastIndexOf('@') >= 0 ? email.lastIndexOf('@') : undefined);
  const nameParts = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length >= 3);
  return [
    { key: 'length', ok: [...password].length >= MIN_PASSWORD_LENGTH },
    { key: 'variety', ok: classes.length >= 3 || password.length >= 20 },
    { key: 'notEmail', ok: local.length < 3 || !lower.includes(local.toLowerCase()) },
    { key: 'notName', ok: !nameParts.some((part) => lower.includes(part)) },
    { key: 'match', ok: password !== '' && password === confirmation },
  ];
}

export function passwordAcceptable(checks: PasswordCheck[]): boolean {
  return checks.every((c) => c.ok || c.key === 'variety');
}
