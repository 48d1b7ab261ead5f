/** Belgian area codes of one digit (Brussels, Antwerp, Liège, Ghent); the others have two. */
const ONE_DIGIT_ZONES = new Set(['2', '3', '4', '9']);

function groups(digits: string, sizes: number[]): string {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(digits.slice(at, at + size));
    at += size;
  }
  return out.join(' ');
}

/**
 * A phone number as people read it aloud: `+32499001122` becomes `+32 499 00 11 22`,
 * `+3231234567` becomes `+32 3 123 45 67`. Numbers of other countries, and anything that is not
 * in the E.164 form the server stores, are shown as they are.
 */
export function formatPhone(number: string): string {
  const match = /^\+32(\d{8,9})$/.exec(number);
  const national = match?.[1];
  if (!national) return number;
  if (national.length === 9 && national.startsWith('4')) {
    return `+32 ${groups(national, [3, 2, 2, 2])}`;
  }
  if (national.length !== 8) return number;
  const zone = national[0] ?? '';
  return ONE_DIGIT_ZONES.has(zone)
    ? `+32 ${groups(national, [1, 3, 2, 2])}`
    : `+32 ${groups(national, [2, 2, 2, 2])}`;
}

/** The `tel:` link that dials the number on a phone. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^+0-9]/g, '')}`;
}
