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
  inviteUser,
  listOwnSessions,
  listTokens,
  listUsers,
  revokeOwnSession,
  revokeToken,
  resetSecondFactor,
  sendPasswordReset,
  updateUser,
} from './api';
import type {
  ApiToken,
  ApiTokenCreated,
  ApiTokenInput,
  InvitationInput,
  OwnSession,
  PasswordChangeRequest,
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
