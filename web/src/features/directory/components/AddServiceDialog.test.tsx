import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { organisationById, signIn } from '../../../testing/msw/db';
import { renderApp } from '../../../testing/render';

describe("a provider's services", () => {
  it('records a service for a new customer, who then appears once', async () => {
    signIn();
    renderApp({ route: '/organisations/4' });
    const customers = await screen.findByRole('region', { name: /Customers/ });
    await userEvent.click(within(customers).getByRole('button', { name: 'Add service' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a service for a customer' });
    await userEvent.type(within(dialog).getByLabelText('Customer'), 'Bergen');
    await userEvent.click(await within(dialog).findByRole('button', { name: /Bergen/ }));
    await userEvent.selectOptions(within(dialog).getByLabelText('Service'), 'Backup');
    await userEvent.type(within(dialog).getByLabelText('Description (optional)'), 'Offsite');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(customers).findByRole('link', { name: 'Bergen' })).toBeInTheDocument();
    expect(within(customers).getByRole('heading', { name: /\(3\)/ })).toBeInTheDocument();
    expect(organisationById(5).providers.map((s) => s.service)).toEqual(['backup']);
  });

  it('requires a customer', async () => {
    signIn();
    renderApp({ route: '/organisations/4' });
    const customers = await screen.findByRole('region', { name: /Customers/ });
    await userEvent.click(within(customers).getByRole('button', { name: 'Add service' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a service for a customer' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Fill in this field.')).toBeInTheDocument();
  });

  it('removes one service of a customer', async () => {
    signIn();
    renderApp({ route: '/organisations/4' });
    const customers = await screen.findByRole('region', { name: /Customers/ });
    await userEvent.click(
      within(customers).getByRole('button', { name: 'Remove: Firewall, Oefenstad' }),
    );
    await waitFor(() => expect(within(customers).queryByText('Firewall')).toBeNull());
    expect(within(customers).getByText('VPN')).toBeInTheDocument();
    expect(organisationById(4).customers.map((s) => s.id)).toEqual([501, 503]);
  });

  it('offers neither adding nor removing nor SPOC phones to the provider itself', async () => {
    const { db } = await import('../../../testing/msw/db');
    Object.assign(db.users[1] ?? {}, { role: 'provider', organisation_id: 4 });
    for (const s of organisationById(4).customers) delete s.customer_spoc;
    signIn(2);
    renderApp({ route: '/organisations/4' });
    const customers = await screen.findByRole('region', { name: /Customers/ });
    expect(within(customers).getByRole('link', { name: 'Oefenstad' })).toBeInTheDocument();
    expect(within(customers).queryByRole('button')).toBeNull();
    expect(within(customers).queryByText('No SPOC')).toBeNull();
  });
});
