import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { signIn } from '../../testing/msw/db';
import { verificationDb } from '../../testing/msw/handlers/verification';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';
import type { VerificationRound } from './types';
import { audienceFor } from './types';

function round(partial: Partial<VerificationRound> = {}): VerificationRound {
  return {
    id: 7,
    audience: audienceFor(''),
    created_by: 'admin@warroom.example',
    created_at: '2026-09-08T08:00:00Z',
    expires_at: '2026-09-22T08:00:00Z',
    is_exercise: true,
    asked: 10,
    confirmed: 8,
    corrected: 1,
    outstanding: 2,
    ...partial,
  };
}

describe('VerificationRoundsPage', () => {
  it('previews, starts a round and opens its board', async () => {
    signIn();
    renderApp({ route: '/verification' });
    expect(await screen.findByText('No rounds yet.')).toBeInTheDocument();
    expect(
      await screen.findByText('5 people in 2 organisations will get an e-mail.'),
    ).toBeInTheDocument();
    const days = screen.getByLabelText('Links valid for (days)');
    await userEvent.clear(days);
    await userEvent.type(days, '0');
    expect(
      screen.getByRole('button', { name: 'Start the round and send the e-mails' }),
    ).toBeDisabled();
    await userEvent.clear(days);
    await userEvent.type(days, '21');
    await userEvent.click(
      screen.getByRole('button', { name: 'Start the round and send the e-mails' }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: /^Round of/ })).toBeInTheDocument();
    expect(verificationDb.sent.filter((w) => w.path === '/api/verification-rounds')).toEqual([
      {
        path: '/api/verification-rounds',
        body: { audience: audienceFor(''), expires_in_days: 21, is_exercise: false },
      },
    ]);
  });

  it('lists the rounds with their counts', async () => {
    signIn();
    verificationDb.rounds = [round()];
    renderApp({ route: '/verification' });
    const table = await screen.findByRole('table', { name: 'Rounds' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('08/09/2026');
    expect(row).toHaveTextContent('10');
    expect(row).toHaveTextContent('2');
  });

  it('shows a failed list with a retry', async () => {
    signIn();
    server.use(http.get('/api/verification-rounds', () => problem(500)));
    renderApp({ route: '/verification' });
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('VerificationRoundPage', () => {
  it('shows the counts and each person asked', async () => {
    signIn();
    verificationDb.boards[7] = {
      round: round(),
      items: [
        {
          request_id: 1,
          organisation_id: 3,
          organisation_name: 'Oefenstad',
          person_id: 11,
          person_name: 'Sanne Oefenaar',
          position: 0,
          state: 'corrected',
          confirmed_at: '2026-09-10T08:00:00Z',
        },
        {
          request_id: 2,
          organisation_id: 3,
          organisation_name: 'Oefenstad',
          person_id: 12,
          person_name: 'Bram Proefmans',
          position: 1,
          state: 'outstanding',
          confirmed_at: null,
        },
      ],
    };
    renderApp({ route: '/verification/7' });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Sanne Oefenaar');
    expect(rows[1]).toHaveTextContent('Corrected and confirmed');
    expect(rows[2]).toHaveTextContent('Deputy 1');
    expect(rows[2]).toHaveTextContent('Outstanding');
    expect(screen.getByText('Asked').nextSibling).toHaveTextContent('10');
  });

  it('says when a round does not exist', async () => {
    signIn();
    renderApp({ route: '/verification/99' });
    expect(await screen.findByRole('alert')).toBeInTheDocument();
  });
});
