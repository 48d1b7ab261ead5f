import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { AckText, ExerciseBanner } from './components/Labels';
import { callOutcomes, type CallInput, type CallListItem } from './types';
import { useAdvisory, useCallList, useRecordCall } from './useAdvisories';

function telHref(number: string): string {
  return `tel:${number.replace(/[^+\d]/g, '')}`;
}

function CallForm({ advisoryId, item }: { advisoryId: number; item: CallListItem }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const record = useRecordCall(advisoryId, item.organisation.id);
  const [input, setInput] = useState<CallInput>({
    outcome: 'reached',
    person_id: item.contacts[0]?.person_id ?? null,
    note: '',
    acknowledged: false,
  });
  const [saved, setSaved] = useState(false);
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSaved(false);
    record.mutate(input, {
      onSuccess: () => {
        setSaved(true);
        setInput((x) => ({ ...x, note: '', acknowledged: false }));
      },
    });
  }
  return (
    <form
      className="call-form no-print"
      onSubmit={onSubmit}
      aria-label={t('advisories.callList.record', { name: item.organisation.name })}
    >
      <div className="call-form-fields">
        <div className="field">
          <label htmlFor={`${id}-outcome`}>{t('advisories.callList.outcomeLabel')}</label>
          <select
            id={`${id}-outcome`}
            value={input.outcome}
            onChange={(e) =>
              setInput((x) => ({ ...x, outcome: e.target.value as CallInput['outcome'] }))
            }
          >
            {callOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`advisories.callList.outcome.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-person`}>{t('advisories.callList.person')}</label>
          <select
            id={`${id}-person`}
            value={input.person_id ?? ''}
            onChange={(e) =>
              setInput((x) => ({
                ...x,
                person_id: e.target.value ? Number(e.target.value) : null,
              }))
            }
          >
            <option value="">—</option>
            {item.contacts.map((c) => (
              <option key={c.person_id} value={c.person_id}>
                {c.name} ({c.position})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('advisories.callList.note')}</label>
          <input
            id={`${id}-note`}
            value={input.note}
            onChange={(e) => setInput((x) => ({ ...x, note: e.target.value }))}
          />
        </div>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={input.acknowledged}
          onChange={(e) => setInput((x) => ({ ...x, acknowledged: e.target.checked }))}
        />
        {t('advisories.callList.ackForOrganisation')}
      </label>
      <FormProblem error={record.error} />
      {saved && <Alert tone="success">{t('advisories.callList.saved')}</Alert>}
      <button type="submit" className="button-primary" disabled={record.isPending}>
        {record.isPending ? t('common.busy') : t('advisories.callList.save')}
      </button>
    </form>
  );
}

function CallCard({ advisoryId, item }: { advisoryId: number; item: CallListItem }): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <li className="call-card">
      <div className="call-card-head">
        <h2>{item.organisation.name}</h2>
        {item.since && (
          <span className="muted">
            {t('advisories.callList.since', { at: formatDateTime(item.since, language) })}
          </span>
        )}
        {item.acknowledged && (
          <p className="badge badge-ok">
            <AckText ack={item.acknowledged} />
          </p>
        )}
      </div>
      <table className="table call-contacts">
        <caption className="visually-hidden">
          {t('advisories.callList.contacts', { name: item.organisation.name })}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="print-only">
              ✓
            </th>
            <th scope="col">{t('advisories.callList.person')}</th>
            <th scope="col">{t('advisories.callList.position')}</th>
            <th scope="col">{t('advisories.callList.phones')}</th>
            <th scope="col">{t('advisories.callList.emails')}</th>
          </tr>
        </thead>
        <tbody>
          {item.contacts.map((c) => (
            <tr key={c.person_id}>
              <td className="print-only">
                <span className="tick-box" aria-hidden="true" />
              </td>
              <th scope="row">{c.name}</th>
              <td>{c.position}</td>
              <td>
                {[c.mobile, c.landline]
                  .filter((n): n is string => Boolean(n))
                  .map((n) => (
                    <a key={n} className="phone-link" href={telHref(n)}>
                      {n}
                    </a>
                  ))}
                {!c.mobile && !c.landline && <span className="muted">—</span>}
              </td>
              <td>{[c.work_email, c.oob_email].filter(Boolean).join(' · ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {item.calls.length > 0 && (
        <ul className="call-history">
          {item.calls.map((c) => (
            <li key={c.id}>
              {formatDateTime(c.at, language)} · {c.by} ·{' '}
              {t(`advisories.callList.outcome.${c.outcome}`)}
              {c.note ? ` · ${c.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="print-only print-notes">{t('advisories.callList.printNotes')}</div>
      <CallForm advisoryId={advisoryId} item={item} />
    </li>
  );
}

/** The organisations that did not acknowledge in time: phone numbers and a form per call. */
export function CallListPage(): ReactNode {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const advisory = useAdvisory(id);
  const list = useCallList(id);
  usePageTitle(t('advisories.callList.title'));
  return (
    <main id="main" className="page call-sheet">
      {advisory.data?.is_exercise && <ExerciseBanner />}
      <nav className="breadcrumb no-print" aria-label={t('advisories.breadcrumb')}>
        <Link to="/advisories">{t('advisories.title')}</Link>
        {advisory.data && (
          <>
            {' / '}
            <Link to={`/advisories/${id}`}>{advisory.data.reference}</Link>
          </>
        )}
      </nav>
      <div className="page-header">
        <h1>
          {t('advisories.callList.title')}
          {advisory.data ? ` · ${advisory.data.reference}` : ''}
        </h1>
        <div className="page-header-actions no-print">
          <button type="button" className="button-secondary" onClick={() => window.print()}>
            {t('advisories.callList.print')}
          </button>
        </div>
      </div>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState>{t('advisories.callList.empty')}</EmptyState>
      ) : (
        <ul className="call-list" aria-label={t('advisories.callList.title')}>
          {list.data.map((item) => (
            <CallCard key={item.organisation.id} advisoryId={id} item={item} />
          ))}
        </ul>
      )}
    </main>
  );
}
