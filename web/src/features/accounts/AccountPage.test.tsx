import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('AccountPage', () => {
  beforeEach(() => {
    signIn();
  });

  it('creates a token with scopes and shows its secret once', async () => {
    renderApp({ route: '/account' });
    expect(await screen.findByText('sweep on log server')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Name'), 'firewall export');
    await userEvent.click(screen.getByLabelText(/iocs:read/));
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('token-secret')).toHaveTextContent('wr_secret_abc123');
    expect(db.tokens.at(-1)).toMatchObject({
      name: 'firewall export',
      scopes: ['directory:read', 'iocs:read'],
    });
    await userEvent.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('token-secret')).toBeNull();
  });

  it('asks for the password again before creating a token when the sign-in is old', async () => {
    const session = db.session;
    if (session) session.recentlyAuthenticated = false;
    renderApp({ route: '/account' });
    expect(await screen.findByText('sweep on log server')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Name'), 'firewall export');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByRole('heading', { name: 'Confirm it is you' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Current password'), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(db.tokens.some((t) => t.name === 'firewall export')).toBe(false);
    await userEvent.clear(screen.getByLabelText('Current password'));
    await userEvent.type(screen.getByLabelText('Current password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByTestId('token-secret')).toHaveTextContent('wr_secret_abc123');
    expect(db.tokens.at(-1)).toMatchObject({ name: 'firewall export' });
  });

  it('accepts an authenticator code instead of the password', async () => {
    const session = db.session;
    if (session) session.recentlyAuthenticated = false;
    renderApp({ route: '/account' });
    await screen.findByText('sweep on log server');
    await userEvent.type(screen.getByLabelText('Name'), 'dns export');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Use a code from my authenticator app' }),
    );
    await userEvent.type(screen.getByLabelText('Six-digit code'), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByTestId('token-secret')).toBeInTheDocument();
    expect(db.tokens.at(-1)).toMatchObject({ name: 'dns export' });
  });

  it('revokes a token after confirmation', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderApp({ route: '/account' });
    const item = (await screen.findByText('sweep on log server')).closest('li');
    if (!item) throw new Error('no row');
    await userEvent.click(within(item).getByRole('button', { name: /Revoke/ }));
    expect(await screen.findByText('You have no API tokens yet.')).toBeInTheDocument();
  });

  it('signs out from the header', async () => {
    renderApp({ route: '/account' });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(db.session).toBeNull();
  });
});
