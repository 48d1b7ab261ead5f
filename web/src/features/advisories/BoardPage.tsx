import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { localName } from '../../shared/i18n/names';
import { formatDateTime } from '../../shared/time/format';
import { Dialog } from '../../shared/ui/Dialog';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useProvinces } from '../directory/useDirectory';
import { AckText, ExerciseBanner, SeverityBadge, TlpBadge } from './components/Labels';
import { boardStates, type BoardFilters, type BoardItem, type Counts } from './types';
import { advisoryKeys, useAdvisory, useBoard, useRecipient } from './useAdvisories';
import { useAdvisoryEvents } from './useAdvisoryEvents';
import { LoadMore } from '../../shared/ui/LoadMore';

const POLL_MS = 5_000;

function CountsSummary({ counts }: { counts: Counts }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="board-counts" aria-label={t('advisories.board.counts')}>
      <p className="board-headline" aria-live="polite">
        {t('advisories.board.headline', {
          acknowledged: counts.acknowledged,
          recipients: counts.recipients,
          escalated: counts.escalated,
          callList: counts.call_list,
        })}
      </p>
      <dl className="count-cards">
        {(
          ['delivered', 'opened', 'acknowledged', 'escalated', 'call_list', 'refused'] as const
        ).map((k) => (
          <div key={k} className={`count-card count-${k}`}>
            <dt>{t(`advisories.board.count.${k}`)}</dt>
            <dd>{counts[k]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function RecipientDialog({
  advisoryId,
  item,
  onClose,
}: {
  advisoryId: number;
  item: BoardItem;
  onClose: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const detail = useRecipient(advisoryId, item.organisation.id);
  const at = (iso: string | null): string => (iso ? formatDateTime(iso, language) : '—');
  return (
    <Dialog title={item.organisation.name} onClose={onClose}>
      {detail.isPending ? (
        <LoadingState />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <div className="recipient-detail">
          <h3>{t('advisories.board.deliveries')}</h3>
          {detail.data.deliveries.length === 0 ? (
            <p className="muted">{t('advisories.board.noDeliveries')}</p>
          ) : (
            <ul className="delivery-list">
              {detail.data.deliveries.map((d) => (
                <li key={d.id}>
                  <strong>{d.person?.name ?? d.address}</strong>{' '}
                  <span className="muted">
                    {d.channel} · {d.address} · {t(`advisories.board.reason.${d.reason}`)} ·{' '}
                    {t('advisories.board.stageN', { n: d.stage })}
                  </span>{' '}
                  <span className={`delivery delivery-${d.status}`}>
                    {t(`advisories.board.delivery.${d.status}`)}
                  </span>{' '}
                  <span className="muted">
                    {at(d.sent_at ?? d.created_at)}
                    {d.attempts > 1
                      ? ` · ${t('advisories.board.attempts', { n: d.attempts })}`
                      : ''}
                  </span>
                  {d.last_error && <div className="muted">{d.last_error}</div>}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('advisories.board.acks')}</h3>
          {detail.data.acknowledgements.length === 0 ? (
            <p className="muted">{t('advisories.board.noAcks')}</p>
          ) : (
            <ul>
              {detail.data.acknowledgements.map((a, i) => (
                <li key={i}>
                  <AckText ack={a} />{' '}
                  <span className="muted">
                    {t('advisories.board.revisionRound', { revision: a.revision, round: a.round })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>{t('advisories.board.calls')}</h3>
          {detail.data.calls.length === 0 ? (
            <p className="muted">{t('advisories.board.noCalls')}</p>
          ) : (
            <ul>
              {detail.data.calls.map((c) => (
                <li key={c.id}>
                  {at(c.at)} · {c.by} · {t(`advisories.callList.outcome.${c.outcome}`)}
                  {c.note ? ` · ${c.note}` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}

/** The live board of a sent advisory: who received, opened and acknowledged it, who escalates. */
export function BoardPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const advisory = useAdvisory(id);
  const provinces = useProvinces();
  const [filters, setFilters] = useState<BoardFilters>({ state: 'all', province_nis: '' });
  const [selected, setSelected] = useState<BoardItem | undefined>();
  usePageTitle(t('advisories.board.title'));

  const onEvent = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: advisoryKeys.board(id) });
    void queryClient.invalidateQueries({ queryKey: advisoryKeys.detail(id) });
  }, [queryClient, id]);
  const live = useAdvisoryEvents(id, onEvent);
  // Without the event stream (not connected yet, or down) the board still moves, more slowly.
  const board = useBoard(id, filters, live ? false : POLL_MS);
  const counts = board.data?.pages[0]?.counts;
  const items = board.data?.pages.flatMap((p) => p.items) ?? [];

  const provinceName = (nis: string | null): string => {
    const p = provinces.data?.find((x) => x.nis_code === nis);
    return p ? localName(p, language) : '—';
  };

  return (
    <main id="main" className="page page-wide">
      {advisory.data?.is_exercise && <ExerciseBanner />}
      <nav className="breadcrumb" aria-label={t('advisories.breadcrumb')}>
        <Link to="/advisories">{t('advisories.title')}</Link>
        {advisory.data && (
          <>
            {' / '}
            <Link to={`/advisories/${id}`}>{advisory.data.reference}</Link>
          </>
        )}
      </nav>
      <div className="page-header">
        <h1>{t('advisories.board.title')}</h1>
        {advisory.data && (
          <p className="badge-row">
            <SeverityBadge severity={advisory.data.severity} />
            <TlpBadge tlp={advisory.data.tlp} />
            <Link to={`/advisories/${id}/call-list`}>{t('advisories.callList.title')}</Link>
          </p>
        )}
      </div>
      {counts && <CountsSummary counts={counts} />}
      <div className="filters-row">
        <div className="field">
          <label htmlFor="board-state">{t('advisories.board.state')}</label>
          <select
            id="board-state"
            value={filters.state}
            onChange={(e) =>
              setFilters((f) => ({ ...f, state: e.target.value as BoardFilters['state'] }))
            }
          >
            {boardStates.map((s) => (
              <option key={s} value={s}>
                {t(`advisories.board.stateValue.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="board-province">{t('advisories.board.province')}</label>
          <select
            id="board-province"
            value={filters.province_nis}
            onChange={(e) => setFilters((f) => ({ ...f, province_nis: e.target.value }))}
          >
            <option value="">{t('advisories.board.allProvinces')}</option>
            {(provinces.data ?? []).map((p) => (
              <option key={p.nis_code} value={p.nis_code}>
                {localName(p, language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {board.isPending ? (
        <LoadingState />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('advisories.board.empty')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table board-table">
            <caption className="visually-hidden">{t('advisories.board.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('advisories.board.col.organisation')}</th>
                <th scope="col">{t('advisories.board.province')}</th>
                <th scope="col">{t('advisories.board.col.delivered')}</th>
                <th scope="col">{t('advisories.board.col.opened')}</th>
                <th scope="col">{t('advisories.board.col.acknowledged')}</th>
                <th scope="col">{t('advisories.board.col.stage')}</th>
                <th scope="col">{t('advisories.board.col.refused')}</th>
                <th scope="col">{t('advisories.board.col.callList')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr
                  key={item.organisation.id}
                  className={item.acknowledged ? 'row-acked' : item.on_call_list ? 'row-call' : ''}
                >
                  <th scope="row" data-label={t('advisories.board.col.organisation')}>
                    <button type="button" className="button-link" onClick={() => setSelected(item)}>
                      {item.organisation.name}
                    </button>
                  </th>
                  <td data-label={t('advisories.board.province')}>
                    {provinceName(item.organisation.province_nis)}
                  </td>
                  <td data-label={t('advisories.board.col.delivered')}>
                    {item.delivered ? t('advisories.yes') : t('advisories.no')}
                  </td>
                  <td data-label={t('advisories.board.col.opened')}>
                    {item.opened_at ? formatDateTime(item.opened_at, language) : '—'}
                  </td>
                  <td data-label={t('advisories.board.col.acknowledged')}>
                    {item.acknowledged ? <AckText ack={item.acknowledged} /> : '—'}
                  </td>
                  <td data-label={t('advisories.board.col.stage')}>{item.stage_label}</td>
                  <td data-label={t('advisories.board.col.refused')}>
                    {item.refused ? (
                      <span className="badge badge-danger">{t('advisories.yes')}</span>
                    ) : (
                      t('advisories.no')
                    )}
                  </td>
                  <td data-label={t('advisories.board.col.callList')}>
                    {item.on_call_list ? (
                      <span className="badge badge-warning">{t('advisories.yes')}</span>
                    ) : (
                      t('advisories.no')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <LoadMore query={board} label={t('advisories.more')}>
            <p>{t('advisories.board.shown', { count: items.length })}</p>
          </LoadMore>
        </div>
      )}
      {selected && (
        <RecipientDialog advisoryId={id} item={selected} onClose={() => setSelected(undefined)} />
      )}
    </main>
  );
}
