import { listOrganisations } from './api';
import type { DirectoryFilters, OrganisationSummary, Province, Region } from './types';

/** The largest page the API gives; an export reads the list in pages of this size. */
const EXPORT_PAGE = 200;

/** Every organisation of the filtered list, page after page. */
export async function fetchAllOrganisations(
  filters: DirectoryFilters,
): Promise<OrganisationSummary[]> {
  const items: OrganisationSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrganisations(filters, cursor, EXPORT_PAGE);
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * One CSV cell (RFC 4180). A text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe, so that opening the export never runs anything.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = [
  'id',
  'kind',
  'nis_code',
  'name_nl',
  'name_fr',
  'name_de',
  'name_en',
  'region_nis',
  'region',
  'province_nis',
  'province',
  'status',
  'spoc',
  'deputy_count',
  'gaps',
] as const;

/** The organisations as CSV with a header line, region and province named in Dutch. */
export function organisationsCsv(
  items: OrganisationSummary[],
  regions: Region[],
  provinces: Province[],
): string {
  const lines = [COLUMNS.join(',')];
  for (const o of items) {
    const row: (string | number | null | undefined)[] = [
      o.id,
      o.kind,
      o.nis_code,
      o.name_nl,
      o.name_fr,
      o.name_de,
      o.name_en,
      o.region_nis,
      regions.find((r) => r.nis_code === o.region_nis)?.name_nl,
      o.province_nis,
      provinces.find((p) => p.nis_code === o.province_nis)?.name_nl,
      o.status,
      o.spoc?.full_name,
      o.deputy_count,
      o.gaps.join(';'),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Offers a text to the browser as a file download. */
export function downloadText(text: string, filename: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
