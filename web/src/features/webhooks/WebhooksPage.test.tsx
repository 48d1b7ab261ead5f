import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { signIn } from '../../testing/msw/db';
import { webhookDb } from '../../testing/msw/handlers/webhooks';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';

const ADMIN = 1;
const SPOC_OEFENSTAD = 2;

async function card(url: string): Promise<HTMLElement> {
  const heading = await screen.findByRole('heading', { name: url });
  const item = heading.closest('li');
  if (!item) throw new Error(`no card for ${url}`);
  return item;
}

describe('WebhooksPage', () => {
  it('lists every endpoint for the admin, with owner and last deliveries', async () => {
    signIn(ADMIN);
    renderApp({ route: '/webhooks' });
    const warRoom = await card('https://hooks.warroom.example/in');
    expect(within(warRoom).getByText('War room')).toBeInTheDocument();
    expect(within(warRoom).getAllByText('never')).toHaveLength(2);
    expect(within(warRoom).getByText('Active')).toBeInTheDocument();

    const tickets = await card('https://tickets.oefenstad.example/warroom');
    expect(await within(tickets).findByText('Oefenstad')).toBeInTheDocument();
    expect(within(tickets).getByText('Ticketing')).toBeInTheDocument();
    expect(within(tickets).getByText('HTTP 503')).toBeInTheDocument();
    expect(within(tickets).getByText('Last delivery failed')).toBeInTheDocument();
    // The receiver's recipe is on the page.
    expect(
      screen.getByRole('heading', { name: 'How the receiver checks a delivery' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/more than 5 minutes away/)).toBeInTheDocument();
  });

  it('shows a SPOC only her own organisation’s endpoints and the link in the menu', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    await card('https://tickets.oefenstad.example/warroom');
    expect(screen.queryByRole('heading', { name: 'https://hooks.warroom.example/in' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).getByRole('link', { name: 'Webhooks' })).toHaveAttribute(
      'href',
      '/webhooks',
    );
  });

  it('says so when there are none, and when the list cannot be read', async () => {
    webhookDb.webhooks = [];
    signIn(SPOC_OEFENSTAD);
    const { unmount } = renderApp({ route: '/webhooks' });
    expect(await screen.findByText('There are no webhooks yet.')).toBeInTheDocument();
    unmount();

    server.use(http.get('/api/webhooks', () => problem(503)));
    renderApp({ route: '/webhooks' });
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('lets a SPOC create an endpoint without an organisation picker and shows the secret once', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    await userEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'New webhook' });
    expect(within(dialog).queryByText('Whose webhook is this?')).toBeNull();
    expect(within(dialog).queryByLabelText('Organisation')).toBeNull();
    await userEvent.type(within(dialog).getByLabelText('Address (URL)'), 'https://siem.example/in');
    await userEvent.type(within(dialog).getByLabelText('Description (optional)'), 'SIEM');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    const secret = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(within(secret).getByLabelText('Secret')).toHaveValue('whsec-test-0123456789abcdef');
    expect(within(secret).getByText(/You will not see it again/)).toBeInTheDocument();
    expect(within(secret).getByRole('button', { name: 'Copy secret' })).toBeInTheDocument();
    expect(webhookDb.sent.at(-1)?.body).toEqual({
      url: 'https://siem.example/in',
      description: 'SIEM',
      active: true,
    });

    await userEvent.click(within(secret).getByRole('button', { name: 'I have stored it' }));
    expect(secret).not.toBeInTheDocument();
    await card('https://siem.example/in');
    expect(screen.queryByDisplayValue('whsec-test-0123456789abcdef')).toBeNull();
    expect(screen.queryByText('whsec-test-0123456789abcdef')).toBeNull();
  });

  it('lets the admin create an endpoint for an organisation found by name', async () => {
    signIn(ADMIN);
    renderApp({ route: '/webhooks' });
    await userEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'New webhook' });
    expect(within(dialog).getByLabelText('The war room’s own')).toBeChecked();
    await userEvent.click(within(dialog).getByLabelText('An organisation’s'));
    await userEvent.type(within(dialog).getByLabelText('Address (URL)'), 'https://p.example/h');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    // No organisation chosen yet: the form says so and sends nothing.
    expect(within(dialog).getByText('Fill in this field.')).toBeInTheDocument();
    expect(webhookDb.sent).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText('Organisation'), 'Proef');
    await userEvent.click(await within(dialog).findByRole('button', { name: /^Proefdorp/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(webhookDb.sent.at(-1)?.body).toEqual({
      url: 'https://p.example/h',
      description: '',
      active: true,
      organisation_id: 3,
    });
  });

  it('sends null as the organisation for the war room’s own endpoint', async () => {
    signIn(ADMIN);
    renderApp({ route: '/webhooks' });
    await userEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'New webhook' });
    await userEvent.type(within(dialog).getByLabelText('Address (URL)'), 'https://w.example/h');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(webhookDb.sent.at(-1)?.body).toMatchObject({ organisation_id: null });
  });

  it('shows the server’s refusal of the URL at the field', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    await userEvent.click(await screen.findByRole('button', { name: 'New webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'New webhook' });
    const url = within(dialog).getByLabelText('Address (URL)');
    await userEvent.type(url, 'http://siem.example/in');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('The address must start with https://.'),
    ).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(/The address must start with https:\/\//);

    await userEvent.clear(url);
    await userEvent.type(url, 'https://192.168.1.10/in');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/private or otherwise unreachable host/)).toBeVisible();
    expect(screen.queryByRole('dialog', { name: 'Signing secret' })).toBeNull();
  });

  it('edits with the version as read and explains a 412', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    const item = await card('https://tickets.oefenstad.example/warroom');
    await userEvent.click(within(item).getByRole('button', { name: /^Edit/ }));
    const dialog = screen.getByRole('dialog', { name: 'Edit webhook' });
    // Someone else switches it off meanwhile.
    const stored = webhookDb.webhooks.find((w) => w.id === 2);
    if (!stored) throw new Error('no webhook 2');
    Object.assign(stored, { active: false, description: 'Ticketing (old)', version: 2 });

    await userEvent.clear(within(dialog).getByLabelText('Description (optional)'));
    await userEvent.type(within(dialog).getByLabelText('Description (optional)'), 'Tickets');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record');
    expect(webhookDb.sent.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/webhooks/2',
      ifMatch: 'W/"1"',
      body: { description: 'Tickets' },
    });

    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Description (optional)')).toHaveValue(
        'Ticketing (old)',
      ),
    );
    expect(within(dialog).getByLabelText('Active: send events to this address')).not.toBeChecked();
    await userEvent.click(within(dialog).getByLabelText('Active: send events to this address'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(webhookDb.sent.at(-1)).toMatchObject({ ifMatch: 'W/"2"', body: { active: true } });
    expect(stored.active).toBe(true);
  });

  it('deletes only after confirmation', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    const item = await card('https://tickets.oefenstad.example/warroom');
    await userEvent.click(within(item).getByRole('button', { name: /^Delete/ }));
    let confirm = screen.getByRole('dialog', { name: 'Delete webhook?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(webhookDb.webhooks).toHaveLength(2);

    await userEvent.click(within(item).getByRole('button', { name: /^Delete/ }));
    confirm = screen.getByRole('dialog', { name: 'Delete webhook?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('There are no webhooks yet.')).toBeInTheDocument();
    expect(webhookDb.webhooks.map((w) => w.id)).toEqual([1]);
  });

  it('rotates the secret after confirmation and shows the new one once', async () => {
    signIn(SPOC_OEFENSTAD);
    webhookDb.nextSecret = 'whsec-rotated-fedcba';
    renderApp({ route: '/webhooks' });
    const item = await card('https://tickets.oefenstad.example/warroom');
    await userEvent.click(within(item).getByRole('button', { name: /^New secret/ }));
    const confirm = screen.getByRole('dialog', { name: 'Replace the secret?' });
    expect(webhookDb.sent).toHaveLength(0);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Replace secret' }));
    const secret = await screen.findByRole('dialog', { name: 'Signing secret' });
    expect(within(secret).getByLabelText('Secret')).toHaveValue('whsec-rotated-fedcba');
    expect(webhookDb.sent.at(-1)?.path).toBe('/api/webhooks/2/rotate');
  });

  it('sends a test event and says which delivery to look for', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks' });
    const item = await card('https://tickets.oefenstad.example/warroom');
    await userEvent.click(within(item).getByRole('button', { name: /^Send a test event/ }));
    expect(await within(item).findByText(/delivery 900/)).toBeInTheDocument();
    expect(webhookDb.sent.at(-1)?.path).toBe('/api/webhooks/2/test');
  });

  it('speaks the user’s language', async () => {
    signIn(SPOC_OEFENSTAD);
    renderApp({ route: '/webhooks', language: 'fr' });
    expect(
      await screen.findByRole('heading', { name: 'Comment le destinataire vérifie une livraison' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: /^Envoyer un événement de test/ }),
    ).toBeVisible();
  });
});
