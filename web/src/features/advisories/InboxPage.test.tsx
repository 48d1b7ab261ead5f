import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';
import type { InboxItem } from './types';

function entry(id: number, title: string, partial: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    reference: `ADV-2026-000${id}`,
    severity: 'warning',
    tlp: 'green',
    is_exercise: false,
    title,
    sent_at: `2026-12-0${id}T08:00:00Z`,
    revision: 1,
    opened: true,
    acknowledged: null,
    ...partial,
  };
}

describe('InboxPage', () => {
  it('puts unread first, then unacknowledged, and counts them in the menu', async () => {
    advisoryDb.inbox = {
      items: [
        entry(1, 'Old and done', {
          acknowledged: { at: '2026-12-01T09:00:00Z', channel: 'app', by: 'Ann Voorbeeld' },
        }),
        entry(2, 'Opened, not acknowledged'),
        entry(3, 'Brand new', { opened: false }),
      ],
      unread: 1,
      unacknowledged: 2,
    };
    signIn(2);
    renderApp({ route: '/inbox' });
    const list = await screen.findByRole('list', { name: 'Inbox' });
    const titles = within(list)
      .getAllByRole('link')
      .map((l) => l.textContent);
    expect(titles[0]).toMatch(/Brand new/);
    expect(titles[1]).toMatch(/Opened, not acknowledged/);
    expect(titles[2]).toMatch(/Old and done/);
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(
      await within(nav).findByRole('link', { name: /^Inbox\s*2 not acknowledged$/ }),
    ).toBeVisible();
  });

  it('says when nothing was received', async () => {
    signIn(2);
    renderApp({ route: '/inbox' });
    expect(
      await screen.findByText('Your organisation has received no advisories.'),
    ).toBeInTheDocument();
  });

  it('shows the advisory in the reader language, ticks points and acknowledges', async () => {
    advisoryDb.advisories = [
      advisory({
        status: 'sent',
        is_exercise: true,
        language: 'fr',
        organisation_state: {
          organisation_id: 1,
          acknowledged: null,
          opened_at: null,
          action_points_done: [],
        },
      }),
    ];
    signIn(2);
    renderApp({ route: '/inbox/1' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Faille VPN critique' }),
    ).toBeInTheDocument();
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    const point = screen.getByRole('checkbox', { name: 'Corriger' });
    await userEvent.click(point);
    await waitFor(() => expect(point).toBeChecked());
    expect(advisoryDb.sent.at(-1)).toMatchObject({
      path: '/api/advisories/1/action-points/0',
      body: { done: true },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge for Oefenstad' }));
    expect(
      await screen.findByText(/Acknowledged by Ann Voorbeeld at .* via app/),
    ).toBeInTheDocument();
  });

  it('asks the war room for help about the advisory', async () => {
    advisoryDb.advisories = [
      advisory({
        status: 'sent',
        language: 'en',
        organisation_state: {
          organisation_id: 1,
          acknowledged: null,
          opened_at: null,
          action_points_done: [],
        },
      }),
    ];
    signIn(2);
    renderApp({ route: '/inbox/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Ask the war room for help' }));
    await userEvent.type(screen.getByLabelText('Subject'), 'Which VPN version?');
    await userEvent.type(screen.getByLabelText('Your question'), 'We run 9.1.');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(
      await screen.findByText('Your request has been sent to the war room.'),
    ).toBeInTheDocument();
    expect(advisoryDb.sent.at(-1)?.body).toEqual({
      subject: 'Which VPN version?',
      body: 'We run 9.1.',
      advisory_id: 1,
    });
  });
});
