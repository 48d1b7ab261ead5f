import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

function row(name: string): HTMLElement {
  const item = screen.getByRole('heading', { level: 3, name }).closest('li');
  if (!item) throw new Error('no row');
  return item;
}

describe('UsersPage', () => {
  it('is only for war room admins', async () => {
    signIn(2);
    renderApp({ route: '/admin/users' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Accounts' })).toBeNull();
  });

  it('shows the directory person an account is linked to', async () => {
    signIn(1);
    renderApp({ route: '/admin/users' });
    await screen.findByRole('heading', { level: 3, name: 'Ann Voorbeeld' });
    expect(
      within(row('Ann Voorbeeld')).getByRole('link', { name: 'Contact: Ann Voorbeeld' }),
    ).toHaveAttribute('href', '/organisations/1');
    expect(within(row('Wanda Admin')).queryByTestId('linked-person')).toBeNull();
  });

  it('changes a role and disables an account', async () => {
    signIn(1);
    renderApp({ route: '/admin/users' });
    await screen.findByRole('heading', { level: 3, name: 'Ann Voorbeeld' });
    await userEvent.selectOptions(within(row('Ann Voorbeeld')).getByLabelText('Role'), 'member');
    await userEvent.click(
      within(row('Ann Voorbeeld')).getByRole('button', { name: /Change role/ }),
    );
    await waitFor(() => expect(db.users[1]?.role).toBe('member'));

    await userEvent.click(
      await within(row('Ann Voorbeeld')).findByRole('button', { name: /^Disable/ }),
    );
    expect(await within(row('Ann Voorbeeld')).findByText('Disabled')).toBeInTheDocument();
    expect(db.users[1]?.status).toBe('disabled');
  });

  it('shows the 412 notice when the account changed meanwhile', async () => {
    signIn(1);
    renderApp({ route: '/admin/users' });
    await screen.findByRole('heading', { level: 3, name: 'Ann Voorbeeld' });
    const ann = db.users[1];
    if (ann) ann.version += 1;
    await userEvent.click(within(row('Ann Voorbeeld')).getByRole('button', { name: /^Disable/ }));
    const alert = await within(row('Ann Voorbeeld')).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record');
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    await userEvent.click(
      await within(row('Ann Voorbeeld')).findByRole('button', { name: /^Disable/ }),
    );
    expect(await within(row('Ann Voorbeeld')).findByText('Disabled')).toBeInTheDocument();
  });

  it('resets the second factor of a user who lost the authenticator', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    signIn(1);
    renderApp({ route: '/admin/users' });
    await screen.findByRole('heading', { level: 3, name: 'Ann Voorbeeld' });
    expect(
      within(row('Wanda Admin')).queryByRole('button', { name: /Reset second factor/ }),
    ).toBeNull();
    await userEvent.click(
      within(row('Ann Voorbeeld')).getByRole('button', { name: /Reset second factor/ }),
    );
    await waitFor(() => expect(db.users[1]?.totp_enabled).toBe(false));
    expect(
      await within(row('Ann Voorbeeld')).findByText('No two-step verification'),
    ).toBeInTheDocument();
  });

  it('sends a password reset link', async () => {
    signIn(1);
    renderApp({ route: '/admin/users' });
    await screen.findByRole('heading', { level: 3, name: 'Ann Voorbeeld' });
    await userEvent.click(
      within(row('Ann Voorbeeld')).getByRole('button', { name: /Send password reset link/ }),
    );
    expect(await screen.findByText('The link has been sent.')).toBeInTheDocument();
  });
});
