import { act, renderHook } from '@testing-library/react';

import {
  type EventSourceLike,
  type LiveEvent,
  RESET_TOPIC,
  resetEvents,
  setEventSourceFactory,
  subscribeEvents,
  useEvents,
} from './events';

/** A stand-in for the browser's EventSource: records listeners, lets the test emit. */
class FakeSource implements EventSourceLike {
  readyState = 0;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  emit(topic: string, id: string, data: unknown): void {
    const event = new MessageEvent<string>(topic, {
      data: JSON.stringify(data),
      lastEventId: id,
    });
    for (const listener of this.listeners.get(topic) ?? []) listener(event);
  }

  /** The server refused a reconnect: the browser gives up (readyState CLOSED). */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

let sources: FakeSource[] = [];

function source(index: number): FakeSource {
  const s = sources[index];
  if (!s) throw new Error(`no stream ${index} was opened`);
  return s;
}

beforeEach(() => {
  sources = [];
  setEventSourceFactory((url) => {
    const s = new FakeSource(url);
    sources.push(s);
    return s;
  });
});

afterEach(() => {
  resetEvents();
  setEventSourceFactory(undefined);
  vi.useRealTimers();
});

describe('subscribeEvents', () => {
  it('shares one stream between subscribers and routes events by topic', () => {
    const acks: LiveEvent[] = [];
    const published: LiveEvent[] = [];
    const stopAcks = subscribeEvents(['advisory.acknowledged'], (e) => acks.push(e));
    const stopPublished = subscribeEvents(['advisory.published'], (e) => published.push(e));
    expect(sources).toHaveLength(1);
    expect(source(0).url).toBe('/api/events');

    source(0).emit('advisory.acknowledged', '7', { advisory: 3, state: 'ack' });
    source(0).emit('advisory.published', '8', { advisory: 4 });

    expect(acks).toEqual([
      { id: '7', topic: 'advisory.acknowledged', data: { advisory: 3, state: 'ack' } },
    ]);
    expect(published).toEqual([{ id: '8', topic: 'advisory.published', data: { advisory: 4 } }]);
    stopAcks();
    expect(source(0).closed).toBe(false);
    stopPublished();
    expect(source(0).closed).toBe(true);
  });

  it('tells every subscriber to reload on reset', () => {
    const seen: string[] = [];
    subscribeEvents(['a.x'], (e) => seen.push(`a:${e.topic}`));
    subscribeEvents(['b.y'], (e) => seen.push(`b:${e.topic}`));
    source(0).emit(RESET_TOPIC, '20', {});
    expect(seen).toEqual([`a:${RESET_TOPIC}`, `b:${RESET_TOPIC}`]);
  });

  it('opens a new stream after a refused reconnect, resuming after the last id', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    subscribeEvents(['a.x'], (e) => seen.push(e.id));
    source(0).emit('a.x', '41', {});
    source(0).fail();
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(2);
    expect(source(1).url).toBe('/api/events?last_event_id=41');
    source(1).emit('a.x', '42', {});
    expect(seen).toEqual(['41', '42']);
  });

  it('does not reopen once nobody listens', () => {
    vi.useFakeTimers();
    const stop = subscribeEvents(['a.x'], () => undefined);
    source(0).fail();
    stop();
    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });
});

describe('useEvents', () => {
  it('delivers events while mounted and leaves the stream on unmount', () => {
    const seen: unknown[] = [];
    const { unmount } = renderHook(() => useEvents(['a.x'], (e) => seen.push(e.data)));
    expect(sources).toHaveLength(1);
    act(() => source(0).emit('a.x', '1', { n: 1 }));
    expect(seen).toEqual([{ n: 1 }]);
    unmount();
    expect(source(0).closed).toBe(true);
  });
});
