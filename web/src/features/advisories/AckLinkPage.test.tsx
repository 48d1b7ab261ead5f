import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisoryDb } from '../../testing/msw/handlers/advisories';
import { renderApp } from '../../testing/render';
import type { AdvisoryLink } from './types';

function link(partial: Partial<AdvisoryLink> = {}): AdvisoryLink {
  return {
    language: 'nl',
    advisory: {
      reference: 'ADV-2026-0001',
      severity: 'critical',
      tlp: 'amber',
      is_exercise: true,
      title: 'Kritiek lek in VPN',
      body: null,
      action_points: null,
    },
    organisation: { name: 'Oefenstad' },
    person: { name: 'Ann Voorbeeld' },
    acknowledged: null,
    expires_at: '2026-12-14T08:00:00Z',
    ...partial,
  };
}

describe('AckLinkPage', () => {
  it('acknowledges without signing in, in the language the server chose', async () => {
    advisoryDb.links.abc = link();
    renderApp({ route: '/ack/abc', language: 'en' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Kritiek lek in VPN' }),
    ).toBeInTheDocument();
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    expect(screen.getByText('TLP:AMBER')).toBeInTheDocument();
    expect(screen.getByText('Kritiek')).toBeInTheDocument();
    expect(screen.getByText('Ann Voorbeeld')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Bevestigen' }));
    expect(
      await screen.findByText(/^Bedankt\. Bevestigd door Ann Voorbeeld op .* via link\.$/),
    ).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('nl');
  });

  it('says who acknowledged already, and when and how', async () => {
    advisoryDb.links.abc = link({
      language: 'fr',
      acknowledged: { at: '2026-12-07T08:03:00Z', channel: 'phone', by: 'Piet Proef' },
    });
    renderApp({ route: '/ack/abc', language: 'en' });
    expect(
      await screen.findByText('Déjà confirmé par Piet Proef le 07/12/2026 09:03 via téléphone.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Confirmer' })).toBeNull();
  });

  it('shows the body and action points only when the API returns them', async () => {
    advisoryDb.links.abc = link({
      language: 'en',
      advisory: {
        ...link().advisory,
        title: 'Critical VPN flaw',
        body: 'Patch <b>now</b> [x](javascript:alert(1))',
        action_points: ['Patch the VPN'],
      },
    });
    const { container } = renderApp({ route: '/ack/abc', language: 'en' });
    expect(await screen.findByText('Patch the VPN')).toBeInTheDocument();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('explains an expired and an unknown link in the browser language', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-BE', 'en']);
    advisoryDb.links.old = 'expired';
    const { unmount } = renderApp({ route: '/ack/old', language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Ce lien a expiré' })).toBeInTheDocument();
    unmount();
    renderApp({ route: '/ack/tampered', language: 'en' });
    expect(
      await screen.findByRole('heading', { name: "Ce lien n'est pas valide" }),
    ).toBeInTheDocument();
    vi.restoreAllMocks();
  });
});
