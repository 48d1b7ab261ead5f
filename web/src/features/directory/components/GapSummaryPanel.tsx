import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorState } from '../../../shared/ui/States';
import { filtersToSearch } from '../useDirectoryFilters';
import { useGapSummary } from '../useDirectory';
import { directoryGaps, type DirectoryFilters } from '../types';

interface GapSummaryPanelProps {
  filters: DirectoryFilters;
}

/** How many local governments cannot be reached well, each count linking to the filtered list. */
export function GapSummaryPanel({ filters }: GapSummaryPanelProps): ReactNode {
  const { t } = useTranslation();
  const summary = useGapSummary(filters);
  return (
    <section className="gap-summary" aria-labelledby="gap-summary-title">
      <h2 id="gap-summary-title" className="section-title">
        {t('directory.gapSummary.title')}
        {summary.data && (
          <span className="muted">
            {' '}
            · {t('directory.gapSummary.counted', { count: summary.data.organisations })}
          </span>
        )}
      </h2>
      {summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <ul className="gap-cards">
          {directoryGaps.map((gap) => {
            const active = filters.gap === gap;
            const to = `/directory?${filtersToSearch({ ...filters, gap: active ? undefined : gap })}`;
            return (
              <li key={gap}>
                <Link
                  to={to}
                  className={`gap-card${active ? ' gap-card-active' : ''}`}
                  aria-current={active ? 'true' : undefined}
                >
                  <span className="gap-count">{summary.data ? summary.data[gap] : '…'}</span>
                  <span className="gap-label">
                    {t(`gap.${gap}`, { days: summary.data?.stale_after_days ?? 180 })}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
