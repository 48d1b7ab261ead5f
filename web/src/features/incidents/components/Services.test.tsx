import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { fakeEventStream } from '../../../testing/fakeEvents';
import { signIn } from '../../../testing/msw/db';
import { incident, incidentDb, incidentService } from '../../../testing/msw/handlers/incidents';
import { renderApp } from '../../../testing/render';
import { formatOutage } from './Services';

describe('Services', () => {
  fakeEventStream();

  it('formats outages in days, hours and minutes', () => {
    expect(formatOutage(12 * 60)).toBe('12 min');
    expect(formatOutage(5 * 3600 + 20 * 60)).toBe('5 h 20 min');
    expect(formatOutage(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
  });

  it('shows each service with its outage and makes an overdue one stand out', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    incidentDb.services = [
      incidentService({ incident_id: 5, service_key: 'email', outage_seconds: 7200 }),
      incidentService({
        incident_id: 5,
        service_key: 'payroll',
        status: 'degraded',
        restore_target: '2026-12-07T07:00:00Z',
        outage_seconds: 26 * 3600,
        overdue: true,
      }),
    ];
    signIn();
    renderApp({ route: '/incidents/5' });
    const section = await screen.findByRole('region', { name: 'Critical services' });
    await within(section).findByText('E-mail');
    expect(within(section).getByText(/\(2 h 0 min\)/)).toBeInTheDocument();
    const overdue = within(section).getByText('Past its target');
    expect(overdue.closest('li')).toHaveClass('service-overdue');
  });

  it('marks a service restored with the version the user saw', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    incidentDb.services = [incidentService({ incident_id: 5, service_key: 'email', version: 3 })];
    signIn();
    renderApp({ route: '/incidents/5' });
    const select = await screen.findByRole('combobox', { name: 'Status of E-mail' });
    await userEvent.selectOptions(select, 'restored');
    const row = select.closest('li');
    if (!row) throw new Error('no row');
    await userEvent.click(within(row).getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      const put = incidentDb.sent.find((s) => s.path === '/api/incidents/5/services/email');
      expect(put?.ifMatch).toBe('W/"3"');
      expect(put?.body).toMatchObject({ status: 'restored' });
    });
    expect(await screen.findByText('Restored', { selector: '.service-status' })).toBeVisible();
  });

  it('says so when nothing is down', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    signIn();
    renderApp({ route: '/incidents/5' });
    expect(await screen.findByText('No services reported as interrupted.')).toBeInTheDocument();
  });
});
