import { daysSince, formatDate, formatDateTime } from './format';

describe('formatDateTime', () => {
  it('shows UTC times in Brussels winter time (UTC+1), day-month-year, 24-hour clock', () => {
    expect(formatDateTime('2026-11-27T13:05:00Z', 'nl')).toBe('27-11-2026 14:05');
    expect(formatDateTime('2026-11-27T13:05:00Z', 'fr')).toBe('27/11/2026 14:05');
    expect(formatDateTime('2026-11-27T13:05:00Z', 'de')).toBe('27.11.2026 14:05');
  });

  it('shows summer time (UTC+2) and rolls over midnight', () => {
    expect(formatDateTime('2026-07-01T22:30:00Z', 'en')).toBe('02/07/2026 00:30');
  });

  it('returns unparseable input unchanged', () => {
    expect(formatDateTime('not a date', 'nl')).toBe('not a date');
  });
});

describe('formatDate and daysSince', () => {
  it('uses the Brussels calendar date', () => {
    expect(formatDate('2026-12-31T23:30:00Z', 'nl')).toBe('01-01-2027');
  });

  it('counts whole days', () => {
    expect(daysSince('2026-01-01T00:00:00Z', new Date('2026-01-11T12:00:00Z'))).toBe(10);
  });
});
