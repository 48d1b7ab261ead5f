import { screen, waitFor, within } from '@testing-library/react';
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
    const prompt = await screen.findByRole('form', { name: 'Confirm it is you' });
    const password = within(prompt).getByLabelText('Current password');
    await userEvent.type(password, 'wrong password');
    await userEvent.click(within(prompt).getByRole('button', { name: 'Confirm' }));
    expect(await within(prompt).findByRole('alert')).toBeInTheDocument();
    expect(db.tokens.some((t) => t.name === 'firewall export')).toBe(false);
    await userEvent.clear(password);
    await userEvent.type(password, 'correct horse battery');
    await userEvent.click(within(prompt).getByRole('button', { name: 'Confirm' }));
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

  it('changes the password with the current one', async () => {
    renderApp({ route: '/account' });
    const current = await screen.findByLabelText('Current password');
    await userEvent.type(current, 'not my password');
    await userEvent.type(screen.getByLabelText('New password'), 'Quartz-Meadow-Bicycle-71');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The current password is wrong.')).toBeInTheDocument();
    await userEvent.clear(current);
    await userEvent.type(current, 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password has been changed.')).toBeInTheDocument();
    expect(db.users[0]?.password).toBe('Quartz-Meadow-Bicycle-71');
  });

  it('lists the own sessions and signs out another one', async () => {
    renderApp({ route: '/account' });
    expect(await screen.findByText('This session')).toBeInTheDocument();
    const other = (await screen.findByText('Other session (198.51.100.23)')).closest('li');
    if (!other) throw new Error('no row');
    await userEvent.click(within(other).getByRole('button', { name: /Sign out/ }));
    await waitFor(() => expect(screen.queryByText('Other session (198.51.100.23)')).toBeNull());
    expect(db.otherSessions).toEqual([]);
  });

  it('revokes a token after confirmation', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderApp({ route: '/account' });
    const item = (await screen.findByText('sweep on log server')).closest('li');
    if (!item) throw new Error('no row');
    await userEvent.click(within(item).getByRole('button', { name: /Revoke/ }));
    expect(await screen.findByText('You have no API tokens yet.')).toBeInTheDocument();
  });

  it('saves the preferred language on the account and switches to it', async () => {
    renderApp({ route: '/account' });
    const select = await screen.findByLabelText('Preferred language');
    expect(select).toHaveValue('en');
    const save = screen.getByRole('button', { name: 'Save language' });
    expect(save).toBeDisabled();
    await userEvent.selectOptions(select, 'fr');
    await userEvent.click(save);
    // The app now speaks French: the section's own title says so.
    expect(await screen.findByText('Votre langue a été enregistrée.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Langue' })).toBeInTheDocument();
    expect(db.users[0]?.preferred_language).toBe('fr');
    expect(window.localStorage.getItem('wr_lang')).toBe('fr');
  });

  it('signs out from the header', async () => {
    renderApp({ route: '/account' });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(db.session).toBeNull();
  });
});
