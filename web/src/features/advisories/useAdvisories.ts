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
  acknowledge,
  acknowledgeLink,
  approveAdvisory,
  createAdvisory,
  createHelpRequest,
  createPolicy,
  deleteAdvisory,
  deleteAttachment,
  emergencySend,
  getAdvisory,
  getAdvisoryLink,
  getBoard,
  getCallList,
  getInbox,
  getRecipient,
  listAdvisories,
  listHelpRequests,
  listPolicies,
  previewAudience,
  publishRevision,
  recordCall,
  setActionPoint,
  updateAdvisory,
  updateHelpRequest,
  updatePolicy,
  uploadAttachment,
  withdrawAdvisory,
} from './api';
import type {
  AckResult,
  Advisory,
  AdvisoryAttachment,
  AdvisoryInput,
  AdvisoryLink,
  AdvisoryPage,
  AdvisoryStatus,
  Audience,
  AudiencePreview,
  Board,
  BoardFilters,
  Call,
  CallInput,
  CallListItem,
  HelpRequest,
  HelpRequestInput,
  HelpRequestPatch,
  HelpStatus,
  Inbox,
  Policy,
  PolicyInput,
  RecipientDetail,
  RevisionInput,
} from './types';

export const advisoryKeys = {
  all: ['advisories'] as const,
  list: (status: AdvisoryStatus | undefined) => ['advisories', 'list', status ?? 'any'] as const,
  detail: (id: number) => ['advisories', 'detail', id] as const,
  board: (id: number) => ['advisories', 'board', id] as const,
  boardFor: (id: number, filters: BoardFilters) => ['advisories', 'board', id, filters] as const,
  recipient: (id: number, organisationId: number) =>
    ['advisories', 'board', id, 'recipient', organisationId] as const,
  callList: (id: number) => ['advisories', 'board', id, 'call-list'] as const,
  preview: (audience: Audience) => ['advisories', 'preview', audience] as const,
  inbox: ['inbox'] as const,
  link: (token: string) => ['advisory-link', token] as const,
  policies: ['escalation-policies'] as const,
  help: (status: HelpStatus | undefined) => ['help-requests', status ?? 'any'] as const,
};

export function useAdvisoryList(
  status: AdvisoryStatus | undefined,
): UseInfiniteQueryResult<InfiniteData<AdvisoryPage>> {
  return useInfiniteQuery({
    queryKey: advisoryKeys.list(status),
    queryFn: ({ pageParam }) => listAdvisories(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useAdvisory(id: number, lang?: string): UseQueryResult<Advisory> {
  return useQuery({
    queryKey: advisoryKeys.detail(id),
    queryFn: () => getAdvisory(id, lang),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** After any change of an advisory: its page, the lists, its board and the inbox. */
function useAdvisoryChanged(): (advisory?: Advisory) => void {
  const queryClient = useQueryClient();
  return (advisory) => {
    if (advisory) queryClient.setQueryData(advisoryKeys.detail(advisory.id), advisory);
    void queryClient.invalidateQueries({ queryKey: ['advisories', 'list'] });
    if (advisory) void queryClient.invalidateQueries({ queryKey: advisoryKeys.board(advisory.id) });
    void queryClient.invalidateQueries({ queryKey: advisoryKeys.inbox });
  };
}

export function useSaveAdvisory(
  existing: Advisory | undefined,
): UseMutationResult<Advisory, Error, AdvisoryInput> {
  const changed = useAdvisoryChanged();
  return useMutation({
    mutationFn: (input: AdvisoryInput) =>
      existing ? updateAdvisory(existing, input) : createAdvisory(input),
    onSuccess: (a) => changed(a),
  });
}

export function useDeleteAdvisory(advisory: Advisory): UseMutationResult<void, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteAdvisory(advisory),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: advisoryKeys.detail(advisory.id) });
      void queryClient.invalidateQueries({ queryKey: ['advisories', 'list'] });
    },
  });
}

export function useApprove(advisory: Advisory): UseMutationResult<Advisory, Error, void> {
  const changed = useAdvisoryChanged();
  return useMutation({ mutationFn: () => approveAdvisory(advisory), onSuccess: changed });
}

export function useEmergencySend(advisory: Advisory): UseMutationResult<Advisory, Error, string> {
  const changed = useAdvisoryChanged();
  return useMutation({
    mutationFn: (reason: string) => emergencySend(advisory, reason),
    onSuccess: changed,
  });
}

export function usePublishRevision(
  advisory: Advisory,
): UseMutationResult<Advisory, Error, RevisionInput> {
  const changed = useAdvisoryChanged();
  return useMutation({
    mutationFn: (input: RevisionInput) => publishRevision(advisory, input),
    onSuccess: changed,
  });
}

export function useWithdraw(advisory: Advisory): UseMutationResult<Advisory, Error, string> {
  const changed = useAdvisoryChanged();
  return useMutation({
    mutationFn: (reason: string) => withdrawAdvisory(advisory, reason),
    onSuccess: changed,
  });
}

/** The live audience preview; kept while the next one loads so the list does not flicker. */
export function useAudiencePreview(audience: Audience): UseQueryResult<AudiencePreview> {
  return useQuery({
    queryKey: advisoryKeys.preview(audience),
    queryFn: () => previewAudience(audience),
    placeholderData: (previous) => previous,
  });
}

/** The board; `pollMs` refreshes it on a timer while the event stream is down. */
/** The board in pages: the counts come with every page, the rows page by organisation. */
export function useBoard(
  id: number,
  filters: BoardFilters,
  pollMs: number | false = false,
): UseInfiniteQueryResult<InfiniteData<Board>> {
  return useInfiniteQuery({
    queryKey: advisoryKeys.boardFor(id, filters),
    queryFn: ({ pageParam }) => getBoard(id, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: (previous) => previous,
    refetchInterval: pollMs,
  });
}

export function useRecipient(id: number, organisationId: number): UseQueryResult<RecipientDetail> {
  return useQuery({
    queryKey: advisoryKeys.recipient(id, organisationId),
    queryFn: () => getRecipient(id, organisationId),
  });
}

export function useCallList(id: number): UseQueryResult<CallListItem[]> {
  return useQuery({ queryKey: advisoryKeys.callList(id), queryFn: () => getCallList(id) });
}

export function useRecordCall(
  id: number,
  organisationId: number,
): UseMutationResult<Call, Error, CallInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput) => recordCall(id, organisationId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: advisoryKeys.board(id) });
      void queryClient.invalidateQueries({ queryKey: advisoryKeys.detail(id) });
    },
  });
}

