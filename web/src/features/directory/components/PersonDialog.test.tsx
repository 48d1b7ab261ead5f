import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, signIn } from '../../../testing/msw/db';
import { renderApp } from '../../../testing/render';

describe('PersonDialog', () => {
  it('adds a contact with every channel', async () => {
    signIn(2);
    renderApp({ route: '/organisations/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Add contact' }));
    const dialog = screen.getByRole('dialog', { name: 'Add contact' });
    await userEvent.type(within(dialog).getByLabelText('Full name'), 'Dirk Nieuw');
    await userEvent.type(within(dialog).getByLabelText('E-mail (work)'), 'dirk@oefenstad.example');
    await userEvent.type(within(dialog).getByLabelText('E-mail (out-of-band)'), 'dirk@mail.test');
    await userEvent.type(within(dialog).getByLabelText('Mobile'), '+32 499 00 11 09');
    await userEvent.type(within(dialog).getByLabelText('Landline'), '+32 3 123 45 67');
    await userEvent.click(within(dialog).getByLabelText('ICT lead'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const card = (await screen.findByRole('heading', { level: 3, name: 'Dirk Nieuw' })).closest(
      'li',
    );
    if (!card) throw new Error('no card');
    expect(within(card).getByRole('link', { name: '+32 499 00 11 09' })).toHaveAttribute(
      'href',
      'tel:+32499001109',
    );
    expect(within(card).getByRole('link', { name: '+32 3 123 45 67' })).toBeInTheDocument();
    expect(db.people.find((p) => p.full_name === 'Dirk Nieuw')?.roles).toEqual(['ict_lead']);
  });

  it('requires a name before sending', async () => {
    signIn();
    const before = db.people.length;
    renderApp({ route: '/organisations/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Add contact' }));
    const dialog = screen.getByRole('dialog', { name: 'Add contact' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Fill in this field.')).toBeInTheDocument();
    expect(db.people).toHaveLength(before);
  });

  it('shows a bad phone number under its field', async () => {
    signIn();
    renderApp({ route: '/organisations/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Add contact' }));
    const dialog = screen.getByRole('dialog', { name: 'Add contact' });
    await userEvent.type(within(dialog).getByLabelText('Full name'), 'Eva Fout');
    await userEvent.type(within(dialog).getByLabelText(/^Mobile/), 'call me');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'This is not a valid phone number (for example +32499001122).',
      ),
    ).toBeInTheDocument();
  });

  it('changes a contact, removing a channel, with If-Match', async () => {
    signIn();
    renderApp({ route: '/organisations/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit: Bert Proef' }));
    const dialog = screen.getByRole('dialog', { name: 'Change Bert Proef' });
    await userEvent.clear(within(dialog).getByLabelText('Landline'));
    await userEvent.type(within(dialog).getByLabelText(/^Mobile/), '0499 00 11 02');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const bert = db.people.find((p) => p.id === 102);
    expect(bert?.landline).toBeNull();
    expect(bert?.mobile).toBe('0499 00 11 02');
    expect(bert?.version).toBe(2);
  });

  it('hides editing from a member', async () => {
    Object.assign(db.users[1] ?? {}, { role: 'member' });
    signIn(2);
    renderApp({ route: '/organisations/1' });
    await screen.findByRole('heading', { level: 3, name: 'Bert Proef' });
    expect(screen.queryByRole('button', { name: 'Add contact' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
  });
});
