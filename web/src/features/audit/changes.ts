export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields that change on every write and say nothing about the change itself. */
const BOOKKEEPING = new Set(['version', 'updated_at', 'created_at']);

/**
 * What an audit entry changed, field by field: every field whose value differs between `before`
 * and `after` (a creation has no before, a deletion no after).
 */
export function changesOf(before: unknown, after: unknown): Change[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => !BOOKKEEPING.has(f))
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

/** A value of a change as one line of text. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
