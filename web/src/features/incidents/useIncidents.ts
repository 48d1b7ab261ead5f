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
import { useTranslation } from 'react-i18next';

import { useEvents } from '../../shared/events';
import { currentLanguage } from '../../shared/i18n/i18n';
import {
  declareIncident,
  listCriticalServices,
  listIncidentServices,
  listRecovery,
  putIncidentService,
  getIncident,
  getTaxonomy,
  appendTimelineEntry,
  listIncidentPeople,
  listIncidents,
  listTimeline,
  transitionIncident,
  updateIncident,
} from './api';
import type {
  CriticalServiceList,
  Incident,
  IncidentService,
  IncidentServiceInput,
  IncidentServiceWithHistory,
  RecoveryItem,
  IncidentDeclaration,
  IncidentPage,
  IncidentPatch,
  IncidentStatus,
  StatusFilter,
  Taxonomy,
  TimelineEntry,
  TimelineEntryInput,
  TimelineFilter,
  TimelinePage,
  TimelinePerson,
} from './types';

export const incidentKeys = {
  all: ['incidents'] as const,
  lists: ['incidents', 'list'] as const,
  list: (status: StatusFilter) => ['incidents', 'list', status] as const,
  detail: (id: number) => ['incidents', 'detail', id] as const,
  timelines: (id: number) => ['incidents', 'timeline', id] as const,
  timeline: (id: number, filter: TimelineFilter) => ['incidents', 'timeline', id, filter] as const,
  people: (id: number) => ['incidents', 'people', id] as const,
  services: (id: number) => ['incidents', 'services', id] as const,
  criticalServices: (language: string) => ['critical-services', language] as const,
  recovery: ['incidents', 'recovery'] as const,
  taxonomy: (language: string) => ['incident-taxonomy', language] as const,
};

/** The server events that change an incident or the list (ids and states only). */
export const incidentTopics = [
  'incident.declared',
  'incident.updated',
  'incident.transitioned',
  'incident.timeline',
  'incident.services',
] as const;

export function useIncidentList(
  status: StatusFilter,
): UseInfiniteQueryResult<InfiniteData<IncidentPage>> {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(status),
    queryFn: ({ pageParam }) => listIncidents(status, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next_before ?? undefined,
  });
}

export function useIncident(id: number): UseQueryResult<Incident> {
  return useQuery({
    queryKey: incidentKeys.detail(id),
    queryFn: () => getIncident(id),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** The RSIT classes, severity definitions and statuses in the app's language. */
export function useTaxonomy(): UseQueryResult<Taxonomy> {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return useQuery({
    queryKey: incidentKeys.taxonomy(language),
    queryFn: () => getTaxonomy(language),
    staleTime: Infinity,
  });
}

/**
 * Keeps the incident pages current: a change made elsewhere (another operator, the SPOC's phone)
 * refetches what is on screen, through the API and so through its access rules.
 */
export function useIncidentEvents(): void {
  const queryClient = useQueryClient();
  useEvents(incidentTopics, () => {
    void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
  });
}

/** After a change of an incident: its page now, the lists on their next look. */
function useIncidentChanged(): (incident: Incident) => void {
  const queryClient = useQueryClient();
  return (incident) => {
    queryClient.setQueryData(incidentKeys.detail(incident.id), incident);
    void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
  };
}

export function useDeclareIncident(): UseMutationResult<Incident, Error, IncidentDeclaration> {
  const changed = useIncidentChanged();
  return useMutation({ mutationFn: declareIncident, onSuccess: changed });
}

export function useUpdateIncident(
  incident: Incident,
): UseMutationResult<Incident, Error, IncidentPatch> {
  const changed = useIncidentChanged();
  return useMutation({
    mutationFn: (patch: IncidentPatch) => updateIncident(incident, patch),
    onSuccess: changed,
  });
}

export function useTransitionIncident(
  incident: Incident,
): UseMutationResult<Incident, Error, { to: IncidentStatus; reason: string }> {
  const changed = useIncidentChanged();
  return useMutation({
    mutationFn: ({ to, reason }) => transitionIncident(incident, to, reason),
    onSuccess: changed,
  });
}

/** The timeline of incident `id`, newest happened first, one page after the other. */
export function useTimeline(
  id: number,
  filter: TimelineFilter,
): UseInfiniteQueryResult<InfiniteData<TimelinePage>> {
  return useInfiniteQuery({
    queryKey: incidentKeys.timeline(id, filter),
    queryFn: ({ pageParam }) => listTimeline(id, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Whom a TLP:RED entry may name; fetched only when the form asks. */
export function useIncidentPeople(id: number, enabled: boolean): UseQueryResult<TimelinePerson[]> {
  return useQuery({
    queryKey: incidentKeys.people(id),
    queryFn: () => listIncidentPeople(id),
    enabled,
  });
}

export function useAppendEntry(
  id: number,
): UseMutationResult<TimelineEntry, Error, TimelineEntryInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entry: TimelineEntryInput) => appendTimelineEntry(id, entry),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.timelines(id) }),
  });
}

/** The maintained list of critical services in the reader's language. */
export function useCriticalServices(): UseQueryResult<CriticalServiceList> {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return useQuery({
    queryKey: incidentKeys.criticalServices(language),
    queryFn: () => listCriticalServices(language),
    staleTime: 60 * 60 * 1000,
  });
}

export function useIncidentServices(id: number): UseQueryResult<IncidentService[]> {
  return useQuery({
    queryKey: incidentKeys.services(id),
    queryFn: () => listIncidentServices(id),
  });
}

export interface ServiceChange {
  key: string;
  /** The version the user saw; undefined to add the service. */
  version: number | undefined;
  state: IncidentServiceInput;
}

export function usePutService(
  id: number,
): UseMutationResult<IncidentServiceWithHistory, Error, ServiceChange> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, version, state }: ServiceChange) =>
      putIncidentService(id, key, version, state),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.services(id) }),
  });
}

/** The recovery view: what is still down or degraded, longest outage first. */
export function useRecovery(): UseQueryResult<RecoveryItem[]> {
  return useQuery({ queryKey: incidentKeys.recovery, queryFn: listRecovery });
}
