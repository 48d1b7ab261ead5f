// <input type="datetime-local"> speaks wall-clock time without a zone; the app's wall clock is
// Europe/Brussels whatever the device says (a SPOC abroad, a laptop left on UTC).

const TIME_ZONE = 'Europe/Brussels';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(ms: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') result[part.type] = Number(part.value);
  }
  return result;
}

/** How far Brussels is ahead of UTC at this instant, in milliseconds (1 h or 2 h). */
function offsetAt(ms: number): number {
  const p = wallClock(ms);
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

function pad(n: number | undefined): string {
  return String(n ?? 0).padStart(2, '0');
}

/** An instant (ISO 8601 or a Date) as the value of a datetime-local input, in Brussels time. */
export function toBrusselsInput(time: string | Date): string {
  const ms = typeof time === 'string' ? new Date(time).getTime() : time.getTime();
  if (Number.isNaN(ms)) return '';
  const p = wallClock(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * A datetime-local value read as Brussels time, as a UTC ISO string; undefined when it is not a
 * time. In the hour the clocks go back (twice 02:00-03:00) the earlier one is meant; a time
 * skipped when they go forward counts from the hour before the switch (02:30 is 03:30).
 */
export function fromBrusselsInput(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s || 0);
  if (Number.isNaN(wall)) return undefined;
  // The offsets three hours either side of the guess: the larger (summer time) wins where both fit.
  const candidates = [offsetAt(wall - 3_600_000 * 3), offsetAt(wall + 3_600_000 * 3)];
  for (const offset of [...new Set(candidates)].sort((a, b) => b - a)) {
    const utc = wall - offset;
    if (offsetAt(utc) === offset) return new Date(utc).toISOString();
  }
  return new Date(wall - (candidates[0] ?? 0)).toISOString();
}
