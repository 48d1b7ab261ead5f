import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { db, organisationById, signIn } from '../../../testing/msw/db';
import { server } from '../../../testing/msw/server';
import { renderApp } from '../../../testing/render';

async function openDialog(): Promise<HTMLElement> {
  await userEvent.click(await screen.findByRole('button', { name: 'Change SPOC' }));
  return screen.getByRole('dialog', { name: 'Change SPOC' });
}

describe('ChangeSpocDialog', () => {
  beforeEach(() => {
    signIn();
  });

  it('chooses a new SPOC and orders deputies, saved with If-Match', async () => {
    const seen: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'PUT') seen.push(request.headers.get('If-Match'));
    });
    renderApp({ route: '/organisations/1' });
    const dialog = await openDialog();
    expect(within(dialog).getByLabelText('Single point of contact (SPOC)')).toHaveFocus();

    await userEvent.selectOptions(
      within(dialog).getByLabelText('Single point of contact (SPOC)'),
      'Chris Fictief',
    );
    await userEvent.selectOptions(within(dialog).getByLabelText('Add a deputy'), 'Ann Voorbeeld');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move Ann Voorbeeld up' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('spoc-name')).toHaveTextContent('Chris Fictief');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('deputies').textContent).toBe('Ann VoorbeeldBert Proef');
    expect(seen).toEqual(['W/"3"']);
    expect(db.organisations[0]?.deputies.map((d) => d.id)).toEqual([101, 102]);
    server.events.removeAllListeners();
  });

  it('explains a 412 and reloads the latest version', async () => {
    renderApp({ route: '/organisations/1' });
    const dialog = await openDialog();
    // Someone else changes the SPOC after our read.
    const o = organisationById(1);
    o.spoc = { id: 102, full_name: 'Bert Proef' };
    o.deputies = [];
    o.version += 1;

    await userEvent.selectOptions(
      within(dialog).getByLabelText('Single point of contact (SPOC)'),
      'Chris Fictief',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record');
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();

    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(await screen.findByTestId('spoc-name')).toHaveTextContent('Bert Proef');
    expect(within(dialog).getByLabelText('Single point of contact (SPOC)')).toHaveValue('102');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Single point of contact (SPOC)'),
      'Chris Fictief',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('spoc-name')).toHaveTextContent('Chris Fictief');
  });

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    renderApp({ route: '/organisations/1' });
    await openDialog();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Change SPOC' })).toHaveFocus();
  });

  it('shows a field error from the server under the SPOC field', async () => {
    server.use(
      http.put('/api/organisations/:id/spoc', () =>
        Response.json(
          {
            type: 'urn:warroom:problem:validation',
            title: 'Invalid',
            status: 400,
            code: 'validation',
            errors: [{ field: '/spoc_id', code: 'not_a_member', message: 'x' }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    renderApp({ route: '/organisations/1' });
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('This person does not belong to this organisation.'),
    ).toBeInTheDocument();
  });
});
