import { resetEvents, setEventSourceFactory, type EventSourceLike } from '../shared/events';

/** A stand-in for the browser's EventSource that lets a test emit server events. */
class FakeSource implements EventSourceLike {
  readyState = 1;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
  }

  emit(topic: string, id: string, data: unknown): void {
    const event = new MessageEvent<string>(topic, { data: JSON.stringify(data), lastEventId: id });
    for (const listener of this.listeners.get(topic) ?? []) listener(event);
  }
}

export interface FakeEvents {
  /** Sends one event on every stream the page opened. */
  emit: (topic: string, data: unknown) => void;
}

/**
 * Replaces the event stream of GET /api/events (jsdom has no EventSource) for the tests of one
 * file; pages that listen for live events then render as in a browser.
 */
export function fakeEventStream(): FakeEvents {
  let sources: FakeSource[] = [];
  let id = 0;
  beforeEach(() => {
    sources = [];
    setEventSourceFactory(() => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    });
  });
  afterEach(() => {
    resetEvents();
    setEventSourceFactory(undefined);
  });
  return {
    emit: (topic, data) => {
      id += 1;
      for (const source of sources) source.emit(topic, String(id), data);
    },
  };
}
