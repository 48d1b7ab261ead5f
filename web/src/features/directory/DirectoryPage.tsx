import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { DirectoryFiltersForm } from './components/DirectoryFiltersForm';
import { ExportButton } from './components/ExportButton';
import { GapSummaryPanel } from './components/GapSummaryPanel';
import { OrganisationRow } from './components/OrganisationRow';
import { useOrganisations, useProvinces, useRegions } from './useDirectory';
import { isWarroomRole } from './roles';
import { useDirectoryFilters } from './useDirectoryFilters';
import { LoadMore } from '../../shared/ui/LoadMore';

/** The directory of local governments and providers, with the reachability gaps on top. */
export function DirectoryPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('directory.title'));
  const [filters, setFilters] = useDirectoryFilters();
  const regions = useRegions();
  const provinces = useProvinces();
  const list = useOrganisations(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // The first page counts the whole list; later pages do not count again.
  const total = list.data?.pages[0]?.total;
  const session = useSession();
  const canExport = isWarroomRole(session.data?.user.role);

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('directory.title')}</h1>
        <p className="muted">{t('directory.intro')}</p>
      </div>
      <GapSummaryPanel filters={filters} />
      <DirectoryFiltersForm
        filters={filters}
        regions={regions.data ?? []}
        provinces={provinces.data ?? []}
        onChange={setFilters}
      />
      <section aria-labelledby="results-title" className="results">
        <h2 id="results-title" className="visually-hidden">
          {t('directory.results')}
        </h2>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>{t('directory.empty')}</EmptyState>
        ) : (
          <>
            <div className="results-head">
              <p className="muted" role="status" data-testid="result-count">
                {total !== undefined
                  ? t('directory.shown', { count: total })
                  : list.hasNextPage
                    ? t('directory.shownMore', { count: items.length })
                    : t('directory.shown', { count: items.length })}
              </p>
              {canExport && (
                <ExportButton
                  filters={filters}
                  regions={regions.data ?? []}
                  provinces={provinces.data ?? []}
                />
              )}
            </div>
            <ul className="org-list">
              {items.map((o) => (
                <OrganisationRow key={o.id} organisation={o} provinces={provinces.data ?? []} />
              ))}
            </ul>
            <LoadMore query={list} label={t('directory.loadMore')} />
          </>
        )}
      </section>
    </main>
  );
}
