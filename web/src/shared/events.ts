/**
 * Live events from GET /api/events (server-sent events): one EventSource per tab, shared by
 * every subscriber, whatever page it is on. An event says that something changed (ids and
 * states); a subscriber reacts by refetching through the API, which applies the access rules.
 *
 * The browser reconnects a dropped stream itself and resends the last event id, so the server
 * replays what was missed. When the server refuses a reconnect (503 when busy, 429, 401 after
 * the session ended), the browser gives up: we then open a new stream after a delay, carrying
 * the last id as ?last_event_id=. A `reset` event (the gap was too long to replay) reaches
 * every subscriber: reload your state.
 */

import { useEffect, useRef } from 'react';

/** One event: its log id, its topic ("advisory.acknowledged" or "reset") and its JSON data. */
export interface LiveEvent {
  id: string;
  topic: string;
  data: unknown;
}

export type EventHandler = (event: LiveEvent) => void;

/** The topic of the event that tells every subscriber to reload its state. */
export const RESET_TOPIC = 'reset';

/** What this module needs of an EventSource (tests give a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2; // EventSource.CLOSED
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

const defaultFactory: EventSourceFactory = (url) => new EventSource(url);

let factory: EventSourceFactory = defaultFactory;
let source: EventSourceLike | undefined;
let listened = new Set<string>();
let lastId: string | undefined;
let retryMs = FIRST_RETRY_MS;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const subscribers = new Map<EventHandler, ReadonlySet<string>>();

function dispatch(topic: string, message: MessageEvent<string>): void {
  if (message.lastEventId) lastId = message.lastEventId;
  retryMs = FIRST_RETRY_MS;
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    data = undefined;
  }
  const event: LiveEvent = { id: message.lastEventId, topic, data };
  for (const [handler, topics] of [...subscribers]) {
    if (topic === RESET_TOPIC || topics.has(topic)) handler(event);
  }
}

function listen(topic: string): void {
  if (!source || listened.has(topic)) return;
  listened.add(topic);
  source.addEventListener(topic, (message) => dispatch(topic, message));
}

function wantedTopics(): Set<string> {
  const topics = new Set<string>([RESET_TOPIC]);
  for (const t of subscribers.values()) for (const topic of t) topics.add(topic);
  return topics;
}

function open(): void {
  const url = lastId ? `/api/events?last_event_id=${encodeURIComponent(lastId)}` : '/api/events';
  const opened = factory(url);
  source = opened;
  listened = new Set();
  for (const topic of wantedTopics()) listen(topic);
  opened.onerror = () => {
    // CONNECTING: the browser retries by itself. CLOSED: it gave up; we try again later.
    if (opened.readyState !== CLOSED || source !== opened) return;
    opened.close();
    source = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (subscribers.size > 0 && !source) open();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };
}

function closeIfUnused(): void {
  if (subscribers.size > 0) return;
  source?.close();
  source = undefined;
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  retryTimer = undefined;
}

/**
 * Calls `handler` for every event of `topics` (and for `reset`) until the returned function is
 * called. The first subscriber opens the tab's stream, the last one to leave closes it.
 */
export function subscribeEvents(topics: readonly string[], handler: EventHandler): () => void {
  subscribers.set(handler, new Set(topics));
  if (!source && retryTimer === undefined) {
    open();
  } else {
    for (const topic of topics) listen(topic);
  }
  return () => {
    subscribers.delete(handler);
    closeIfUnused();
  };
}

/** Replaces how the stream is opened (tests); undefined restores EventSource. */
export function setEventSourceFactory(next: EventSourceFactory | undefined): void {
  factory = next ?? defaultFactory;
}

/** Forgets every subscriber, the stream and the last id (tests). */
export function resetEvents(): void {
  subscribers.clear();
  closeIfUnused();
  listened = new Set();
  lastId = undefined;
  retryMs = FIRST_RETRY_MS;
}

/**
 * Calls `handler` for the live events of `topics` (and `reset`) while the component is mounted,
 * over the tab's one event stream. The latest `handler` is called; changing it does not
 * resubscribe.
 */
export function useEvents(topics: readonly string[], handler: EventHandler): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  }, [handler]);
  const key = [...topics].sort().join('\n');
  useEffect(() => {
    const unsubscribe = subscribeEvents(key ? key.split('\n') : [], (event) =>
      latest.current(event),
    );
    return unsubscribe;
  }, [key]);
}