export function useInbox(enabled = true): UseQueryResult<Inbox> {
  return useQuery({ queryKey: advisoryKeys.inbox, queryFn: getInbox, enabled });
}

export function useAcknowledge(id: number): UseMutationResult<AckResult, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => acknowledge(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: advisoryKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: advisoryKeys.inbox });
    },
  });
}

export function useActionPoint(
  id: number,
): UseMutationResult<{ action_points_done: number[] }, Error, { index: number; done: boolean }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ index, done }: { index: number; done: boolean }) =>
      setActionPoint(id, index, done),
    onSuccess: ({ action_points_done }) => {
      queryClient.setQueryData<Advisory>(advisoryKeys.detail(id), (a) =>
        a?.organisation_state
          ? { ...a, organisation_state: { ...a.organisation_state, action_points_done } }
          : a,
      );
    },
  });
}

export function useAdvisoryLink(token: string): UseQueryResult<AdvisoryLink> {
  return useQuery({
    queryKey: advisoryKeys.link(token),
    queryFn: () => getAdvisoryLink(token),
    retry: false,
  });
}

export function useAcknowledgeLink(token: string): UseMutationResult<AckResult, Error, void> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => acknowledgeLink(token),
    onSuccess: ({ acknowledged }) => {
      queryClient.setQueryData<AdvisoryLink>(advisoryKeys.link(token), (l) =>
        l ? { ...l, acknowledged } : l,
      );
    },
  });
}

export function usePolicies(): UseQueryResult<Policy[]> {
  return useQuery({ queryKey: advisoryKeys.policies, queryFn: listPolicies });
}

export function useSavePolicy(
  existing: Policy | undefined,
): UseMutationResult<Policy, Error, PolicyInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PolicyInput) =>
      existing ? updatePolicy(existing, input) : createPolicy(input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: advisoryKeys.policies }),
  });
}

export function useHelpRequests(status: HelpStatus | undefined): UseQueryResult<HelpRequest[]> {
  return useQuery({ queryKey: advisoryKeys.help(status), queryFn: () => listHelpRequests(status) });
}

export function useCreateHelpRequest(): UseMutationResult<HelpRequest, Error, HelpRequestInput> {
  return useMutation({ mutationFn: createHelpRequest });
}

export function useUpdateHelpRequest(): UseMutationResult<
  HelpRequest,
  Error,
  { request: HelpRequest; patch: HelpRequestPatch }
> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, patch }: { request: HelpRequest; patch: HelpRequestPatch }) =>
      updateHelpRequest(request, patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['help-requests'] }),
  });
}

/** Uploads one file to a draft; the draft is read again afterwards. */
export function useUploadAttachment(
  advisoryId: number,
): UseMutationResult<AdvisoryAttachment, Error, File> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(advisoryId, file),
    onSettled: () => queryClient.invalidateQueries({ queryKey: advisoryKeys.detail(advisoryId) }),
  });
}

/** Removes a file from a draft. */
export function useDeleteAttachment(advisoryId: number): UseMutationResult<void, Error, number> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: number) => deleteAttachment(advisoryId, attachmentId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: advisoryKeys.detail(advisoryId) }),
  });
}
