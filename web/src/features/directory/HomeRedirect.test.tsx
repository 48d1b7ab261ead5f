import { screen, within } from '@testing-library/react';

import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('the start page', () => {
  it("opens a SPOC's own organisation, with its gaps, and no access error", async () => {
    signIn(2);
    renderApp({ route: '/' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Oefenstad' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/organisations/1');
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).getByRole('link', { name: 'My organisation' })).toHaveAttribute(
      'href',
      '/organisations/1',
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens the directory for the war room', async () => {
    signIn(1);
    renderApp({ route: '/' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).queryByRole('link', { name: 'My organisation' })).toBeNull();
  });

  it("shows a SPOC's directory with her organisation's reachability, not a 403", async () => {
    signIn(2);
    renderApp({ route: '/directory' });
    const summary = await screen.findByRole('region', { name: /Reachability/ });
    expect(await within(summary).findByText(/1 local government counted/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
