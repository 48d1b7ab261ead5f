import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp, renderWithProviders } from '../../testing/render';
import { Markdown } from './components/Markdown';

describe('AdvisoryPage', () => {
  it('keeps the author from approving their own draft and says why (four eyes)', async () => {
    advisoryDb.advisories = [advisory({ author: { id: 1, name: 'Wanda Admin' } })];
    signIn();
    renderApp({ route: '/advisories/1' });
    const approve = await screen.findByRole('button', { name: 'Approve and send' });
    expect(approve).toBeDisabled();
    expect(approve).toHaveAccessibleDescription(
      'You wrote this advisory: another member of the war room must approve it (four eyes).',
    );
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/advisories/1/edit',
    );
  });

  it('lets another member approve and send; the page then offers board and update', async () => {
    advisoryDb.advisories = [advisory({ author: { id: 7, name: 'Other Analyst' } })];
    signIn();
    renderApp({ route: '/advisories/1' });
    const approve = await screen.findByRole('button', { name: 'Approve and send' });
    expect(approve).toBeEnabled();
    await userEvent.click(approve);
    expect(await screen.findByRole('link', { name: 'Live board' })).toBeInTheDocument();
    expect(advisoryDb.sent.at(-1)).toMatchObject({
      path: '/api/advisories/1/approve',
      ifMatch: 'W/"1"',
    });
    expect(screen.getByRole('button', { name: 'Publish an update' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve and send' })).toBeNull();
  });

  it('sends in an emergency only with a written reason, and shows the reason', async () => {
    advisoryDb.advisories = [advisory({ author: { id: 1, name: 'Wanda Admin' } })];
    signIn();
    renderApp({ route: '/advisories/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Emergency send' }));
    const dialog = screen.getByRole('dialog', { name: 'Send without approval' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send now' }));
    expect(within(dialog).getByText('Write the reason.')).toBeInTheDocument();
    expect(advisoryDb.sent.filter((s) => s.path.endsWith('/send'))).toHaveLength(0);
    await userEvent.type(
      within(dialog).getByLabelText('Reason for the emergency send'),
      'Active exploitation, nobody else on duty',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send now' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(screen.getByRole('note')).toHaveTextContent(
      'Sent as an emergency without approval: Active exploitation, nobody else on duty',
    );
  });

  it('withdraws a sent advisory with a reason and shows the exercise banner', async () => {
    advisoryDb.advisories = [advisory({ status: 'sent', is_exercise: true })];
    signIn();
    renderApp({ route: '/advisories/1' });
    expect(await screen.findByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    const dialog = screen.getByRole('dialog', { name: 'Withdraw the advisory' });
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'False positive');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Withdraw' }));
    expect(await screen.findByText('Withdrawn:')).toBeInTheDocument();
    expect(advisoryDb.sent.at(-1)?.body).toEqual({ reason: 'False positive' });
  });

  it('publishes an update with a note and the re-acknowledgement choice', async () => {
    advisoryDb.advisories = [advisory({ status: 'sent' })];
    signIn();
    renderApp({ route: '/advisories/1' });
    await userEvent.click(await screen.findByRole('button', { name: 'Publish an update' }));
    const dialog = screen.getByRole('dialog', { name: 'Publish an update' });
    const title = within(dialog).getByLabelText('Title');
    await userEvent.clear(title);
    await userEvent.type(title, 'Kritiek lek, patch beschikbaar');
    await userEvent.type(within(dialog).getByLabelText('What changed'), 'Patch released');
    await userEvent.click(within(dialog).getByLabelText('Ask for re-acknowledgement'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(advisoryDb.sent.at(-1)?.body).toMatchObject({
      note: 'Patch released',
      reacknowledge: true,
      texts: { nl: { title: 'Kritiek lek, patch beschikbaar' } },
    });
  });
});

describe('Markdown', () => {
  it('renders a hostile body inert: no script, no raw HTML, no javascript: link', () => {
    const { container } = renderWithProviders(
      <Markdown
        text={
          '<script>window.pwned = 1</script>\n\n<img src=x onerror="alert(1)">\n\n' +
          '[x](javascript:alert(1)) [ok](https://ccb.belgium.be) **bold**'
        }
      />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    const bad = screen.getByText('x');
    expect(bad.getAttribute('href') ?? '').not.toMatch(/javascript/i);
    expect(screen.getByRole('link', { name: 'ok' })).toHaveAttribute(
      'href',
      'https://ccb.belgium.be',
    );
    expect(screen.getByText('bold').tagName).toBe('STRONG');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});
