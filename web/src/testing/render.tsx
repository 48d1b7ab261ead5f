import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';

import { Providers } from '../app/Providers';
import { createQueryClient } from '../app/queryClient';
import { AppRoutes } from '../app/routes';
import { setCsrfToken } from '../shared/api/csrf';
import { createI18n, type AppLanguage } from '../shared/i18n/i18n';
import { db } from './msw/db';

interface Options {
  route?: string;
  language?: AppLanguage;
}

function LocationProbe(): ReactNode {
  const location = useLocation();
  return (
    <output data-testid="location" hidden>
      {location.pathname + location.search + location.hash}
    </output>
  );
}

/** Renders the whole app at a route, with a fresh query client and the MSW database. */
export function renderApp({ route = '/', language = 'en' }: Options = {}): RenderResult {
  return render(
    <Providers queryClient={createQueryClient()} i18n={createI18n(language)}>
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
        <Routes>
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

/** Renders one component inside the providers, at a route. */
export function renderWithProviders(
  ui: ReactNode,
  { route = '/', language = 'en' }: Options = {},
): RenderResult {
  if (db.session) setCsrfToken(db.session.csrf);
  return render(
    <Providers queryClient={createQueryClient()} i18n={createI18n(language)}>
      <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
    </Providers>,
  );
}
