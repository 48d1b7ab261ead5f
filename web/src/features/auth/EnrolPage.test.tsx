import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';
import { groupSecret } from './EnrolPage';

describe('EnrolPage', () => {
  it('shows the QR code and secret, confirms a code, then shows the recovery codes once', async () => {
    signIn(1, 'totp_enrolment');
    renderApp({ route: '/enrol' });

    const qr = await screen.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP');

    await userEvent.type(screen.getByLabelText('Six-digit code'), '999999');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This code is wrong');

    await userEvent.clear(screen.getByLabelText('Six-digit code'));
    await userEvent.type(screen.getByLabelText('Six-digit code'), db.totpCode);
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(list).toHaveTextContent('aaaa-bbbb-cccc');
    const next = screen.getByRole('button', { name: 'Continue' });
    expect(next).toBeDisabled();
    await userEvent.click(screen.getByLabelText('I have stored the codes safely'));
    await userEvent.click(next);
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
  });

  it('shows a field error from problem+json next to the code', async () => {
    signIn(1, 'totp_enrolment');
    renderApp({ route: '/enrol' });
    await userEvent.type(await screen.findByLabelText('Six-digit code'), '12ab');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('This does not have the right format.')).toBeInTheDocument();
    expect(screen.getByLabelText('Six-digit code')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for the password again before replacing the factor of an older session', async () => {
    const session = signIn(1, 'full');
    session.recentlyAuthenticated = false;
    renderApp({ route: '/enrol' });
    expect(await screen.findByRole('heading', { name: 'Confirm it is you' })).toBeInTheDocument();
    expect(screen.queryByTestId('totp-secret')).toBeNull();
    await userEvent.type(screen.getByLabelText('Current password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP');
  });

  it('sends a visitor without a session to sign-in', async () => {
    renderApp({ route: '/enrol' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('groups the secret for reading', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
