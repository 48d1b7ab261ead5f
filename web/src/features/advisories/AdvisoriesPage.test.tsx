import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';

describe('AdvisoriesPage', () => {
  it('lists advisories with severity, TLP, status and acknowledgement counts', async () => {
    advisoryDb.advisories = [
      advisory({ id: 1, status: 'draft', tlp: 'amber+strict' }),
      advisory({
        id: 2,
        reference: 'ADV-2026-0002',
        status: 'sent',
        severity: 'critical',
        tlp: 'red',
        is_exercise: true,
        sent_at: '2026-12-07T08:00:00Z',
        counts: {
          recipients: 300,
          delivered: 290,
          opened: 250,
          acknowledged: 247,
          escalated: 41,
          call_list: 12,
          refused: 3,
        },
      }),
    ];
    signIn();
    renderApp({ route: '/advisories' });
    const table = await screen.findByRole('table', { name: 'Advisories' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const sent = rows[2];
    if (!sent) throw new Error('no row');
    expect(within(sent).getByText('TLP:RED')).toHaveClass('tlp-red');
    expect(within(sent).getByText('Critical')).toBeInTheDocument();
    expect(within(sent).getByText('EXERCISE')).toBeInTheDocument();
    expect(within(sent).getByRole('link', { name: '247 / 300 acknowledged' })).toHaveAttribute(
      'href',
      '/advisories/2/board',
    );
    expect(within(table).getByText('TLP:AMBER+STRICT')).toHaveClass('tlp-amber-strict');
    expect(screen.getByRole('link', { name: 'New advisory' })).toHaveAttribute(
      'href',
      '/advisories/new',
    );

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'draft');
    expect(await screen.findByTestId('location')).toHaveTextContent('/advisories?status=draft');
    await screen.findByText('Critical VPN flaw');
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2);
  });

  it('shows the empty and the error state', async () => {
    signIn();
    const { unmount } = renderApp({ route: '/advisories' });
    expect(await screen.findByText('No advisories yet.')).toBeInTheDocument();
    unmount();
    server.use(http.get('/api/advisories', () => problem(500)));
    renderApp({ route: '/advisories' });
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('is for the war room: a SPOC sees the inbox in the menu instead', async () => {
    signIn(2);
    advisoryDb.inbox = { items: [], unread: 0, unacknowledged: 3 };
    renderApp({ route: '/advisories' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).queryByRole('link', { name: 'Advisories' })).toBeNull();
    expect(await within(nav).findByRole('link', { name: /Inbox/ })).toHaveTextContent('3');
  });
});
