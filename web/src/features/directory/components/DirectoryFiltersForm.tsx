import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { localName } from '../../../shared/i18n/names';
import { directoryGaps, organisationKinds, type DirectoryFilters } from '../types';
import type { Province, Region } from '../types';

interface DirectoryFiltersFormProps {
  filters: DirectoryFilters;
  regions: Region[];
  provinces: Province[];
  onChange: (filters: DirectoryFilters) => void;
}

/** The search box and filters; the search applies on Enter or after a short pause in typing. */
export function DirectoryFiltersForm({
  filters,
  regions,
  provinces,
  onChange,
}: DirectoryFiltersFormProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = useId();
  const [q, setQ] = useState(filters.q);

  useEffect(() => {
    setQ(filters.q);
  }, [filters.q]);

  useEffect(() => {
    if (q === filters.q) return;
    const timer = window.setTimeout(() => onChange({ ...filters, q }), 350);
    return () => window.clearTimeout(timer);
  }, [q, filters, onChange]);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    onChange({ ...filters, q });
  }

  const visibleProvinces = filters.region
    ? provinces.filter((p) => p.region_nis === filters.region)
    : provinces;
  const hasFilters = Boolean(
    filters.q || filters.kind || filters.province || filters.region || filters.gap,
  );

  return (
    <form role="search" className="filters" onSubmit={onSubmit}>
      <div className="field filters-search">
        <label htmlFor={`${id}-q`}>{t('directory.search')}</label>
        <div className="search-box">
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            placeholder={t('directory.searchPlaceholder')}
            onChange={(e) => setQ(e.target.value)}
          />
          <button type="submit" className="button-primary">
            {t('directory.searchButton')}
          </button>
        </div>
      </div>
      <div className="filters-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('directory.filter.kind')}</label>
          <select
            id={`${id}-kind`}
            value={filters.kind ?? ''}
            onChange={(e) =>
              onChange({
                ...filters,
                q,
                kind: organisationKinds.find((k) => k === e.target.value),
              })
            }
          >
            <option value="">{t('directory.filter.all')}</option>
            {organisationKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-region`}>{t('directory.filter.region')}</label>
          <select
            id={`${id}-region`}
            value={filters.region ?? ''}
            onChange={(e) => {
              const region = e.target.value || undefined;
              const province = provinces.find((p) => p.nis_code === filters.province);
              onChange({
                ...filters,
                q,
                region,
                province: region && province?.region_nis !== region ? undefined : filters.province,
              });
            }}
          >
            <option value="">{t('directory.filter.all')}</option>
            {regions.map((r) => (
              <option key={r.nis_code} value={r.nis_code}>
                {localName(r, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-province`}>{t('directory.filter.province')}</label>
          <select
            id={`${id}-province`}
            value={filters.province ?? ''}
            onChange={(e) => onChange({ ...filters, q, province: e.target.value || undefined })}
          >
            <option value="">{t('directory.filter.all')}</option>
            {visibleProvinces.map((p) => (
              <option key={p.nis_code} value={p.nis_code}>
                {localName(p, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-gap`}>{t('directory.filter.gap')}</label>
          <select
            id={`${id}-gap`}
            value={filters.gap ?? ''}
            onChange={(e) =>
              onChange({ ...filters, q, gap: directoryGaps.find((g) => g === e.target.value) })
            }
          >
            <option value="">{t('directory.filter.all')}</option>
            {directoryGaps.map((g) => (
              <option key={g} value={g}>
                {t(`gap.${g}`, { days: 180 })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>{t('directory.sort.label')}</label>
          <select
            id={`${id}-sort`}
            value={filters.sort ?? ''}
            onChange={(e) =>
              onChange({ ...filters, q, sort: e.target.value === 'gaps' ? 'gaps' : undefined })
            }
          >
            <option value="">{t('directory.sort.name')}</option>
            <option value="gaps">{t('directory.sort.gaps')}</option>
          </select>
        </div>
      </div>
      {hasFilters && (
        <button
          type="button"
          className="button-link"
          onClick={() => {
            setQ('');
            onChange({ q: '' });
          }}
        >
          {t('directory.filter.clear')}
        </button>
      )}
    </form>
  );
}
