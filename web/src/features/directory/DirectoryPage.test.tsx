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
    // The total is known from the first page on.
    expect(await screen.findByTestId('result-count')).toHaveTextContent('35 organisations');
    expect(resultNames()).toHaveLength(25);
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(resultNames()).toHaveLength(35));
    expect(screen.getByTestId('result-count')).toHaveTextContent('35 organisations');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('counts the gaps of the chosen province and region only', async () => {
    renderApp({ route: '/directory' });
    const summary = await screen.findByRole('region', { name: /Reachability/ });
    expect(await within(summary).findByRole('link', { name: /2\s*No SPOC/ })).toBeInTheDocument();
    expect(within(summary).getByText(/4 local governments counted/)).toBeInTheDocument();
    await screen.findByRole('option', { name: 'Antwerp' });
    await userEvent.selectOptions(screen.getByLabelText('Province'), 'Antwerp');
    expect(await within(summary).findByText(/2 local governments counted/)).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: /1\s*No SPOC/ })).toHaveAttribute(
      'href',
      '/directory?province=10000&gap=no_spoc',
    );
    expect(screen.getByTestId('result-count')).toHaveTextContent('2 organisations');
  });

  it('exports the filtered list, every page of it, as CSV', async () => {
    for (let i = 0; i < 230; i++) {
      db.organisations.push({
        ...organisationById(5),
        id: 3000 + i,
        name_nl: i === 0 ? '=HYPERLINK("x")' : `Waalse gemeente ${i}`,
        nis_code: null,
      });
    }
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:export';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp({ route: '/directory?region=03000' });
    expect(await screen.findByTestId('result-count')).toHaveTextContent('231 organisations');
    await userEvent.click(screen.getByRole('button', { name: 'Export as CSV' }));
    expect(await screen.findByText('231 organisations exported')).toBeInTheDocument();
    expect(click).toHaveBeenCalledOnce();
    const text = await blobs[0]?.text();
    const lines = text?.trim().split('\r\n') ?? [];
    expect(lines[0]).toMatch(/^id,kind,nis_code,name_nl,/);
    expect(lines).toHaveLength(232);
    expect(text).toContain(
      '5,municipality,53053,Bergen,Mons,,,03000,Waals Gewest,50000,Henegouwen',
    );
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toContain('Oefenstad');
    create.mockRestore();
    revoke.mockRestore();
    click.mockRestore();
  });

  it('offers the export to the war room only', async () => {
    signIn(2);
    renderApp({ route: '/directory' });
    expect(await screen.findByTestId('result-count')).toHaveTextContent('1 organisation');
    expect(screen.queryByRole('button', { name: 'Export as CSV' })).toBeNull();
  });

  it('puts the least reachable first, and keeps that order in the address', async () => {
    renderApp({ route: '/directory' });
    await screen.findByRole('link', { name: 'Antwerpen' });
    expect(resultNames()[0]).toBe('Antwerpen');
    await userEvent.selectOptions(screen.getByLabelText('Order'), 'Least reachable first');
    await waitFor(() =>
      expect(resultNames()).toEqual([
        'Antwerpen',
        'Bergen',
        'Oefenstad',
        'Proefdorp',
        'Demo ICT NV',
      ]),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('sort=gaps');
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
