import { useQuery, type UseQueryResult } from '@tanstack/react-query';

import { startTotpEnrolment } from './api';
import type { TotpEnrolment } from './types';

export const enrolmentKey = ['totp-enrolment'] as const;

/**
 * Starts a TOTP enrolment once per visit. The POST creates a new secret, so the result is never
 * refetched behind the user's back (that would invalidate the QR code being scanned).
 */
export function useTotpEnrolment(enabled: boolean): UseQueryResult<TotpEnrolment> {
  return useQuery({
    queryKey: enrolmentKey,
    queryFn: startTotpEnrolment,
    enabled,
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
