import type { AppLanguage } from '../i18n/i18n';

const TIME_ZONE = 'Europe/Brussels';

const DATE_SEPARATOR: Record<AppLanguage, string> = { nl: '-', fr: '/', en: '/', de: '.' };

function parts(iso: string, withTime: boolean): Record<string, string> | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const formatter = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  const result: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) result[part.type] = part.value;
  return result;
}

/**
 * A UTC time from the API shown in Brussels time, 24-hour clock, day-month-year:
 * "27-11-2026 14:05" in Dutch, "27/11/2026 14:05" in French.
 */
export function formatDateTime(iso: string, language: AppLanguage): string {
  const p = parts(iso, true);
  if (!p) return iso;
  const sep = DATE_SEPARATOR[language];
  return `${p.day}${sep}${p.month}${sep}${p.year} ${p.hour}:${p.minute}`;
}

/** A UTC time from the API as a Brussels calendar date. */
export function formatDate(iso: string, language: AppLanguage): string {
  const p = parts(iso, false);
  if (!p) return iso;
  const sep = DATE_SEPARATOR[language];
  return `${p.day}${sep}${p.month}${sep}${p.year}`;
}

/** Whole days between an API time and now. */
export function daysSince(iso: string, now = new Date()): number {
  return Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
}
