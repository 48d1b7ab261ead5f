import { screen, within } from '@testing-library/react';

import { fakeEventStream } from '../../testing/fakeEvents';
import { signIn } from '../../testing/msw/db';
import { incident, incidentDb, incidentService } from '../../testing/msw/handlers/incidents';
import { renderApp } from '../../testing/render';

describe('RecoveryPage', () => {
  fakeEventStream();

  it('lists what is still out, longest first, linked to its incident, overdue standing out', async () => {
    incidentDb.incidents = [
      incident({ id: 5, title: 'Oefenstad' }),
      incident({ id: 6, title: 'Proefdorp' }),
    ];
    incidentDb.services = [
      incidentService({ incident_id: 6, service_key: 'website', since: '2026-12-07T06:00:00Z' }),
      incidentService({
        incident_id: 5,
        service_key: 'email',
        since: '2026-12-06T06:00:00Z',
        restore_target: '2026-12-07T06:00:00Z',
        overdue: true,
      }),
      incidentService({ incident_id: 5, service_key: 'payroll', status: 'restored' }),
    ];
    signIn();
    renderApp({ route: '/recovery' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery' })).toBeVisible();
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(within(first).getByRole('link', { name: 'Oefenstad' })).toHaveAttribute(
      'href',
      '/incidents/5',
    );
    expect(first).toHaveClass('service-overdue');
    expect(within(second).getByRole('link', { name: 'Proefdorp' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Recovery' })).toHaveAttribute('href', '/recovery');
  });

  it('says so when everything is back', async () => {
    signIn();
    renderApp({ route: '/recovery' });
    expect(await screen.findByText('Every service reported is restored.')).toBeInTheDocument();
  });
});
