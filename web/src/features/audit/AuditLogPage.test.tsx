import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { auditEntries } from '../../testing/msw/handlers/audit';
import { db, signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';

describe('AuditLogPage', () => {
  it('lists changes newest first, with the fields that changed, and pages on', async () => {
    db.audit = auditEntries(60);
    signIn();
    renderApp({ route: '/admin/audit' });
    const list = await screen.findByRole('list', { name: 'Audit log' });
    const entries = within(list).getAllByRole('listitem');
    expect(entries).toHaveLength(50);
    const first = entries[0];
    if (!first) throw new Error('no entry');
    expect(within(first).getByText('person.update')).toBeInTheDocument();
    expect(within(first).getByText('admin@warroom.test')).toBeInTheDocument();
    await userEvent.click(within(first).getByText('1 field changed'));
    expect(within(first).getByText('job_title')).toBeInTheDocument();
    expect(within(first).getByText('DPO')).toBeInTheDocument();
    expect(within(first).getByRole('link', { name: 'Open organisation' })).toHaveAttribute(
      'href',
      '/organisations/1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(60));
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it('says when the log is empty', async () => {
    signIn();
    renderApp({ route: '/admin/audit' });
    expect(await screen.findByText('Nothing has changed yet.')).toBeInTheDocument();
  });

  it('is for the admin only: the menu hides it and the route sends others away', async () => {
    Object.assign(db.users[0] ?? {}, { role: 'warroom_analyst' });
    signIn();
    renderApp({ route: '/admin/audit' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Directory' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Import' })).toBeInTheDocument();
  });
});
