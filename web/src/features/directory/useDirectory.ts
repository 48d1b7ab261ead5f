import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type UseInfiniteQueryResult,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';

import {
  createPerson,
  createService,
  deleteService,
  getGapSummary,
  getOrganisation,
  listOrganisations,
  listProvinces,
  listRegions,
  setSpoc,
  updateOrganisation,
  updatePerson,
  verifyPerson,
} from './api';
import type {
  DirectoryFilters,
  Organisation,
  OrganisationPatch,
  PersonInput,
  PersonPatch,
  ProviderService,
  ProviderServiceInput,
  GapScope,
  GapSummary,
  OrganisationDetail,
  OrganisationPage,
  Person,
  Province,
  Region,
  SpocAssignment,
} from './types';

export const directoryKeys = {
  all: ['directory'] as const,
  list: (filters: DirectoryFilters) => ['directory', 'list', filters] as const,
  gaps: ['directory', 'gaps'] as const,
  gapsFor: (scope: GapScope) => ['directory', 'gaps', scope] as const,
  organisation: (id: number) => ['directory', 'organisation', id] as const,
  regions: ['directory', 'regions'] as const,
  provinces: ['directory', 'provinces'] as const,
};

export function useOrganisations(
  filters: DirectoryFilters,
): UseInfiniteQueryResult<InfiniteData<OrganisationPage>> {
  return useInfiniteQuery({
    queryKey: directoryKeys.list(filters),
    queryFn: ({ pageParam }) => listOrganisations(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useGapSummary({ kind, province, region }: GapScope): UseQueryResult<GapSummary> {
  const scope = { kind, province, region };
  return useQuery({ queryKey: directoryKeys.gapsFor(scope), queryFn: () => getGapSummary(scope) });
}

export function useRegions(): UseQueryResult<Region[]> {
  return useQuery({ queryKey: directoryKeys.regions, queryFn: listRegions, staleTime: Infinity });
}

export function useProvinces(): UseQueryResult<Province[]> {
  return useQuery({
    queryKey: directoryKeys.provinces,
    queryFn: listProvinces,
    staleTime: Infinity,
  });
}

export function useOrganisation(id: number): UseQueryResult<OrganisationDetail> {
  return useQuery({
    queryKey: directoryKeys.organisation(id),
    queryFn: () => getOrganisation(id),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useSetSpoc(
  organisation: OrganisationDetail,
): UseMutationResult<OrganisationDetail, Error, SpocAssignment> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignment: SpocAssignment) =>
      setSpoc(organisation.id, organisation.version, assignment),
    onSuccess: (updated) => {
      queryClient.setQueryData(directoryKeys.organisation(organisation.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['directory', 'list'] });
      void queryClient.invalidateQueries({ queryKey: directoryKeys.gaps });
    },
  });
}

export function useVerifyPerson(organisationId: number): UseMutationResult<Person, Error, number> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: verifyPerson,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: directoryKeys.organisation(organisationId) });
      void queryClient.invalidateQueries({ queryKey: directoryKeys.gaps });
    },
  });
}

/** After a change of an organisation's record or people: its page, lists and gap counts. */
function useDirectoryChanged(): (organisationIds: number[]) => void {
  const queryClient = useQueryClient();
  return (organisationIds) => {
    for (const id of organisationIds) {
      void queryClient.invalidateQueries({ queryKey: directoryKeys.organisation(id) });
    }
    void queryClient.invalidateQueries({ queryKey: ['directory', 'list'] });
    void queryClient.invalidateQueries({ queryKey: directoryKeys.gaps });
  };
}

export function useUpdateOrganisation(
  organisation: OrganisationDetail,
): UseMutationResult<Organisation, Error, OrganisationPatch> {
  const changed = useDirectoryChanged();
  return useMutation({
    mutationFn: (patch: OrganisationPatch) =>
      updateOrganisation(organisation.id, organisation.version, patch),
    onSuccess: () => changed([organisation.id]),
  });
}

export function useCreatePerson(
  organisationId: number,
): UseMutationResult<Person, Error, PersonInput> {
  const changed = useDirectoryChanged();
  return useMutation({
    mutationFn: (person: PersonInput) => createPerson(organisationId, person),
    onSuccess: () => changed([organisationId]),
  });
}

export function useUpdatePerson(person: Person): UseMutationResult<Person, Error, PersonPatch> {
  const changed = useDirectoryChanged();
  return useMutation({
    mutationFn: (patch: PersonPatch) => updatePerson(person.id, person.version, patch),
    onSuccess: () => changed([person.organisation_id]),
  });
}

export function useCreateService(): UseMutationResult<
  ProviderService,
  Error,
  ProviderServiceInput
> {
  const changed = useDirectoryChanged();
  return useMutation({
    mutationFn: createService,
    onSuccess: (s) => changed([s.provider.id, s.customer.id]),
  });
}

export function useDeleteService(): UseMutationResult<void, Error, ProviderService> {
  const changed = useDirectoryChanged();
  return useMutation({
    mutationFn: (s: ProviderService) => deleteService(s.id),
    onSuccess: (_nothing, s) => changed([s.provider.id, s.customer.id]),
  });
}
