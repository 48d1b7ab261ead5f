import { useEffect, useRef, useState } from 'react';

/** The server events that change what an advisory's board shows. */
export const advisoryEventTypes = [
  'advisory.acknowledged',
  'advisory.escalated',
  'advisory.delivery',
  'advisory.opened',
  'advisory.call',
  'advisory.updated',
] as const;

export interface AdvisoryEvent {
  type: (typeof advisoryEventTypes)[number];
  advisory_id: number;
  organisation_id: number | null;
}

function parse(type: AdvisoryEvent['type'], data: string): AdvisoryEvent | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null || !('advisory_id' in value)) return undefined;
    const advisoryId = Number(value.advisory_id);
    const organisationId =
      'organisation_id' in value && value.organisation_id !== null
        ? Number(value.organisation_id)
        : null;
    return { type, advisory_id: advisoryId, organisation_id: organisationId };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onEvent` for every server event about one advisory, over the event stream GET /api/events.
 * A stand-in until the app's shared `useEvents` hook exists; EventSource reconnects by itself.
 * Returns whether the stream is open, so that a page can poll while it is not.
 */
export function useAdvisoryEvents(
  advisoryId: number,
  onEvent: (event: AdvisoryEvent) => void,
): boolean {
  const [open, setOpen] = useState(false);
  const onEventRef = useRef(onEvent);
  useEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const source = new EventSource('/api/events', { withCredentials: true });
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(false);
    const listeners = advisoryEventTypes.map((type) => {
      const listener = (message: MessageEvent<string>): void => {
        const event = parse(type, message.data);
        if (event && event.advisory_id === advisoryId) onEventRef.current(event);
      };
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
      setOpen(false);
    };
  }, [advisoryId]);
  return open;
}
