import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { advisory, advisoryDb } from '../../testing/msw/handlers/advisories';
import { signIn } from '../../testing/msw/db';
import { renderApp } from '../../testing/render';
import type { BoardItem } from './types';

/** A stand-in for the browser's EventSource that the test can push events through. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  removeEventListener(type: string, listener: (e: MessageEvent<string>) => void): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }

  close(): void {
    this.closed = true;
  }

  emit(type: string, data: unknown): void {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data) });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

function item(id: number, name: string, partial: Partial<BoardItem> = {}): BoardItem {
  return {
    organisation: { id, name, kind: 'municipality', province_nis: '10000' },
    stage: 1,
    stage_label: 'spoc',
    on_call_list: false,
    delivered: true,
    refused: false,
    opened_at: null,
    acknowledged: null,
    ...partial,
  };
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  advisoryDb.advisories = [advisory({ status: 'sent', is_exercise: true })];
  advisoryDb.board = {
    counts: {
      recipients: 300,
      delivered: 298,
      opened: 260,
      acknowledged: 247,
      escalated: 41,
      call_list: 12,
      refused: 2,
    },
    items: [
      item(1, 'Oefenstad'),
      item(3, 'Proefdorp', {
        stage: 3,
        stage_label: 'call list',
        on_call_list: true,
        refused: true,
        organisation: { id: 3, name: 'Proefdorp', kind: 'municipality', province_nis: '20001' },
      }),
    ],
    next_cursor: null,
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('BoardPage', () => {
  it('shows the counts, the organisations, and filters by state and province', async () => {
    signIn();
    renderApp({ route: '/advisories/1/board' });
    expect(
      await screen.findByText('247 of 300 acknowledged, 41 escalated, 12 on the call list'),
    ).toBeInTheDocument();
    expect(screen.getByText('OEFENING / EXERCICE / EXERCISE')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Live board' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await userEvent.selectOptions(screen.getByLabelText('State'), 'call_list');
    await screen.findByText('call list');
    expect(within(screen.getByRole('table')).queryByText('Oefenstad')).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('State'), 'all');
    await userEvent.selectOptions(await screen.findByLabelText('Province'), '10000');
    expect(await screen.findByRole('button', { name: 'Oefenstad' })).toBeInTheDocument();
    expect(within(screen.getByRole('table')).queryByText('Proefdorp')).toBeNull();
  });

  it('pages a large board: the first 500 organisations, then more on request', async () => {
    advisoryDb.board.items = Array.from({ length: 620 }, (_, i) =>
      item(i + 1, `Gemeente ${i + 1}`),
    );
    signIn();
    renderApp({ route: '/advisories/1/board' });
    // Text and CSS queries: role queries over 500 rows are too slow for jsdom.
    expect(await screen.findByText('Gemeente 1')).toBeInTheDocument();
    const rows = (): number => document.querySelectorAll('.board-table tbody tr').length;
    expect(rows()).toBe(500);
    expect(screen.getByText('Showing 500 organisations; more follow.')).toBeInTheDocument();
    expect(screen.queryByText('Gemeente 501')).toBeNull();
    await userEvent.click(screen.getByText('Show more'));
    expect(await screen.findByText('Gemeente 620')).toBeInTheDocument();
    expect(rows()).toBe(620);
    expect(screen.queryByText('Show more')).toBeNull();
    // The counts stay those of the whole board.
    expect(
      screen.getByText('247 of 300 acknowledged, 41 escalated, 12 on the call list'),
    ).toBeInTheDocument();
  });

  it('updates an acknowledgement from the event stream without a reload', async () => {
    signIn();
    renderApp({ route: '/advisories/1/board' });
    await screen.findByRole('button', { name: 'Oefenstad' });
    const source = FakeEventSource.instances.at(-1);
    expect(source?.url).toBe('/api/events');

    const first = advisoryDb.board.items[0];
    if (!first) throw new Error('no item');
    first.acknowledged = { at: '2026-12-07T08:05:00Z', channel: 'link', by: 'Ann Voorbeeld' };
    advisoryDb.board.counts.acknowledged = 248;
    // An event of another advisory changes nothing.
    act(() => source?.emit('advisory.acknowledged', { advisory_id: 2, organisation_id: 1 }));
    act(() => source?.emit('advisory.acknowledged', { advisory_id: 1, organisation_id: 1 }));
    expect(
      await screen.findByText(
        '248 of 300 acknowledged, 41 escalated, 12 on the call list',
        {},
        {
          timeout: 1000,
        },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Acknowledged by Ann Voorbeeld at 07/12/2026 09:05 via link'),
    ).toBeInTheDocument();
  });

  it('opens the recipient detail: deliveries with outcome, acknowledgements, calls', async () => {
    advisoryDb.recipients[3] = {
      organisation: { id: 3, name: 'Proefdorp' },
      deliveries: [
        {
          id: 1,
          person: { id: 5, name: 'Piet Proef' },
          channel: 'email',
          address: 'piet@proefdorp.example',
          reason: 'initial',
          stage: 1,
          status: 'refused',
          attempts: 3,
          last_error: '550 mailbox unavailable',
          created_at: '2026-12-07T08:00:00Z',
          sent_at: null,
        },
      ],
      acknowledgements: [],
      calls: [
        {
          id: 4,
          at: '2026-12-07T09:00:00Z',
          by: 'Wanda Admin',
          outcome: 'voicemail',
          person_id: 5,
          note: 'Left a message',
          acknowledged: false,
        },
      ],
    };
    signIn();
    renderApp({ route: '/advisories/1/board' });
    await userEvent.click(await screen.findByRole('button', { name: 'Proefdorp' }));
    const dialog = screen.getByRole('dialog', { name: 'Proefdorp' });
    expect(await within(dialog).findByText('Piet Proef')).toBeInTheDocument();
    expect(within(dialog).getByText('refused')).toHaveClass('delivery-refused');
    expect(within(dialog).getByText('550 mailbox unavailable')).toBeInTheDocument();
    expect(within(dialog).getByText('Not acknowledged yet.')).toBeInTheDocument();
    expect(within(dialog).getByText(/Voicemail · Left a message/)).toBeInTheDocument();
  });
});
