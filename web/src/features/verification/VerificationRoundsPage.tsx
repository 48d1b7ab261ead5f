import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { localName } from '../../shared/i18n/names';
import { formatDateTime } from '../../shared/time/format';
import { useProblemMessage } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useProvinces } from '../directory/useDirectory';
import { audienceFor } from './types';
import { usePreview, useRounds, useStartRound } from './useVerification';

const DEFAULT_DAYS = 14;

/** The war room's contact-verification rounds: start one, and the list of past rounds. */
export function VerificationRoundsPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  usePageTitle(t('verification.title'));
  const navigate = useNavigate();
  const message = useProblemMessage();
  const provinces = useProvinces();
  const rounds = useRounds();
  const start = useStartRound();
  const [province, setProvince] = useState('');
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [exercise, setExercise] = useState(false);
  const audience = audienceFor(province);
  const preview = usePreview(audience);
  const daysNumber = Number(days);
  const daysValid = Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= 90;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!daysValid) return;
    start.mutate(
      { audience, expires_in_days: daysNumber, is_exercise: exercise },
      { onSuccess: (round) => void navigate(`/verification/${round.id}`) },
    );
  };

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('verification.title')}</h1>
      </div>
      <section aria-labelledby="verification-start">
        <h2 id="verification-start">{t('verification.start')}</h2>
        <p>{t('verification.intro')}</p>
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="verification-province">{t('verification.audience')}</label>
            <select
              id="verification-province"
              value={province}
              onChange={(e) => setProvince(e.target.value)}
            >
              <option value="">{t('verification.allLocal')}</option>
              {(provinces.data ?? []).map((p) => (
                <option key={p.nis_code} value={p.nis_code}>
                  {localName(p, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="verification-days">{t('verification.days')}</label>
            <input
              id="verification-days"
              type="number"
              min={1}
              max={90}
              value={days}
              aria-invalid={!daysValid || undefined}
              aria-describedby="verification-days-hint"
              onChange={(e) => setDays(e.target.value)}
            />
            <div className="field-hint" id="verification-days-hint">
              {t('verification.daysHint')}
            </div>
          </div>
          <div className="field field-checkbox">
            <input
              id="verification-exercise"
              type="checkbox"
              checked={exercise}
              onChange={(e) => setExercise(e.target.checked)}
            />
            <label htmlFor="verification-exercise">{t('verification.exercise')}</label>
          </div>
          <p role="status" className="muted">
            {preview.isPending
              ? t('common.loading')
              : preview.isError
                ? message(preview.error)
                : t('verification.preview', {
                    people: preview.data.people,
                    organisations: preview.data.organisations,
                  })}
          </p>
          {start.isError && (
            <p className="alert alert-error" role="alert">
              {message(start.error)}
            </p>
          )}
          <div className="form-actions">
            <button
              type="submit"
              className="button-primary"
              disabled={start.isPending || !daysValid || preview.data?.people === 0}
            >
              {start.isPending ? t('common.busy') : t('verification.send')}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="verification-rounds">
        <h2 id="verification-rounds">{t('verification.rounds')}</h2>
        {rounds.isPending ? (
          <LoadingState />
        ) : rounds.isError ? (
          <ErrorState error={rounds.error} onRetry={() => void rounds.refetch()} />
        ) : rounds.data.length === 0 ? (
          <EmptyState>{t('verification.empty')}</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('verification.rounds')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('verification.startedAt')}</th>
                  <th scope="col">{t('verification.expiresAt')}</th>
                  <th scope="col">{t('verification.count.asked')}</th>
                  <th scope="col">{t('verification.count.confirmed')}</th>
                  <th scope="col">{t('verification.count.outstanding')}</th>
                </tr>
              </thead>
              <tbody>
                {rounds.data.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t('verification.startedAt')}>
                      <Link to={`/verification/${r.id}`}>
                        {formatDateTime(r.created_at, language)}
                      </Link>
                      {r.is_exercise && (
                        <span className="badge badge-exercise">{t('common.exercise')}</span>
                      )}
                    </td>
                    <td data-label={t('verification.expiresAt')}>
                      {formatDateTime(r.expires_at, language)}
                    </td>
                    <td data-label={t('verification.count.asked')}>{r.asked}</td>
                    <td data-label={t('verification.count.confirmed')}>{r.confirmed}</td>
                    <td data-label={t('verification.count.outstanding')}>{r.outstanding}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
