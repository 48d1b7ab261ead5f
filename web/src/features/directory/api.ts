import { api, unwrap } from '../../shared/api/client';
import { etagFor } from '../../shared/api/etags';
import type {
  DirectoryFilters,
  GapSummary,
  OrganisationDetail,
  OrganisationPage,
  Person,
  Province,
  Region,
  SpocAssignment,
} from './types';

export const PAGE_SIZE = 25;

export function listOrganisations(
  filters: DirectoryFilters,
  cursor: string | undefined,
): Promise<OrganisationPage> {
  const { q, kind, province, region, gap } = filters;
  return unwrap(
    api.GET('/api/organisations', {
      params: {
        query: {
          q: q.trim() || undefined,
          kind,
          province,
          region,
          gap,
          cursor,
          limit: PAGE_SIZE,
        },
      },
    }),
  );
}

export function getGapSummary(): Promise<GapSummary> {
  return unwrap(api.GET('/api/directory/gaps'));
}

export async function listRegions(): Promise<Region[]> {
  return (await unwrap(api.GET('/api/regions'))).items;
}

export async function listProvinces(): Promise<Province[]> {
  return (await unwrap(api.GET('/api/provinces'))).items;
}

export function getOrganisation(id: number): Promise<OrganisationDetail> {
  return unwrap(api.GET('/api/organisations/{id}', { params: { path: { id } } }));
}

/** Saves SPOC and deputies with the ETag of the organisation as last read. */
export function setSpoc(
  id: number,
  version: number,
  assignment: SpocAssignment,
): Promise<OrganisationDetail> {
  return unwrap(
    api.PUT('/api/organisations/{id}/spoc', {
      params: {
        path: { id },
        header: { 'If-Match': etagFor(`/api/organisations/${id}`, version) },
      },
      body: assignment,
    }),
  );
}

export function verifyPerson(id: number): Promise<Person> {
  return unwrap(api.POST('/api/people/{id}/verify', { params: { path: { id } } }));
}
