import { safeNext } from './redirect';

describe('safeNext', () => {
  it('keeps local paths', () => {
    expect(safeNext('/organisations/7?x=1')).toBe('/organisations/7?x=1');
  });

  it('never leaves the site', () => {
    expect(safeNext('https://evil.example/')).toBe('/directory');
    expect(safeNext('//evil.example/')).toBe('/directory');
    expect(safeNext('/\\evil.example/')).toBe('/directory');
    expect(safeNext(null)).toBe('/directory');
    expect(safeNext('/login')).toBe('/directory');
  });
});
