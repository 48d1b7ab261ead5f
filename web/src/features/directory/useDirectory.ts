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
  getGapSummary,
  getOrganisation,
  listOrganisations,
  listProvinces,
  listRegions,
  setSpoc,
  verifyPerson,
} from './api';
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

export const directoryKeys = {
  all: ['directory'] as const,
  list: (filters: DirectoryFilters) => ['directory', 'list', filters] as const,
  gaps: ['directory', 'gaps'] as const,
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

export function useGapSummary(): UseQueryResult<GapSummary> {
  return useQuery({ queryKey: directoryKeys.gaps, queryFn: getGapSummary });
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
