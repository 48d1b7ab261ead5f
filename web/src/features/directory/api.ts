import { api, unwrap } from '../../shared/api/client';
import { etagFor, weakEtag } from '../../shared/api/etags';
import type {
  DirectoryFilters,
  GapScope,
  GapSummary,
  ImportReport,
  Organisation,
  OrganisationDetail,
  OrganisationPage,
  OrganisationPatch,
  Person,
  PersonInput,
  PersonPatch,
  ProviderService,
  ProviderServiceInput,
  Province,
  Region,
  SpocAssignment,
} from './types';

export const PAGE_SIZE = 25;

export function listOrganisations(
  filters: DirectoryFilters,
  cursor: string | undefined,
  limit: number = PAGE_SIZE,
): Promise<OrganisationPage> {
  const { q, kind, province, region, gap, sort } = filters;
  return unwrap(
    api.GET('/api/organisations', {
      params: {
        query: {
          q: q.trim() || undefined,
          kind,
          province,
          region,
          gap,
          sort,
          cursor,
          limit,
        },
      },
    }),
  );
}

/** The gap counts of the local governments of the filters' kind, province and region. */
export function getGapSummary(scope: GapScope): Promise<GapSummary> {
  const { kind, province, region } = scope;
  return unwrap(api.GET('/api/directory/gaps', { params: { query: { kind, province, region } } }));
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

/** Changes an organisation's record; only the fields given change. */
export function updateOrganisation(
  id: number,
  version: number,
  patch: OrganisationPatch,
): Promise<Organisation> {
  return unwrap(
    api.PATCH('/api/organisations/{id}', {
      params: {
        path: { id },
        header: { 'If-Match': etagFor(`/api/organisations/${id}`, version) },
      },
      body: patch,
    }),
  );
}

export function createPerson(organisationId: number, person: PersonInput): Promise<Person> {
  return unwrap(
    api.POST('/api/organisations/{id}/people', {
      params: { path: { id: organisationId } },
      body: person,
    }),
  );
}

/**
 * Changes a contact person with the version last read. People are read with their organisation,
 * so the version comes from there rather than from a remembered ETag.
 */
export function updatePerson(id: number, version: number, patch: PersonPatch): Promise<Person> {
  return unwrap(
    api.PATCH('/api/people/{id}', {
      params: { path: { id }, header: { 'If-Match': weakEtag(version) } },
      body: patch,
    }),
  );
}

export function createService(input: ProviderServiceInput): Promise<ProviderService> {
  return unwrap(api.POST('/api/services', { body: input }));
}

export function deleteService(id: number): Promise<void> {
  return unwrap(api.DELETE('/api/services/{id}', { params: { path: { id } } }));
}

export type ImportKind = 'organisations' | 'people';

/**
 * Sends a CSV file to the import. With `dryRun` the server checks every row and stores nothing;
 * without, it stores every row or, when any row is bad, none.
 */
export function importCsv(kind: ImportKind, csv: string, dryRun: boolean): Promise<ImportReport> {
  const options = {
    params: { query: { dry_run: dryRun } },
    body: csv,
    bodySerializer: (body: string) => body,
    headers: { 'Content-Type': 'text/csv' },
  };
  return unwrap(
    kind === 'organisations'
      ? api.POST('/api/imports/organisations', options)
      : api.POST('/api/imports/people', options),
  );
}
