import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('HelpRequestsPage', () => {
  beforeEach(() => {
    advisoryDb.help = [
      {
        id: 4,
        organisation: { id: 1, name: 'Oefenstad' },
        advisory_id: 1,
        subject: 'Which VPN version?',
        body: 'We run 9.1.',
        status: 'open',
        owner: null,
        requested_by: { id: 2, name: 'Ann Voorbeeld' },
        created_at: '2026-12-07T08:10:00Z',
        updated_at: '2026-12-07T08:10:00Z',
        version: 1,
      },
    ];
  });

  it('lists open requests; a member takes ownership and changes the status', async () => {
    signIn();
    renderApp({ route: '/help-requests' });
    expect(await screen.findByRole('heading', { name: 'Which VPN version?' })).toBeVisible();
    expect(screen.getByText('Owner: nobody yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Take ownership' }));
    expect(await screen.findByText('Owner: Admin')).toBeInTheDocument();
    expect(advisoryDb.sent.at(-1)).toMatchObject({ body: { owner_user_id: 1 }, ifMatch: 'W/"1"' });
    await userEvent.selectOptions(
      screen.getByLabelText('Status of Which VPN version?'),
      'in_progress',
    );
    await waitFor(() => expect(advisoryDb.sent.at(-1)?.body).toEqual({ status: 'in_progress' }));
    // The filter shows open requests; the one in progress leaves the list.
    expect(await screen.findByText('No help requests.')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Status'), '');
    expect(await screen.findByRole('heading', { name: 'Which VPN version?' })).toBeVisible();
  });
});
