import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';

import { fakeEventStream } from '../../../testing/fakeEvents';
import { signIn } from '../../../testing/msw/db';
import { incident, incidentDb, timelineEntry } from '../../../testing/msw/handlers/incidents';
import { problem } from '../../../testing/msw/problem';
import { server } from '../../../testing/msw/server';
import { renderApp } from '../../../testing/render';

function timelineWrites(): (typeof incidentDb.sent)[number][] {
  return incidentDb.sent.filter((s) => s.path === '/api/incidents/5/timeline');
}

async function timeline(): Promise<HTMLElement> {
  return screen.findByRole('region', { name: 'Timeline' });
}

async function entries(): Promise<HTMLElement[]> {
  const region = await timeline();
  return within(await within(region).findByRole('list')).getAllByRole('listitem');
}

/** Fails the test instead of passing undefined on. */
function present(item: HTMLElement | undefined): HTMLElement {
  if (!item) throw new Error('the entry is missing');
  return item;
}

describe('Timeline', () => {
  const events = fakeEventStream();

  beforeEach(() => {
    incidentDb.incidents = [incident({ id: 5 })];
  });

  it('lists entries newest happened first, in Brussels time, with kind, TLP and author', async () => {
    incidentDb.timeline = [
      timelineEntry({ id: 1, incident_id: 5, happened_at: '2026-12-07T06:00:00Z' }),
      timelineEntry({
        id: 2,
        incident_id: 5,
        kind: 'communication',
        text: 'Perslijn: de dienstverlening is beperkt.',
        audience: 'press',
        tlp: 'clear',
        happened_at: '2026-12-07T09:15:00Z',
        written_at: '2026-12-07T09:20:00Z',
        author: { id: 1, name: 'Wanda Admin' },
      }),
      timelineEntry({ id: 3, incident_id: 6, text: 'Another incident' }),
    ];
    signIn();
    renderApp({ route: '/incidents/5' });
    const [newest, oldest] = await entries();
    expect(newest).toHaveTextContent('Communication');
    expect(within(present(newest)).getByText('TLP:CLEAR')).toBeInTheDocument();
    expect(within(present(newest)).getByText('To: Press')).toBeInTheDocument();
    expect(
      within(present(newest)).getByText(
        'Happened 07/12/2026 10:15 · written 07/12/2026 10:20 by Wanda Admin',
      ),
    ).toBeInTheDocument();
    expect(oldest).toHaveTextContent('Observation');
    expect(oldest).toHaveTextContent('Losgeldbrief op de fileserver.');
    expect(screen.queryByText('Another incident')).not.toBeInTheDocument();
  });

  it('shows a script in a text as plain text', async () => {
    const text = '<script>window.hacked = true</script><b>not bold</b>';
    incidentDb.timeline = [timelineEntry({ id: 1, incident_id: 5, text })];
    signIn();
    const { container } = renderApp({ route: '/incidents/5' });
    const [entry] = await entries();
    expect(within(present(entry)).getByText(text)).toHaveClass('timeline-text');
    expect(container.querySelector('.timeline-entry script, .timeline-entry b')).toBeNull();
  });

  it('says when the timeline is empty', async () => {
    signIn();
    renderApp({ route: '/incidents/5' });
    expect(await within(await timeline()).findByText('Nothing on the timeline yet.')).toBeVisible();
  });

  it('offers a retry when loading fails', async () => {
    server.use(http.get('/api/incidents/5/timeline', () => problem(500)));
    signIn();
    renderApp({ route: '/incidents/5' });
    const region = await timeline();
    expect(await within(region).findByRole('alert')).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('filters the decision log and the communication log', async () => {
    incidentDb.timeline = [
      timelineEntry({ id: 1, incident_id: 5, kind: 'decision', text: 'Netwerk isoleren' }),
      timelineEntry({ id: 2, incident_id: 5, kind: 'action', text: 'Back-ups gecontroleerd' }),
    ];
    signIn();
    renderApp({ route: '/incidents/5' });
    expect(await entries()).toHaveLength(2);
    const region = await timeline();
    await userEvent.click(within(region).getByRole('button', { name: 'Decision log' }));
    await waitFor(() => expect(screen.queryByText('Back-ups gecontroleerd')).toBeNull());
    expect(screen.getByText('Netwerk isoleren')).toBeInTheDocument();
    expect(within(region).getByRole('button', { name: 'Decision log' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(within(region).getByRole('button', { name: 'Communication log' }));
    expect(await within(region).findByText('No communications recorded yet.')).toBeVisible();
  });

  it('adds a communication with its audience, happened now by default', async () => {
    signIn();
    renderApp({ route: '/incidents/5' });
    const region = await timeline();
    await userEvent.click(within(region).getByRole('button', { name: 'Add an entry' }));
    const form = within(region).getByRole('form', { name: 'New entry' });
    expect(within(form).queryByLabelText('Said to')).toBeNull();
    await userEvent.selectOptions(within(form).getByLabelText('Kind'), 'communication');
    await userEvent.selectOptions(within(form).getByLabelText('Said to'), 'citizens');
    await userEvent.type(
      within(form).getByLabelText('What happened, was decided, done or said'),
      'Website message: counters closed today.',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Add to the timeline' }));
    expect(
      await within(region).findByText('Website message: counters closed today.'),
    ).toBeVisible();
    expect(within(region).queryByRole('form')).toBeNull();
    const [post] = timelineWrites();
    expect(post?.method).toBe('POST');
    expect(post?.ifMatch).toBeNull();
    expect(post?.body).toMatchObject({
      kind: 'communication',
      text: 'Website message: counters closed today.',
      audience: 'citizens',
      tlp: 'amber',
    });
    expect(post?.body).not.toHaveProperty('corrects');
    const at = (post?.body as { happened_at: string }).happened_at;
    expect(Math.abs(new Date(at).getTime() - Date.now())).toBeLessThan(120_000);
  });

  it('names people on a TLP:RED entry, the author always among them', async () => {
    signIn(1);
    renderApp({ route: '/incidents/5' });
    const region = await timeline();
    await userEvent.click(within(region).getByRole('button', { name: 'Add an entry' }));
    const form = within(region).getByRole('form', { name: 'New entry' });
    await userEvent.selectOptions(within(form).getByLabelText('TLP label'), 'red');
    const named = within(form).getByRole('group', { name: 'Who may read it' });
    const piet = await within(named).findByLabelText('Piet Analist (War room)');
    expect(within(named).queryByLabelText('Wanda Admin (War room)')).toBeNull();
    await userEvent.click(piet);
    await userEvent.type(
      within(form).getByLabelText('What happened, was decided, done or said'),
      'Suspected insider',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Add to the timeline' }));
    const [entry] = await entries();
    expect(entry).toHaveTextContent('TLP:RED');
    expect(entry).toHaveTextContent('Only for: Wanda Admin, Piet Analist');
    expect(timelineWrites()[0]?.body).toMatchObject({ tlp: 'red', named_user_ids: [3] });
  });

  it('corrects an entry with a new one that points at it', async () => {
    incidentDb.timeline = [
      timelineEntry({ id: 7, incident_id: 5, text: 'Servers down since 02:00' }),
    ];
    signIn();
    renderApp({ route: '/incidents/5' });
    const [original] = await entries();
    await userEvent.click(within(present(original)).getByRole('button', { name: 'Correct' }));
    const region = await timeline();
    const form = within(region).getByRole('form', { name: 'Correct an entry' });
    const text = within(form).getByLabelText('What happened, was decided, done or said');
    expect(text).toHaveValue('Servers down since 02:00');
    expect(text).toHaveFocus();
    await userEvent.clear(text);
    await userEvent.type(text, 'Servers down since 01:30');
    await userEvent.click(within(form).getByRole('button', { name: 'Add the correction' }));
    await waitFor(() => expect(screen.getAllByText('Corrected')).toHaveLength(1));
    expect(timelineWrites()[0]?.body).toMatchObject({
      corrects: 7,
      text: 'Servers down since 01:30',
    });
    const items = await entries();
    const correction = items.find((li) => li.textContent?.includes('Servers down since 01:30'));
    const corrected = items.find((li) => li.id === 'entry-7');
    expect(
      within(present(corrected)).getByRole('link', { name: 'See the correction' }),
    ).toHaveAttribute('href', `#${correction?.id}`);
    expect(
      within(present(correction)).getByRole('link', {
        name: /^Corrects the entry of 07\/12\/2026 08:00/,
      }),
    ).toHaveAttribute('href', '#entry-7');
    expect(within(present(correction)).getByText('Servers down since 02:00')).toBeInTheDocument();
  });

  it('shows the field a refusal is about, under that field', async () => {
    server.use(
      http.post('/api/incidents/5/timeline', () =>
        problem(400, {
          code: 'validation',
          errors: [{ field: '/happened_at', code: 'in_the_future', message: 'x' }],
        }),
      ),
    );
    signIn();
    renderApp({ route: '/incidents/5' });
    const region = await timeline();
    await userEvent.click(within(region).getByRole('button', { name: 'Add an entry' }));
    const form = within(region).getByRole('form', { name: 'New entry' });
    await userEvent.type(
      within(form).getByLabelText('What happened, was decided, done or said'),
      'x',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Add to the timeline' }));
    expect(await within(form).findByText('This time lies in the future.')).toBeVisible();
    expect(within(form).getByLabelText(/^Happened at/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows an entry written elsewhere as soon as its event arrives', async () => {
    signIn();
    renderApp({ route: '/incidents/5' });
    expect(await within(await timeline()).findByText('Nothing on the timeline yet.')).toBeVisible();
    incidentDb.timeline = [
      timelineEntry({ id: 9, incident_id: 5, text: 'Observed by the SPOC on her phone' }),
    ];
    events.emit('incident.timeline', { incident_id: 5 });
    expect(await screen.findByText('Observed by the SPOC on her phone')).toBeVisible();
  });
});
