import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { sessionKey } from '../features/auth/api';
import { isApiError } from '../shared/api/errors';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { authQuery?: boolean };
    mutationMeta: { authQuery?: boolean };
  }
}

/**
 * The app's query client. A 401 from any ordinary call means the session ended: the session query
 * is reset, and the route guard then sends the user to sign-in.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401 && !query.meta?.authQuery) {
          void client.resetQueries({ queryKey: sessionKey });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (isApiError(error) && error.status === 401 && !mutation.meta?.authQuery) {
          void client.resetQueries({ queryKey: sessionKey });
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !isApiError(error) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}
