import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { db, organisationById, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('OrganisationPage', () => {
  beforeEach(() => {
    signIn();
  });

  it('shows names, codes, SPOC, deputies, channels and providers', async () => {
    renderApp({ route: '/organisations/1' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Oefenstad' })).toBeInTheDocument();
    expect(screen.getAllByText('EXERCISE').length).toBeGreaterThan(0);
    expect(screen.getByText('99001')).toBeInTheDocument();
    expect(await screen.findByText('Flemish Region')).toBeInTheDocument();
    expect(screen.getByText('Antwerp')).toBeInTheDocument();
    expect(screen.queryByText('Exercise contacts')).toBeNull(); // exercise data itself
    expect(screen.getByTestId('spoc-name')).toHaveTextContent('Ann Voorbeeld');
    expect(screen.getByTestId('deputies')).toHaveTextContent('Bert Proef');

    const ann = screen.getByRole('heading', { level: 3, name: 'Ann Voorbeeld' }).closest('li');
    if (!ann) throw new Error('no card');
    expect(within(ann).getByRole('link', { name: 'ann.voorbeeld@mail.test' })).toHaveAttribute(
      'href',
      'mailto:ann.voorbeeld@mail.test',
    );
    expect(within(ann).getByRole('link', { name: '+32 499 00 11 01' })).toHaveAttribute(
      'href',
      'tel:+32499001101',
    );
    expect(within(ann).getByText(/ICT lead/)).toBeInTheDocument();

    const bert = screen.getByRole('heading', { level: 3, name: 'Bert Proef' }).closest('li');
    if (!bert) throw new Error('no card');
    expect(within(bert).getByText('Older than 180 days')).toBeInTheDocument();
    expect(within(bert).getByText(/No out-of-band channel/)).toBeInTheDocument();

    const providers = screen.getByRole('region', { name: 'ICT service providers' });
    expect(within(providers).getByRole('link', { name: 'Demo ICT NV' })).toBeInTheDocument();
    expect(within(providers).getByText('VPN')).toBeInTheDocument();
  });

  it('marks a contact verified', async () => {
    renderApp({ route: '/organisations/1' });
    const chris = (await screen.findByRole('heading', { level: 3, name: 'Chris Fictief' })).closest(
      'li',
    );
    if (!chris) throw new Error('no card');
    expect(within(chris).getByText('Never verified')).toBeInTheDocument();
    await userEvent.click(within(chris).getByRole('button', { name: /Mark verified/ }));
    expect(await within(chris).findByText(/Last verified on/)).toBeInTheDocument();
    expect(db.people.find((p) => p.id === 103)?.verified_at).not.toBeNull();
  });

  it('lists each customer of a provider once, with its services and whom to call', async () => {
    renderApp({ route: '/organisations/4' });
    const customers = await screen.findByRole('region', { name: /Customers/ });
    expect(within(customers).getByRole('heading', { name: /\(2\)/ })).toBeInTheDocument();
    expect(within(customers).getAllByRole('link', { name: 'Oefenstad' })).toHaveLength(1);
    const oefenstad = within(customers).getByRole('link', { name: 'Oefenstad' }).closest('li');
    if (!oefenstad) throw new Error('no customer');
    expect(within(oefenstad).getByText('VPN')).toBeInTheDocument();
    expect(within(oefenstad).getByText('Firewall')).toBeInTheDocument();
    expect(within(oefenstad).getByText('Ann Voorbeeld')).toBeInTheDocument();
    expect(within(oefenstad).getByRole('link', { name: '+32 499 00 11 01' })).toHaveAttribute(
      'href',
      'tel:+32499001101',
    );
    const proefdorp = within(customers).getByRole('link', { name: 'Proefdorp' }).closest('li');
    if (!proefdorp) throw new Error('no customer');
    expect(within(proefdorp).getByText('No SPOC')).toBeInTheDocument();
  });

  it('names the region and province in the language of the reader', async () => {
    renderApp({ route: '/organisations/1', language: 'nl' });
    expect(await screen.findByText('Vlaams Gewest')).toBeInTheDocument();
    expect(screen.getByText('Antwerpen')).toBeInTheDocument();
  });

  it('says when a real organisation has contacts of the exercise', async () => {
    const real = organisationById(2);
    real.exercise_contacts = true;
    renderApp({ route: '/organisations/2', language: 'nl' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Antwerpen' })).toBeInTheDocument();
    expect(screen.getByText('Oefencontacten')).toHaveAttribute(
      'title',
      expect.stringContaining('fictieve personen'),
    );
    expect(screen.queryByText('OEFENING')).toBeNull(); // the organisation itself is real
  });

  it('says when the organisation does not exist', async () => {
    renderApp({ route: '/organisations/999' });
    expect(
      await screen.findByText('This does not exist, or you have no access to it.'),
    ).toBeInTheDocument();
  });

  it.each(['abc', '0', '-3', '1.5', '99999999999999999999'])(
    'says "not found" for the id %s in the address bar, not that the server is down',
    async (id) => {
      renderApp({ route: `/organisations/${id}` });
      expect(
        await screen.findByText('This does not exist, or you have no access to it.'),
      ).toBeInTheDocument();
      expect(screen.queryByText(/cannot be reached/)).toBeNull();
    },
  );

  it('renders a hostile organisation name as text', async () => {
    const o = organisationById(1);
    o.name_nl = '<img src=x onerror=alert(1)>';
    const { container } = renderApp({ route: '/organisations/1' });
    expect(
      await screen.findByRole('heading', { level: 1, name: '<img src=x onerror=alert(1)>' }),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });
});
