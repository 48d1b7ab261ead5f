import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('PoliciesPage', () => {
  it('lists the policies with their steps', async () => {
    signIn();
    renderApp({ route: '/advisories/policies' });
    expect(await screen.findByRole('heading', { name: /Standard/ })).toBeInTheDocument();
    expect(screen.getByText('Each deputy in turn · then wait 30 min')).toBeInTheDocument();
    expect(screen.getByText('Out-of-band at once from Critical')).toBeInTheDocument();
  });

  it('creates a policy with a steps editor', async () => {
    signIn();
    renderApp({ route: '/advisories/policies' });
    await userEvent.click(await screen.findByRole('button', { name: 'New policy' }));
    const dialog = screen.getByRole('dialog', { name: 'New policy' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Fast');
    await userEvent.clear(within(dialog).getByLabelText('Step 1: wait (minutes)'));
    await userEvent.type(within(dialog).getByLabelText('Step 1: wait (minutes)'), '10');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add step' }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Step 2: send to'), 'call_list');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Out-of-band at once from severity'),
      'alert',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(advisoryDb.sent.at(-1)?.body).toEqual({
      name: 'Fast',
      description: null,
      steps: [
        { to: 'spoc', wait_minutes: 10 },
        { to: 'call_list', wait_minutes: 30 },
      ],
      out_of_band_from: 'alert',
    });
    expect(await screen.findByRole('heading', { name: 'Fast' })).toBeInTheDocument();
  });

  it('edits a policy with the version it read', async () => {
    signIn();
    renderApp({ route: '/advisories/policies' });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Standard' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit policy' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove step 3' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(advisoryDb.sent.at(-1)).toMatchObject({
      path: '/api/escalation-policies/1',
      ifMatch: 'W/"1"',
    });
    expect(advisoryDb.policies[0]?.steps).toHaveLength(2);
  });
});
