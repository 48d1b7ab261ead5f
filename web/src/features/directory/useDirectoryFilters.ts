import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { directoryGaps, organisationKinds, type DirectoryFilters } from './types';

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

function nisCode(value: string | null): string | undefined {
  return value && /^[0-9]{5}$/.test(value) ? value : undefined;
}

/** The directory's search and filters, kept in the URL so that they can be shared and linked. */
export function useDirectoryFilters(): [DirectoryFilters, (next: DirectoryFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<DirectoryFilters>(
    () => ({
      q: params.get('q') ?? '',
      kind: oneOf(organisationKinds, params.get('kind')),
      province: nisCode(params.get('province')),
      region: nisCode(params.get('region')),
      gap: oneOf(directoryGaps, params.get('gap')),
      sort: params.get('sort') === 'gaps' ? 'gaps' : undefined,
    }),
    [params],
  );
  const setFilters = useCallback(
    (next: DirectoryFilters) => setParams(filtersToSearch(next), { replace: true }),
    [setParams],
  );
  return [filters, setFilters];
}

/** The query string for a set of filters (without the leading "?"). */
export function filtersToSearch(filters: DirectoryFilters): string {
  const search = new URLSearchParams();
  if (filters.q.trim()) search.set('q', filters.q.trim());
  if (filters.kind) search.set('kind', filters.kind);
  if (filters.province) search.set('province', filters.province);
  if (filters.region) search.set('region', filters.region);
  if (filters.gap) search.set('gap', filters.gap);
  if (filters.sort) search.set('sort', filters.sort);
  return search.toString();
}
