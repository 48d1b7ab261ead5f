import { screen } from '@testing-library/react';
import { http } from 'msw';

import { db, signIn } from '../testing/msw/db';
import { problem } from '../testing/msw/problem';
import { server } from '../testing/msw/server';
import { renderApp } from '../testing/render';

describe('session guard', () => {
  it('sends a visitor without a session to sign-in, remembering where they were going', async () => {
    renderApp({ route: '/directory?q=Oefenstad' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/login?next=%2Fdirectory%3Fq%3DOefenstad',
    );
  });

  it('goes to sign-in when a call answers 401 because the session ended', async () => {
    signIn();
    server.use(
      http.get('/api/organisations', () => {
        db.session = null;
        return problem(401);
      }),
    );
    renderApp({ route: '/directory' });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows the header with the user, organisation and language switcher', async () => {
    signIn();
    renderApp({ route: '/account' });
    const banner = await screen.findByRole('banner');
    expect(await screen.findByText('Wanda Admin')).toBeInTheDocument();
    expect(banner).toHaveTextContent('War room');
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    expect(screen.getByRole('navigation', { name: 'Main menu' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });
});
