import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';
import { tokenFromHash } from './ActivatePage';

describe('ActivatePage', () => {
  it('sets the first admin password with hints, then goes on to enrolment', async () => {
    renderApp({ route: '/activate#token=setup-token' });
    expect(
      await screen.findByRole('heading', { name: 'Set up the first administrator' }),
    ).toBeInTheDocument();
    expect(screen.getByText('admin@warroom.test')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('New password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(
      screen.getByText('The password does not yet meet the conditions below.'),
    ).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('New password'));
    await userEvent.type(screen.getByLabelText('New password'), 'Nachtvlinder-2026!');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'Nachtvlinder-2026!');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));

    expect(
      await screen.findByRole('heading', { name: 'Set up two-step verification' }),
    ).toBeInTheDocument();
  });

  it('shows the server’s password policy reason, translated', async () => {
    server.use(
      http.post('/api/account-links/:token', () =>
        problem(400, { code: 'too_common', detail: 'too_common' }),
      ),
    );
    renderApp({ route: '/activate#token=setup-token' });
    await userEvent.type(await screen.findByLabelText('New password'), 'Password1234!');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'Password1234!');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This password is too common. Choose another one.',
    );
  });

  it('does not accept a password containing the name', async () => {
    renderApp({ route: '/activate#token=setup-token' });
    await userEvent.type(await screen.findByLabelText('New password'), 'wanda-is-the-admin');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'wanda-is-the-admin');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(
      screen.getByText('The password does not yet meet the conditions below.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Does not contain your name/).closest('li')).toHaveClass('check-todo');
  });

  it('explains an unknown or used link', async () => {
    renderApp({ route: '/activate#token=nope' });
    expect(await screen.findByText('This link is invalid or has already been used.')).toBeVisible();
  });

  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc%2Bdef')).toBe('abc+def');
    expect(tokenFromHash('')).toBe('');
  });
});
