import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { fakeEventStream } from '../../testing/fakeEvents';
import { db, signIn } from '../../testing/msw/db';
import { incident, incidentDb } from '../../testing/msw/handlers/incidents';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';

/** The titles in the table's rows, top to bottom (CSS, not roles: the list may be long). */
function titles(container: HTMLElement): string[] {
  return [...container.querySelectorAll('tbody tr td:first-child a')].map((a) => a.textContent);
}

describe('IncidentsPage', () => {
  const events = fakeEventStream();

  it('lists the open incidents newest first with severity, status, TLP and exercise marker', async () => {
    incidentDb.incidents = [
      incident({ id: 1, title: 'Old phishing', severity: 3, status: 'triage', tlp: 'green' }),
      incident({ id: 2, title: 'Closed one', status: 'closed' }),
      incident({
        id: 3,
        title: 'Ransomware',
        is_exercise: true,
        tlp: 'amber+strict',
        organisation: { id: 3, name: 'Proefdorp' },
      }),
    ];
    signIn();
    const { container } = renderApp({ route: '/incidents' });
    const table = await screen.findByRole('table', { name: 'Incidents' });
    expect(titles(container)).toEqual(['Ransomware', 'Old phishing']);
    const [first] = within(table).getAllByRole('row').slice(1);
    if (!first) throw new Error('no row');
    expect(within(first).getByText('1 · Critical')).toHaveClass('incident-severity-1');
    expect(within(first).getByText('Reported')).toBeInTheDocument();
    expect(within(first).getByText('TLP:AMBER+STRICT')).toHaveClass('tlp-amber-strict');
    expect(within(first).getByText('EXERCISE')).toBeInTheDocument();
    expect(within(first).getByText('Proefdorp')).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'Ransomware' })).toHaveAttribute(
      'href',
      '/incidents/3',
    );
    expect(screen.getByRole('link', { name: 'Declare an incident' })).toHaveAttribute(
      'href',
      '/incidents/new',
    );

    await userEvent.selectOptions(screen.getByLabelText('Show'), 'all');
    expect(screen.getByTestId('location')).toHaveTextContent('/incidents?status=all');
    await waitFor(() =>
      expect(titles(container)).toEqual(['Ransomware', 'Closed one', 'Old phishing']),
    );
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'closed');
    await waitFor(() => expect(titles(container)).toEqual(['Closed one']));
  });

  it('pages with next_before behind "Show more"', async () => {
    incidentDb.incidents = Array.from({ length: 60 }, (_, i) =>
      incident({ id: i + 1, title: `Incident ${i + 1}` }),
    );
    signIn();
    const { container } = renderApp({ route: '/incidents' });
    await screen.findByRole('table', { name: 'Incidents' });
    expect(titles(container)).toHaveLength(50);
    expect(titles(container)[0]).toBe('Incident 60');
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(titles(container)).toHaveLength(60));
    expect(titles(container)[59]).toBe('Incident 1');
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('follows a declaration made elsewhere without a reload', async () => {
    signIn();
    const { container } = renderApp({ route: '/incidents' });
    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    incidentDb.incidents = [incident({ id: 7, title: 'Declared by phone' })];
    events.emit('incident.declared', { incident_id: 7, organisation_id: 1 });
    await waitFor(() => expect(titles(container)).toEqual(['Declared by phone']));
  });

  it('shows the empty and the error state', async () => {
    server.use(http.get('/api/incidents', () => problem(403, { code: 'role_not_permitted' })));
    signIn();
    renderApp({ route: '/incidents?status=closed' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your role does not allow this.');
  });

  it('is in the menu of a SPOC', async () => {
    signIn(2);
    renderApp({ route: '/account' });
    const nav = await screen.findByRole('navigation', { name: 'Main menu' });
    expect(within(nav).getByRole('link', { name: 'Incidents' })).toHaveAttribute(
      'href',
      '/incidents',
    );
  });

  it('is neither in the menu nor open to a provider (the list would be 403)', async () => {
    const spoc = db.users.find((u) => u.id === 2);
    if (!spoc) throw new Error('no user 2');
    db.users.push({ ...spoc, id: 3, role: 'provider', organisation_id: 4 });
    signIn(3);
    renderApp({ route: '/incidents' });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/directory'));
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).queryByRole('link', { name: 'Incidents' })).not.toBeInTheDocument();
  });
});
