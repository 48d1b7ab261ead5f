import { fromBrusselsInput, toBrusselsInput } from './input';

describe('toBrusselsInput', () => {
  it('writes an instant as Brussels wall-clock time, winter and summer', () => {
    expect(toBrusselsInput('2026-11-27T13:05:00Z')).toBe('2026-11-27T14:05');
    expect(toBrusselsInput('2026-07-01T22:30:00Z')).toBe('2026-07-02T00:30');
  });

  it('gives an empty value for what is not a time', () => {
    expect(toBrusselsInput('nonsense')).toBe('');
  });
});

describe('fromBrusselsInput', () => {
  it('reads Brussels wall-clock time in winter (UTC+1) and summer (UTC+2)', () => {
    expect(fromBrusselsInput('2026-11-27T14:05')).toBe('2026-11-27T13:05:00.000Z');
    expect(fromBrusselsInput('2026-07-02T00:30')).toBe('2026-07-01T22:30:00.000Z');
  });

  it('takes the first 02:30 on the night the clocks go back', () => {
    expect(fromBrusselsInput('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(fromBrusselsInput('2026-10-25T03:30')).toBe('2026-10-25T02:30:00.000Z');
  });

  it('reads a time skipped when the clocks go forward as the hour after', () => {
    expect(fromBrusselsInput('2027-03-28T02:30')).toBe('2027-03-28T01:30:00.000Z');
    expect(fromBrusselsInput('2027-03-28T03:00')).toBe('2027-03-28T01:00:00.000Z');
    expect(fromBrusselsInput('2027-03-28T01:59')).toBe('2027-03-28T00:59:00.000Z');
  });

  it('round-trips with toBrusselsInput', () => {
    for (const iso of [
      '2026-03-29T00:59:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ]) {
      const value = toBrusselsInput(iso);
      expect(fromBrusselsInput(value)).toBe(iso);
    }
  });

  it('refuses what is not a datetime-local value', () => {
    expect(fromBrusselsInput('')).toBeUndefined();
    expect(fromBrusselsInput('27-11-2026 14:05')).toBeUndefined();
  });
});
