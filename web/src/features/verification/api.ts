import { api, unwrap } from '../../shared/api/client';
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

export async function listRounds(): Promise<VerificationRound[]> {
  const body = await unwrap(api.GET('/api/verification-rounds'));
  return body.items;
}

export function startRound(input: VerificationRoundInput): Promise<VerificationRound> {
  return unwrap(api.POST('/api/verification-rounds', { body: input }));
}

export function previewRound(audience: Audience): Promise<VerificationPreview> {
  return unwrap(api.POST('/api/verification-rounds/preview', { body: { audience } }));
}

export function getRound(id: number): Promise<VerificationBoard> {
  return unwrap(api.GET('/api/verification-rounds/{id}', { params: { path: { id } } }));
}

export function getLink(token: string): Promise<VerificationLink> {
  return unwrap(api.GET('/api/verification-links/{token}', { params: { path: { token } } }));
}

export function confirmLink(
  token: string,
  correction: VerificationCorrection,
): Promise<VerificationConfirmed> {
  return unwrap(
    api.POST('/api/verification-links/{token}/confirm', {
      params: { path: { token } },
      body: correction,
    }),
  );
}
