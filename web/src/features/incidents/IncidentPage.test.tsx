import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { fakeEventStream } from '../../testing/fakeEvents';
import { signIn } from '../../testing/msw/db';
import { incident, incidentDb } from '../../testing/msw/handlers/incidents';
import { problem } from '../../testing/msw/problem';
import { server } from '../../testing/msw/server';
import { renderApp } from '../../testing/render';

const HOUR = 3_600_000;

function writes(path: string): (typeof incidentDb.sent)[number][] {
  return incidentDb.sent.filter((s) => s.path === path);
}

describe('IncidentPage', () => {
  const events = fakeEventStream();

  it('shows TLP and exercise marker first, every field, and the clocks counting down', async () => {
    const aware = new Date(Date.now() - 30 * HOUR).toISOString();
    incidentDb.incidents = [
      incident({
        id: 5,
        is_exercise: true,
        tlp: 'amber+strict',
        detected_at: '2026-11-27T13:05:00Z',
        became_aware_at: aware,
        personal_data: true,
        nis2_applicable: true,
        nis2_early_warning_at: aware,
        nis2_reference: 'CCB-2026-123',
      }),
    ];
    signIn();
    renderApp({ route: '/incidents/5' });
    const heading = await screen.findByRole('heading', {
      level: 1,
      name: 'Ransomware op de fileserver',
    });
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    const tlp = screen.getAllByText('TLP:AMBER+STRICT')[0];
    // The TLP label comes before the title in the page.
    expect(tlp?.compareDocumentPosition(heading)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(screen.getByText('1 · Critical')).toBeInTheDocument();
    expect(screen.getByText('27/11/2026 14:05')).toBeInTheDocument(); // Brussels time
    expect(screen.getByText('Malicious code · Ransomware')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '+32 499 00 11 01' })).toHaveAttribute(
      'href',
      'tel:+32499001101',
    );
    expect(screen.getByText(/^Bestanden versleuteld\./)).toHaveClass('incident-text');

    // GDPR: 72 h from awareness, 1 d 18 h left, counting down.
    const gdpr = screen.getByTestId('gdpr_notification');
    expect(
      within(gdpr).getByRole('heading', {
        name: 'GDPR: notify the Data Protection Authority (72 h)',
      }),
    ).toBeInTheDocument();
    const timer = within(gdpr).getByRole('timer');
    expect(timer).toHaveTextContent(/^ ?1 d (17:59:\d\d|18:00:00) left$/);
    const first = timer.textContent;
    await waitFor(() => expect(timer.textContent).not.toBe(first), { timeout: 2500 });
    // NIS2 early warning: done, with the CCB's reference.
    const early = screen.getByTestId('nis2_early_warning');
    expect(within(early).getByText('Done')).toBeInTheDocument();
    expect(within(early).getByText('Reference: CCB-2026-123')).toBeInTheDocument();
    expect(within(early).queryByRole('timer')).not.toBeInTheDocument();
    // The final report runs for a month: days appear.
    expect(within(screen.getByTestId('nis2_final_report')).getByRole('timer')).toHaveTextContent(
      /^ ?31 d \d\d:\d\d:\d\d left$/,
    );
  });

  it('says when a clock is overdue', async () => {
    const aware = new Date(Date.now() - 80 * HOUR).toISOString();
    incidentDb.incidents = [incident({ id: 5, became_aware_at: aware, personal_data: true })];
    signIn();
    renderApp({ route: '/incidents/5', language: 'nl' });
    const gdpr = await screen.findByTestId('gdpr_notification');
    expect(gdpr).toHaveClass('clock-overdue');
    expect(within(gdpr).getByText('Verstreken')).toBeInTheDocument();
    expect(within(gdpr).getByRole('timer')).toHaveTextContent(
      /08:00:\d\d te laat|07:59:\d\d te laat/,
    );
  });

  it('marks the GDPR clock done with its reference, with If-Match', async () => {
    incidentDb.incidents = [incident({ id: 5, personal_data: true })];
    signIn();
    renderApp({ route: '/incidents/5' });
    const gdpr = await screen.findByTestId('gdpr_notification');
    await userEvent.type(
      within(gdpr).getByLabelText('Reference of the Data Protection Authority'),
      'GBA-2026-77',
    );
    await userEvent.click(within(gdpr).getByRole('button', { name: 'Mark as done' }));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('gdpr_notification')).getByText('Reference: GBA-2026-77'),
      ).toBeInTheDocument(),
    );
    const [patch] = writes('/api/incidents/5');
    expect(patch?.method).toBe('PATCH');
    expect(patch?.ifMatch).toBe('W/"1"');
    expect(patch?.body).toMatchObject({ gdpr_reference: 'GBA-2026-77' });
    const at = (patch?.body as { gdpr_notified_at: string }).gdpr_notified_at;
    expect(Math.abs(new Date(at).getTime() - Date.now())).toBeLessThan(120_000);
  });

  it('offers only the next statuses and asks a reason where the workflow needs one', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    signIn();
    renderApp({ route: '/incidents/5' });
    const panel = await screen.findByRole('region', { name: 'Next step' });
    expect(
      within(panel)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Start triage', 'Start containment', 'Close the incident']);

    await userEvent.click(within(panel).getByRole('button', { name: 'Start triage' }));
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Start containment' })).toBeInTheDocument(),
    );
    expect(within(panel).queryByRole('button', { name: 'Start triage' })).not.toBeInTheDocument();
    expect(screen.getAllByText('Triage').length).toBeGreaterThan(0);
    const [move] = writes('/api/incidents/5/transitions');
    expect(move).toMatchObject({ body: { to: 'triage' }, ifMatch: 'W/"1"' });

    // Closing from triage needs a reason: nothing is sent before one is written.
    await userEvent.click(within(panel).getByRole('button', { name: 'Close the incident' }));
    const reason = within(panel).getByLabelText('Reason');
    expect(writes('/api/incidents/5/transitions')).toHaveLength(1);
    await userEvent.type(reason, 'too short');
    await userEvent.click(within(panel).getByRole('button', { name: 'Confirm' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'This step needs a written reason of at least 10 characters.',
    );
    expect(reason).toHaveAccessibleDescription(/Write a reason of at least 10 characters\./);
    await userEvent.type(reason, ' — a false alarm after all');
    await userEvent.click(within(panel).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Reopen' })).toBeInTheDocument(),
    );
    expect(writes('/api/incidents/5/transitions')[2]?.body).toEqual({
      to: 'closed',
      reason: 'too short — a false alarm after all',
    });
  });

  it("explains the server's refusal of a move and a change made meanwhile", async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    server.use(
      http.post('/api/incidents/5/transitions', () =>
        problem(409, { code: 'transition_not_allowed' }),
      ),
    );
    signIn();
    renderApp({ route: '/incidents/5' });
    const panel = await screen.findByRole('region', { name: 'Next step' });
    await userEvent.click(within(panel).getByRole('button', { name: 'Start triage' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      /does not allow this step from the current status/,
    );

    // Someone else saved first: the edit gets 412 and the page says to reload.
    incidentDb.incidents = [incident({ id: 5, version: 2 })];
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await userEvent.clear(screen.getByLabelText('Short title'));
    await userEvent.type(screen.getByLabelText('Short title'), 'Ransomware, two servers');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Someone else changed this record/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  });

  it('sends only the fields the edit changed', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    signIn();
    renderApp({ route: '/incidents/5' });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    await userEvent.click(await screen.findByRole('radio', { name: '2 · High' }));
    await userEvent.clear(screen.getByLabelText('Local lead'));
    await userEvent.click(screen.getByLabelText('The organisation falls under NIS2'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByText('2 · High')).toBeInTheDocument());
    expect(writes('/api/incidents/5')[0]?.body).toEqual({
      severity: 2,
      local_lead: null,
      nis2_applicable: true,
    });
    // The NIS2 clocks now run.
    expect(screen.getByTestId('nis2_early_warning')).toBeInTheDocument();
  });

  it('reloads when another operator changes the incident', async () => {
    incidentDb.incidents = [incident({ id: 5 })];
    signIn();
    renderApp({ route: '/incidents/5' });
    await screen.findByRole('heading', { level: 1, name: 'Ransomware op de fileserver' });
    incidentDb.incidents = [incident({ id: 5, status: 'containment', version: 2 })];
    events.emit('incident.transitioned', { incident_id: 5, status: 'containment' });
    const panel = screen.getByRole('region', { name: 'Next step' });
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Start eradication' })).toBeInTheDocument(),
    );

    // An edit begun before another operator's change is refused, not silently applied on top.
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    incidentDb.incidents = [
      incident({ id: 5, status: 'containment', title: 'Theirs', version: 3 }),
    ];
    events.emit('incident.updated', { incident_id: 5 });
    expect(await screen.findByRole('heading', { level: 1, name: 'Theirs' })).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('radio', { name: '3 · Medium' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Someone else changed this record/)).toBeInTheDocument();
    expect(writes('/api/incidents/5')[0]?.ifMatch).toBe('W/"2"');
  });
});
