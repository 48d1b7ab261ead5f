import { formatPhone, telHref } from './phone';

describe('formatPhone', () => {
  it.each([
    ['+32499001122', '+32 499 00 11 22'],
    ['+3231234567', '+32 3 123 45 67'],
    ['+3221234567', '+32 2 123 45 67'],
    ['+3211002001', '+32 11 00 20 01'],
    ['+3250123456', '+32 50 12 34 56'],
  ])('shows %s as %s', (stored, shown) => {
    expect(formatPhone(stored)).toBe(shown);
  });

  it('leaves foreign and odd numbers as they are', () => {
    expect(formatPhone('+31201234567')).toBe('+31201234567');
    expect(formatPhone('+3212')).toBe('+3212');
    expect(formatPhone('0499 00 11 22')).toBe('0499 00 11 22');
  });
});

describe('telHref', () => {
  it('dials the digits only', () => {
    expect(telHref('+32 3 123 45 67')).toBe('tel:+3231234567');
  });
});
