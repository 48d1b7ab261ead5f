import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';

import { db, signIn } from '../../../testing/msw/db';
import { server } from '../../../testing/msw/server';
import { renderApp } from '../../../testing/render';

async function openInvite(): Promise<HTMLElement> {
  await userEvent.click(await screen.findByRole('button', { name: 'Invite someone' }));
  return screen.getByRole('dialog', { name: 'Invite someone' });
}

async function pickOrganisation(dialog: HTMLElement, text: string, name: RegExp): Promise<void> {
  await userEvent.type(within(dialog).getByLabelText('Organisation'), text);
  await userEvent.click(await within(dialog).findByRole('button', { name }));
}

describe('InviteForm', () => {
  beforeEach(() => {
    signIn();
  });

  it('checks required fields before sending', async () => {
    renderApp({ route: '/admin/users' });
    const dialog = await openInvite();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(within(dialog).getAllByText('Fill in this field.')).toHaveLength(3);
    expect(within(dialog).getByLabelText('E-mail address')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the server’s field errors from problem+json next to the right field', async () => {
    renderApp({ route: '/admin/users' });
    const dialog = await openInvite();
    await userEvent.type(within(dialog).getByLabelText('E-mail address'), 'admin@warroom.test');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Someone');
    await pickOrganisation(dialog, 'Oefen', /Oefenstad/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));

    const email = within(dialog).getByLabelText('E-mail address');
    expect(await within(dialog).findByText('This value is already in use.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy.split(' ')[0] ?? '')).toHaveTextContent(
      'This value is already in use.',
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Check the marked fields.');
  });

  it('shows an error for a field the form does not know in the general message', async () => {
    server.use(
      http.post('/api/users', () =>
        HttpResponse.json(
          {
            type: 'urn:warroom:problem:validation',
            title: 'Invalid',
            status: 400,
            code: 'validation',
            errors: [{ field: '/person_id', code: 'not_found', message: 'no such person' }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    renderApp({ route: '/admin/users' });
    const dialog = await openInvite();
    await userEvent.type(within(dialog).getByLabelText('E-mail address'), 'new@oefenstad.example');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'New Person');
    await pickOrganisation(dialog, '99001', /Oefenstad/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '/person_id: This does not exist.',
    );
  });

  it('invites a person with role, organisation and language', async () => {
    renderApp({ route: '/admin/users' });
    const dialog = await openInvite();
    await userEvent.type(within(dialog).getByLabelText('E-mail address'), 'dpo@proefdorp.example');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Dana Proef');
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'member');
    await pickOrganisation(dialog, 'Proef', /Proefdorp/);
    await userEvent.selectOptions(within(dialog).getByLabelText('Language'), 'fr');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(
      await within(dialog).findByText('The invitation has been sent to dpo@proefdorp.example.'),
    ).toBeInTheDocument();
    expect(db.users.at(-1)).toMatchObject({
      email: 'dpo@proefdorp.example',
      role: 'member',
      organisation_id: 3,
      preferred_language: 'fr',
      status: 'invited',
    });
  });
});
