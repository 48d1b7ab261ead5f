import type { Schemas } from '../../shared/api/types';
import type { paths } from '../../shared/api/schema.gen';

export type VerificationRound = Schemas['VerificationRound'];
export type VerificationLink = Schemas['VerificationLink'];
export type Audience = Schemas['Audience'];
export type VerificationBoard =
  paths['/api/verification-rounds/{id}']['get']['responses']['200']['content']['application/json'];
export type VerificationBoardItem = VerificationBoard['items'][number];
export type VerificationPreview =
  paths['/api/verification-rounds/preview']['post']['responses']['200']['content']['application/json'];
export type VerificationRoundInput = NonNullable<
  paths['/api/verification-rounds']['post']['requestBody']
>['content']['application/json'];
export type VerificationCorrection = NonNullable<
  paths['/api/verification-links/{token}/confirm']['post']['requestBody']
>['content']['application/json'];
export type VerificationConfirmed =
  paths['/api/verification-links/{token}/confirm']['post']['responses']['200']['content']['application/json'];
export type VerificationState = VerificationLink['state'];

export const verificationStates = [
  'outstanding',
  'confirmed',
  'corrected',
] as const satisfies readonly VerificationState[];

/** The audience of every active local government, or of those of one province. */
export function audienceFor(province: string): Audience {
  return {
    all: province === '',
    kinds: [],
    region_nis: [],
    province_nis: province === '' ? [] : [province],
    provider_id: null,
    provider_service: null,
    include_provider: false,
    organisation_ids: [],
  };
}
