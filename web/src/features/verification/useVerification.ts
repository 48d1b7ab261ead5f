import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';

import { confirmLink, getLink, getRound, listRounds, previewRound, startRound } from './api';
import type {
  Audience,
  VerificationBoard,
  VerificationConfirmed,
  VerificationCorrection,
  VerificationLink,
  VerificationPreview,
  VerificationRound,
  VerificationRoundInput,
} from './types';

export const verificationKeys = {
  all: ['verification'] as const,
  rounds: ['verification', 'rounds'] as const,
  round: (id: number) => ['verification', 'round', id] as const,
  preview: (audience: Audience) => ['verification', 'preview', audience] as const,
  link: (token: string) => ['verification', 'link', token] as const,
};

export function useRounds(): UseQueryResult<VerificationRound[]> {
  return useQuery({ queryKey: verificationKeys.rounds, queryFn: listRounds });
}

export function useRound(id: number): UseQueryResult<VerificationBoard> {
  return useQuery({ queryKey: verificationKeys.round(id), queryFn: () => getRound(id) });
}

export function usePreview(audience: Audience): UseQueryResult<VerificationPreview> {
  return useQuery({
    queryKey: verificationKeys.preview(audience),
    queryFn: () => previewRound(audience),
  });
}

export function useStartRound(): UseMutationResult<
  VerificationRound,
  Error,
  VerificationRoundInput
> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: startRound,
    onSuccess: () => client.invalidateQueries({ queryKey: verificationKeys.all }),
  });
}

export function useVerificationLink(token: string): UseQueryResult<VerificationLink> {
  return useQuery({
    queryKey: verificationKeys.link(token),
    queryFn: () => getLink(token),
    retry: false,
  });
}

export function useConfirmLink(
  token: string,
): UseMutationResult<VerificationConfirmed, Error, VerificationCorrection> {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (correction: VerificationCorrection) => confirmLink(token, correction),
    onSuccess: (confirmed) => {
      client.setQueryData(verificationKeys.link(token), confirmed);
    },
  });
}
