import { useQuery, type UseQueryResult } from '@tanstack/react-query';

import { getSession, sessionKey } from './api';
import type { Session } from './types';

/** The caller's session; fails with a 401 ApiError when nobody is signed in. */
export function useSession(): UseQueryResult<Session> {
  return useQuery({
    queryKey: sessionKey,
    queryFn: getSession,
    retry: false,
    staleTime: 60_000,
    meta: { authQuery: true },
  });
}
