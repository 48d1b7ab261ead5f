import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { fakeEventStream } from '../../testing/fakeEvents';
import { signIn } from '../../testing/msw/db';
import { incidentDb } from '../../testing/msw/handlers/incidents';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';
import type { IncidentDeclaration } from './types';

function lastDeclaration(): IncidentDeclaration {
  const writes = incidentDb.sent.filter((s) => s.path === '/api/incidents');
  return writes[writes.length - 1]?.body as IncidentDeclaration;
}

describe('DeclareIncidentPage', () => {
  fakeEventStream();

  it('lets a SPOC declare for her own organisation with the essentials only', async () => {
    signIn(2); // Ann Voorbeeld, SPOC of Oefenstad
    renderApp({ route: '/incidents/new' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Declare an incident' }),
    ).toBeVisible();
    expect(screen.getByTestId('own-organisation')).toHaveTextContent('Organisation: Oefenstad');
    expect(screen.queryByLabelText('Organisation')).not.toBeInTheDocument();

    // Detection defaults to now, in Brussels time.
    expect((screen.getByLabelText(/^Detected at/) as HTMLInputElement).value).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d$/,
    );
    // The written definitions stand beside the levels.
    const severity = screen.getByRole('group', { name: 'Severity' });
    const high = await within(severity).findByRole('radio', { name: '2 · High' });
    expect(high).toHaveAccessibleDescription('Several services are down or degraded.');
    // Only the war room may choose TLP:RED.
    expect(screen.getByLabelText('TLP')).toHaveValue('amber');
    expect(
      within(screen.getByLabelText('TLP')).queryByRole('option', { name: 'TLP:RED' }),
    ).not.toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Short title/), 'Ransomware');
    await userEvent.type(screen.getByLabelText('What happened'), 'Files encrypted');
    await userEvent.click(high);
    await userEvent.type(screen.getByLabelText(/^Call-back number/), '+32 499 00 11 01');
    await userEvent.click(screen.getByLabelText('Personal data may be affected'));
    await userEvent.click(screen.getByLabelText(/^Exercise/));
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Declare now' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/incidents/100'));
    // The incident page is mounted (and listening through the fake stream) before the test ends.
    expect(await screen.findByRole('heading', { level: 1, name: 'Ransomware' })).toBeVisible();
    const body = lastDeclaration();
    expect(body).toMatchObject({
      title: 'Ransomware',
      what_happened: 'Files encrypted',
      severity: 2,
      callback_number: '+32 499 00 11 01',
      personal_data: true,
      nis2_applicable: false,
      is_exercise: true,
      tlp: 'amber',
    });
    expect(body).not.toHaveProperty('organisation_id');
    expect(body).not.toHaveProperty('rsit_class');
    expect(body).not.toHaveProperty('became_aware_at');
    expect(Math.abs(new Date(body.detected_at).getTime() - Date.now())).toBeLessThan(120_000);
  });

  it('sends the services toggled as down, and they show on the incident page', async () => {
    signIn(2);
    renderApp({ route: '/incidents/new' });
    const group = await screen.findByRole('group', { name: 'What is down?' });
    const email = await within(group).findByRole('button', { name: 'E-mail' });
    await userEvent.click(email);
    expect(email).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(within(group).getByRole('button', { name: 'Payroll and HR' }));
    await userEvent.click(within(group).getByRole('button', { name: 'Website' }));
    await userEvent.click(within(group).getByRole('button', { name: 'Website' }));
    await userEvent.type(screen.getByLabelText(/^Short title/), 'Ransomware');
    await userEvent.type(screen.getByLabelText('What happened'), 'Files encrypted');
    await userEvent.click(await screen.findByRole('radio', { name: '1 · Critical' }));
    await userEvent.click(screen.getByRole('button', { name: 'Declare now' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ransomware' })).toBeVisible();
    expect(lastDeclaration().services_down).toEqual(['email', 'payroll']);
    const section = await screen.findByRole('region', { name: 'Critical services' });
    expect(await within(section).findByRole('combobox', { name: 'Status of E-mail' })).toHaveValue(
      'down',
    );
  });

  it('makes the war room pick the victim, and offers it TLP:RED and the RSIT type', async () => {
    signIn(1);
    renderApp({ route: '/incidents/new' });
    await screen.findByRole('heading', { level: 1, name: 'Declare an incident' });
    await userEvent.type(screen.getByLabelText(/^Short title/), 'Phishing wave');
    await userEvent.type(screen.getByLabelText('What happened'), 'Mails to every employee');
    await userEvent.click(await screen.findByRole('radio', { name: '3 · Medium' }));
    await userEvent.click(screen.getByRole('button', { name: 'Declare now' }));
    expect(await screen.findByText('Fill in this field.')).toBeInTheDocument();
    expect(incidentDb.sent).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Organisation'), 'Proef');
    await userEvent.click(await screen.findByRole('button', { name: /^Proefdorp/ }));
    await userEvent.selectOptions(screen.getByLabelText('TLP'), 'red');
    await userEvent.click(screen.getByText('More details (optional)'));
    await userEvent.selectOptions(screen.getByLabelText('RSIT class'), 'fraud');
    await userEvent.selectOptions(screen.getByLabelText('RSIT type'), 'phishing');
    expect(screen.getByText('Masquerading to steal.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Declare now' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/incidents/100'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Phishing wave' })).toBeVisible();
    expect(lastDeclaration()).toMatchObject({
      organisation_id: 3,
      tlp: 'red',
      severity: 3,
      rsit_class: 'fraud',
      rsit_type: 'phishing',
    });
  });

  it("shows the server's field errors next to their fields, in the reader's language", async () => {
    server.use(
      http.post('/api/incidents', () =>
        problem(400, {
          code: 'validation',
          errors: [
            { field: '/detected_at', code: 'in_the_future', message: 'must not be in the future' },
            { field: '/rsit_type', code: 'needs_type', message: 'choose a type of the class' },
          ],
        }),
      ),
    );
    signIn(2);
    renderApp({ route: '/incidents/new', language: 'nl' });
    await screen.findByRole('heading', { level: 1, name: 'Incident melden' });
    await userEvent.type(screen.getByLabelText(/^Korte titel/), 'Ransomware');
    await userEvent.click(screen.getByRole('button', { name: 'Nu melden' }));

    const detected = screen.getByLabelText(/^Vastgesteld op/);
    await waitFor(() => expect(detected).toHaveAttribute('aria-invalid', 'true'));
    expect(detected).toHaveAccessibleDescription(/Dit tijdstip ligt in de toekomst\./);
    // The optional part opens by itself to show its error.
    expect(screen.getByLabelText('RSIT-type')).toBeVisible();
    expect(screen.getByLabelText('RSIT-type')).toHaveAccessibleDescription(
      'Kies een type van deze klasse.',
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Controleer de gemarkeerde velden.');
  });
});
