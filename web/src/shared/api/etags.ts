/**
 * Remembers the ETag of the last read of every resource, so that PATCH and PUT can send it in
 * If-Match. A resource is identified by its canonical path (`/api/organisations/7`); actions on a
 * resource (`/api/organisations/7/spoc`, `/api/people/3/verify`) share the resource's ETag.
 */
const store = new Map<string, string>();

export function resourceKey(path: string): string {
  const match = /^\/api\/[a-z-]+\/\d+/.exec(path);
  return match ? match[0] : path;
}

export function rememberEtag(path: string, etag: string | null): void {
  if (etag) store.set(resourceKey(path), etag);
}

/** The ETag last read for a resource, or the weak validator built from a known version. */
export function etagFor(path: string, version?: number): string {
  return store.get(resourceKey(path)) ?? (version === undefined ? '*' : weakEtag(version));
}

export function clearEtags(): void {
  store.clear();
}

/** The ETag the server gives a record of this version (`W/"<version>"`). */
export function weakEtag(version: number): string {
  return `W/"${version}"`;
}
