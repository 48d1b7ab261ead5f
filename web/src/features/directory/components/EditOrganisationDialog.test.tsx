import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { http } from 'msw';

import { db, organisationById, signIn } from '../../../testing/msw/db';
import { problem } from '../../../testing/msw/problem';
import { server } from '../../../testing/msw/server';
import { renderApp } from '../../../testing/render';

async function openDialog(): Promise<HTMLElement> {
  const facts = await screen.findByRole('region', { name: 'Details' });
  await userEvent.click(within(facts).getByRole('button', { name: 'Edit' }));
  return screen.getByRole('dialog', { name: 'Change organisation' });
}

describe('EditOrganisationDialog', () => {
  it('changes names, kind, region and province, sending only what changed', async () => {
    signIn();
    const bodies: unknown[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'PATCH')
        void request
          .clone()
          .json()
          .then((b) => bodies.push(b));
    });
    renderApp({ route: '/organisations/3' });
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Official name (French)'), 'Village-test');
    await userEvent.selectOptions(within(dialog).getByLabelText('Kind'), 'Police zone');
    await within(dialog).findByRole('option', { name: 'Antwerp' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Province'), 'Antwerp');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { level: 1, name: 'Proefdorp' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bodies).toEqual([
      { name_fr: 'Village-test', kind: 'police_zone', province_nis: '10000' },
    ]);
    const o = organisationById(3);
    expect(o.kind).toBe('police_zone');
    expect(o.province_nis).toBe('10000');
    expect(await screen.findByText('Village-test')).toBeInTheDocument();
    server.events.removeAllListeners();
  });

  it('shows the server’s field error under the province, and keeps the form', async () => {
    signIn();
    server.use(
      http.patch('/api/organisations/:id', () =>
        problem(400, {
          code: 'validation',
          errors: [{ field: '/province_nis', code: 'province_not_in_region', message: 'x' }],
        }),
      ),
    );
    renderApp({ route: '/organisations/5' });
    const dialog = await openDialog();
    await within(dialog).findByRole('option', { name: 'Hainaut' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Province'), 'None');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('This province does not lie in the chosen region.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Province')).toHaveValue('');
  });

  it('explains a 412 and reloads the latest version', async () => {
    signIn();
    renderApp({ route: '/organisations/2' });
    const dialog = await openDialog();
    const o = organisationById(2);
    o.name_en = 'Antwerp';
    o.version += 1;
    await userEvent.type(within(dialog).getByLabelText('Official name (German)'), 'x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record');
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(await within(dialog).findByLabelText('Official name (English)')).toHaveValue('Antwerp');
  });

  it('is offered to the war room only', async () => {
    signIn(2);
    renderApp({ route: '/organisations/1' });
    const facts = await screen.findByRole('region', { name: 'Details' });
    expect(within(facts).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(db.organisations).toHaveLength(5);
  });
});
