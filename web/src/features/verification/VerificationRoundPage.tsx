import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useRound } from './useVerification';

/** One round's board: its counts and every person asked, by organisation. */
export function VerificationRoundPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  usePageTitle(t('verification.board'));
  const id = Number(useParams().id);
  const board = useRound(id);

  if (board.isPending) {
    return (
      <main id="main" className="page">
        <LoadingState />
      </main>
    );
  }
  if (board.isError) {
    return (
      <main id="main" className="page">
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      </main>
    );
  }
  const { round, items } = board.data;
  const counts = ['asked', 'confirmed', 'corrected', 'outstanding'] as const;
  return (
    <main id="main" className="page">
      <p>
        <Link to="/verification">{t('verification.title')}</Link>
      </p>
      <div className="page-header">
        <h1>
          {t('verification.board')} {formatDateTime(round.created_at, language)}
        </h1>
        {round.is_exercise && <span className="badge badge-exercise">{t('common.exercise')}</span>}
      </div>
      <p className="muted">
        {t('verification.expiresAt')}: {formatDateTime(round.expires_at, language)}
      </p>
      <dl className="facts">
        {counts.map((c) => (
          <div key={c}>
            <dt>{t(`verification.count.${c}`)}</dt>
            <dd>{round[c]}</dd>
          </div>
        ))}
      </dl>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('verification.board')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('verification.organisation')}</th>
              <th scope="col">{t('verification.person')}</th>
              <th scope="col">{t('verification.position')}</th>
              <th scope="col">{t('verification.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((q) => (
              <tr key={q.request_id}>
                <td data-label={t('verification.organisation')}>
                  <Link to={`/organisations/${q.organisation_id}`}>{q.organisation_name}</Link>
                </td>
                <td data-label={t('verification.person')}>{q.person_name}</td>
                <td data-label={t('verification.position')}>
                  {q.position === 0
                    ? t('verification.spoc')
                    : t('verification.deputy', { n: q.position })}
                </td>
                <td data-label={t('verification.state')}>
                  {t(`verification.stateValue.${q.state}`)}
                  {q.confirmed_at && ` · ${formatDateTime(q.confirmed_at, language)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
