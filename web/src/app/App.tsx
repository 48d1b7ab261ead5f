import type { QueryClient } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router';

import { Providers } from './Providers';
import { AppRoutes } from './routes';

interface AppProps {
  queryClient: QueryClient;
  i18n: i18n;
}

export function App({ queryClient, i18n }: AppProps): ReactNode {
  return (
    <Providers queryClient={queryClient} i18n={i18n}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
