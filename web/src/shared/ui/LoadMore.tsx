import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What LoadMore needs of an infinite query (TanStack Query's useInfiniteQuery result). */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

interface LoadMoreProps {
  query: PagedQuery;
  /** The button's words, e.g. "Show more" or "Older entries". */
  label: string;
  /** Shown above the button, e.g. how many rows are on screen. */
  children?: ReactNode;
}

/**
 * The "show more" button under a paged list: only while the query has another page, disabled
 * and saying so while that page loads.
 */
export function LoadMore({ query, label, children }: LoadMoreProps): ReactNode {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <div className="load-more">
      {children}
      <button
        type="button"
        className="button-secondary"
        disabled={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {query.isFetchingNextPage ? t('common.loading') : label}
      </button>
    </div>
  );
}
