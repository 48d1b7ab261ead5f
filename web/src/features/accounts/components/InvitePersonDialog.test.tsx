import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../../testing/msw/db';
import { renderApp } from '../../../testing/render';

async function card(name: string): Promise<HTMLElement> {
  const li = (await screen.findByRole('heading', { level: 3, name })).closest('li');
  if (!li) throw new Error(`no card for ${name}`);
  return li;
}

describe('InvitePersonDialog on the organisation page', () => {
  it('lets the admin invite a contact without an account, then shows its status', async () => {
    signIn(1);
    renderApp({ route: '/organisations/1' });
    // Ann has an account already: no Invite, but her account's status.
    const ann = await card('Ann Voorbeeld');
    expect(within(ann).getByText('Has an account')).toBeInTheDocument();
    expect(within(ann).queryByRole('button', { name: /Invite/ })).toBeNull();

    const bert = await card('Bert Proef');
    await userEvent.click(within(bert).getByRole('button', { name: 'Invite: Bert Proef' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite Bert Proef' });
    expect(within(dialog).getByText(/bert\.proef@oefenstad\.example/)).toBeInTheDocument();
    // The admin is offered the roles that fit a municipality, nothing of the war room.
    const role = within(dialog).getByLabelText('Role');
    const offered = within(role)
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(offered).toEqual(['spoc', 'member', 'observer']);
    await userEvent.selectOptions(role, 'spoc');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(await card('Bert Proef')).findByText('Invited')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(db.users.at(-1)).toMatchObject({
      email: 'bert.proef@oefenstad.example',
      role: 'spoc',
      person_id: 102,
      status: 'invited',
    });
  });

  it('offers a SPOC only member and SPOC for her own organisation', async () => {
    signIn(2); // Ann, SPOC of Oefenstad
    renderApp({ route: '/organisations/1' });
    const chris = await card('Chris Fictief');
    await userEvent.click(within(chris).getByRole('button', { name: 'Invite: Chris Fictief' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite Chris Fictief' });
    const offered = within(within(dialog).getByLabelText('Role'))
      .getAllByRole('option')
      .map((o) => o.getAttribute('value'));
    expect(offered).toEqual(['member', 'spoc']);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(db.users.some((u) => u.person_id === 103)).toBe(false);
  });

  it('shows the reason when the person has no work e-mail', async () => {
    signIn(1);
    const chris = db.people.find((p) => p.id === 103);
    if (chris) chris.work_email = null;
    renderApp({ route: '/organisations/1' });
    await userEvent.click(
      within(await card('Chris Fictief')).getByRole('button', { name: 'Invite: Chris Fictief' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Invite Chris Fictief' });
    expect(
      within(dialog).getByText('This person has no work e-mail address to invite.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('offers no invitation to a member', async () => {
    db.users.push({
      id: 3,
      email: 'member@oefenstad.example',
      display_name: 'Mia Member',
      role: 'member',
      organisation_id: 1,
      organisation_name: 'Oefenstad',
      status: 'active',
      totp_enabled: true,
      preferred_language: 'en',
      last_sign_in_at: null,
      person_id: null,
      version: 1,
      password: 'x',
    });
    signIn(3);
    renderApp({ route: '/organisations/1' });
    const bert = await card('Bert Proef');
    expect(within(bert).queryByRole('button', { name: /Invite/ })).toBeNull();
  });
});
