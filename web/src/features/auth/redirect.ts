/** Where to go after sign-in: a local path from ?next=, never another origin. */
export function safeNext(next: string | null): string {
  if (
    next &&
    next.startsWith('/') &&
    !next.startsWith('//') &&
    !next.includes('\\') &&
    !next.startsWith('/login')
  ) {
    return next;
  }
  return '/directory';
}
