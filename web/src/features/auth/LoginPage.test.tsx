import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

async function enterPassword(email: string, password: string): Promise<void> {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('E-mail address'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('signs in with password then TOTP code and lands on the requested page', async () => {
    renderApp({ route: '/organisations/1' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Forganisations%2F1');

    await enterPassword('admin@warroom.test', 'correct horse battery');
    const code = await screen.findByLabelText('Six-digit code');
    expect(screen.getByRole('heading', { name: 'Second step' })).toHaveFocus();
    await userEvent.type(code, '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Oefenstad' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/organisations/1');
  });

  it('says when the password is wrong, without saying which part', async () => {
    renderApp({ route: '/login' });
    await enterPassword('admin@warroom.test', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The e-mail address or password is wrong.',
    );
  });

  it('rejects a wrong TOTP code and accepts a recovery code', async () => {
    renderApp({ route: '/login' });
    await enterPassword('admin@warroom.test', 'correct horse battery');
    await userEvent.type(await screen.findByLabelText('Six-digit code'), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This code is wrong');

    await userEvent.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    await userEvent.type(screen.getByLabelText('Recovery code'), 'aaaa-bbbb-cccc');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    expect(db.recoveryCodes).toEqual(['dddd-eeee-ffff']);
  });

  it('sends an account without a second factor to enrolment', async () => {
    const admin = db.users[0];
    if (admin) admin.totp_enabled = false;
    renderApp({ route: '/login' });
    await enterPassword('admin@warroom.test', 'correct horse battery');
    expect(
      await screen.findByRole('heading', { name: 'Set up two-step verification' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/enrol'));
  });

  it("switches to the account's language at sign-in", async () => {
    renderApp({ route: '/login' }); // English on this device
    await enterPassword('ann.voorbeeld@oefenstad.example', 'another long password');
    await waitFor(() => expect(document.documentElement.lang).toBe('nl'));
    expect(await screen.findByLabelText('Code van zes cijfers')).toBeInTheDocument();
    expect(window.localStorage.getItem('wr_lang')).toBe('nl');
  });

  it('speaks Dutch by default', async () => {
    renderApp({ route: '/login', language: 'nl' });
    expect(await screen.findByRole('heading', { name: 'Aanmelden' })).toBeInTheDocument();
    expect(screen.getByLabelText('Wachtwoord')).toBeInTheDocument();
  });
});
