import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { verificationDb } from '../../testing/msw/handlers/verification';
import { renderApp } from '../../testing/render';
import type { VerificationLink } from './types';

function link(partial: Partial<VerificationLink> = {}): VerificationLink {
  return {
    language: 'nl',
    organisation: { name: 'Oefenstad' },
    position: 0,
    person: {
      id: 1,
      full_name: 'Sanne Oefenaar',
      work_email: 'sanne@oefenstad.example',
      oob_email: null,
      mobile: '+32 499 00 10 01',
      landline: null,
      preferred_language: 'nl',
      verified_at: null,
    },
    state: 'outstanding',
    confirmed_at: null,
    expires_at: '2026-12-21T08:00:00Z',
    is_exercise: true,
    ...partial,
  };
}

describe('VerifyLinkPage', () => {
  it('shows the details without signing in and confirms them as they are', async () => {
    verificationDb.links.abc = link();
    renderApp({ route: '/verify/abc', language: 'en' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Uw contactgegevens bevestigen' }),
    ).toBeInTheDocument();
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    expect(screen.getByText('sanne@oefenstad.example')).toBeInTheDocument();
    expect(screen.getByText('+32 499 00 10 01')).toBeInTheDocument();
    expect(verificationDb.sent).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Ja, alles klopt' }));
    expect(await screen.findByText('Bedankt. Uw gegevens zijn bevestigd.')).toBeInTheDocument();
    expect(verificationDb.sent).toEqual([
      { path: '/api/verification-links/abc/confirm', body: {} },
    ]);
    expect(document.documentElement.lang).toBe('nl');
  });

  it('sends only the corrected fields, and shows a refused value', async () => {
    verificationDb.links.abc = link({ language: 'en' });
    renderApp({ route: '/verify/abc', language: 'nl' });
    await userEvent.click(await screen.findByRole('button', { name: 'Correct my details' }));
    const email = screen.getByLabelText('E-mail (work)');
    await userEvent.clear(email);
    await userEvent.type(email, 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Save the corrections and confirm' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Check the marked fields: an e-mail address or phone number is not valid.',
    );
    expect(screen.getByLabelText('E-mail (work)')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(email);
    await userEvent.type(email, 'sanne.new@oefenstad.example');
    await userEvent.clear(screen.getByLabelText('Mobile'));
    await userEvent.click(screen.getByRole('button', { name: 'Save the corrections and confirm' }));
    expect(await screen.findByText('Thank you. Your details are confirmed.')).toBeInTheDocument();
    expect(verificationDb.sent.at(-1)?.body).toEqual({
      work_email: 'sanne.new@oefenstad.example',
      mobile: null,
    });
    expect(screen.getByText('sanne.new@oefenstad.example')).toBeInTheDocument();
  });

  it('says when the details were confirmed already, in French', async () => {
    verificationDb.links.abc = link({
      language: 'fr',
      state: 'confirmed',
      confirmed_at: '2026-12-07T08:03:00Z',
    });
    renderApp({ route: '/verify/abc', language: 'en' });
    expect(
      await screen.findByText('Vos coordonnées ont déjà été confirmées le 07/12/2026 09:03.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Oui, tout est correct' })).toBeNull();
  });

  it('explains an expired and an unknown link in the browser language', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-BE', 'en']);
    verificationDb.links.old = 'expired';
    const { unmount } = renderApp({ route: '/verify/old', language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Ce lien a expiré' })).toBeInTheDocument();
    unmount();
    renderApp({ route: '/verify/tampered', language: 'en' });
    expect(
      await screen.findByRole('heading', { name: "Ce lien n'est pas valable" }),
    ).toBeInTheDocument();
  });
});
