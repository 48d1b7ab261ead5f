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
  changePassword,
  createToken,
  invitePerson,
  inviteUser,
  listOwnSessions,
  listTokens,
  listUsers,
  revokeOwnSession,
  revokeToken,
  resetSecondFactor,
  sendPasswordReset,
  updateMe,
  updateUser,
} from './api';
import { sessionKey } from '../auth/api';
import { directoryKeys } from '../directory/useDirectory';
import type {
  ApiToken,
  ApiTokenCreated,
  ApiTokenInput,
  InvitationInput,
  MePatch,
  OwnSession,
  PasswordChangeRequest,
  PersonInvitationInput,
  User,
  UserPage,
  UserPatch,
} from './types';

export const accountKeys = {
  users: (q: string) => ['accounts', 'users', q] as const,
  tokens: ['accounts', 'tokens'] as const,
  sessions: ['accounts', 'sessions'] as const,
};

export function useChangePassword(): UseMutationResult<void, Error, PasswordChangeRequest> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

export function useOwnSessions(): UseQueryResult<OwnSession[]> {
  return useQuery({ queryKey: accountKeys.sessions, queryFn: listOwnSessions });
}

export function useRevokeOwnSession(): UseMutationResult<void, Error, string> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeOwnSession,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions }),
  });
}

export function useUsers(q: string): UseInfiniteQueryResult<InfiniteData<UserPage>> {
  return useInfiniteQuery({
    queryKey: accountKeys.users(q),
    queryFn: ({ pageParam }) => listUsers(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useInviteUser(): UseMutationResult<User, Error, InvitationInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inviteUser,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['accounts', 'users'] }),
  });
}

/** Invites a person of organisation `organisationId`; its page then shows the account. */
export function useInvitePerson(
  organisationId: number,
): UseMutationResult<User, Error, { personId: number; input: PersonInvitationInput }> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ personId, input }) => invitePerson(personId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: directoryKeys.organisation(organisationId) });
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'users'] });
    },
  });
}

/** Changes the signed-in user's own settings; the session shows them at once. */
export function useUpdateMe(): UseMutationResult<User, Error, MePatch> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}

export function useUpdateUser(user: User): UseMutationResult<User, Error, UserPatch> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UserPatch) => updateUser(user, patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['accounts', 'users'] }),
  });
}

export function useSendPasswordReset(): UseMutationResult<void, Error, number> {
  return useMutation({ mutationFn: sendPasswordReset });
}

export function useResetSecondFactor(): UseMutationResult<void, Error, number> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetSecondFactor,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['accounts', 'users'] }),
  });
}

export function useTokens(): UseQueryResult<ApiToken[]> {
  return useQuery({ queryKey: accountKeys.tokens, queryFn: listTokens });
}

export function useCreateToken(): UseMutationResult<ApiTokenCreated, Error, ApiTokenInput> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.tokens }),
  });
}

export function useRevokeToken(): UseMutationResult<void, Error, number> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.tokens }),
  });
}
