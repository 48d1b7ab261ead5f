import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, organisationById, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

function resultNames(): string[] {
  return screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent ?? '');
}

describe('DirectoryPage', () => {
  beforeEach(() => {
    signIn();
  });

  it('lists organisations with gap badges, the exercise mark and the gap summary', async () => {
    renderApp({ route: '/directory' });
    const row = (await screen.findByRole('link', { name: 'Antwerpen' })).closest('li');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('No SPOC')).toBeInTheDocument();
    expect(within(row).getByText('No deputy')).toBeInTheDocument();
    expect(within(row).getByText('No out-of-band channel')).toBeInTheDocument();

    const demo = screen.getByRole('link', { name: 'Oefenstad' }).closest('li');
    if (!demo) throw new Error('no row');
    expect(within(demo).getByText('EXERCISE')).toBeInTheDocument();
    expect(within(demo).getByText('Ann Voorbeeld')).toBeInTheDocument();

    const summary = screen.getByRole('region', { name: /Reachability/ });
    expect(within(summary).getByRole('link', { name: /2\s*No SPOC/ })).toHaveAttribute(
      'href',
      '/directory?gap=no_spoc',
    );
  });

  it('finds a municipality by its French name and by NIS code', async () => {
    renderApp({ route: '/directory' });
    await screen.findByRole('link', { name: 'Antwerpen' });
    const search = screen.getByRole('searchbox', { name: 'Search' });
    await userEvent.type(search, 'Anvers{Enter}');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Oefenstad' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Antwerpen' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/directory?q=Anvers');

    await userEvent.clear(search);
    await userEvent.type(search, '99001{Enter}');
    expect(await screen.findByRole('link', { name: 'Oefenstad' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Antwerpen' })).toBeNull());
  });

  it('filters by province and by gap, and links from the gap summary', async () => {
    renderApp({ route: '/directory' });
    await screen.findByRole('link', { name: 'Bergen' });
    await screen.findByRole('option', { name: 'Limburg' });
    await userEvent.selectOptions(screen.getByLabelText('Province'), 'Limburg');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Bergen' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Proefdorp' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('province=70000');

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    const summary = screen.getByRole('region', { name: /Reachability/ });
    await userEvent.click(within(summary).getByRole('link', { name: /No SPOC/ }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Oefenstad' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Bergen' })).toBeInTheDocument();
    expect(screen.getByLabelText('Gap')).toHaveValue('no_spoc');
  });

  it('pages with "load more"', async () => {
    for (let i = 0; i < 30; i++) {
      db.organisations.push({
        ...organisationById(2),
        id: 2000 + i,
        name_nl: `Zgemeente ${String(i).padStart(2, '0')}`,
        name_fr: null,
        nis_code: null,
      });
    }
    renderApp({ route: '/directory' });
    await screen.findByText('The first 25 organisations');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('35 organisations')).toBeInTheDocument();
    expect(resultNames()).toHaveLength(35);
  });

  it('says so when nothing matches', async () => {
    renderApp({ route: '/directory?q=nowhere' });
    expect(
      await screen.findByText('No organisations found. Change your search or filters.'),
    ).toBeInTheDocument();
  });

  it('renders names from the data as text, never as markup', async () => {
    db.organisations.push({
      ...organisationById(2),
      id: 666,
      name_nl: '<img src=x onerror=alert(1)>',
      name_fr: null,
    });
    const { container } = renderApp({ route: '/directory' });
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows an error with a retry when the list fails', async () => {
    const { server } = await import('../../testing/msw/server');
    const { http, HttpResponse } = await import('msw');
    server.use(
      http.get('/api/organisations', () =>
        HttpResponse.json({ type: 'x', title: 'down', status: 503 }, { status: 503 }),
      ),
    );
    renderApp({ route: '/directory' });
    expect(await screen.findByText(/temporarily unavailable/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
