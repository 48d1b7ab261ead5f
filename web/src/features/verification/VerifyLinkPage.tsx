import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { errorsForField, isApiError } from '../../shared/api/errors';
import { browserLanguage, isAppLanguage, type AppLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { LoadingState } from '../../shared/ui/States';
import '../advisories/advisories.css';
import type { VerificationCorrection, VerificationLink } from './types';
import { useConfirmLink, useVerificationLink } from './useVerification';

/** The fields a person may correct, in the order the page shows them. */
const FIELDS = ['full_name', 'work_email', 'mobile', 'landline', 'oob_email'] as const;
type Field = (typeof FIELDS)[number];
const LANGUAGES = ['nl', 'fr', 'en', 'de'] as const;

type Draft = Record<Field, string> & { preferred_language: string };

function draftOf(person: VerificationLink['person']): Draft {
  return {
    full_name: person.full_name,
    work_email: person.work_email ?? '',
    mobile: person.mobile ?? '',
    landline: person.landline ?? '',
    oob_email: person.oob_email ?? '',
    preferred_language: person.preferred_language,
  };
}

/** Only what changed: an emptied optional field becomes null. */
function correctionOf(person: VerificationLink['person'], draft: Draft): VerificationCorrection {
  const before = draftOf(person);
  const out: VerificationCorrection = {};
  if (draft.full_name.trim() !== before.full_name) out.full_name = draft.full_name.trim();
  for (const f of ['work_email', 'mobile', 'landline', 'oob_email'] as const) {
    const value = draft[f].trim();
    if (value !== before[f]) out[f] = value === '' ? null : value;
  }
  if (
    draft.preferred_language !== before.preferred_language &&
    isAppLanguage(draft.preferred_language)
  ) {
    out.preferred_language = draft.preferred_language;
  }
  return out;
}

/**
 * The page behind the link in a contact-verification mail: no sign-in; shows the details the
 * war room has and confirms them as they are or corrected. Speaks the person's language.
 */
export function VerifyLinkPage(): ReactNode {
  const { i18n } = useTranslation();
  const token = useParams().token ?? '';
  const link = useVerificationLink(token);
  const confirm = useConfirmLink(token);
  const [draft, setDraft] = useState<Draft | null>(null);
  const apiLanguage = link.data?.language;
  // The mail spoke Dutch, French or English (German readers got Dutch); so does the page.
  const language: AppLanguage =
    apiLanguage === undefined ? browserLanguage() : apiLanguage === 'de' ? 'nl' : apiLanguage;
  const t = i18n.getFixedT(language);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t('verifyLink.title')} · ${t('app.name')}`;
  }, [language, t]);

  let content: ReactNode;
  if (link.isPending) {
    content = <LoadingState label={t('common.loading')} />;
  } else if (link.isError) {
    const status = isApiError(link.error) ? link.error.status : 0;
    content = (
      <div className="state state-error" role="alert">
        <h1>{status === 410 ? t('verifyLink.expiredTitle') : t('verifyLink.unknownTitle')}</h1>
        <p>
          {status === 410
            ? t('verifyLink.expired')
            : status === 404
              ? t('verifyLink.unknown')
              : t('errors.network')}
        </p>
      </div>
    );
  } else {
    const data = link.data;
    const person = data.person;
    const done = data.state !== 'outstanding';
    const submit = (event: FormEvent): void => {
      event.preventDefault();
      confirm.mutate(draft ? correctionOf(person, draft) : {});
    };
    const invalid = (field: string): boolean => errorsForField(confirm.error, field).length > 0;
    content = (
      <>
        {data.is_exercise && (
          <p className="exercise-banner" role="note">
            <strong>OEFENING / EXERCICE / EXERCISE</strong>
            <span> {t('verifyLink.exercise')}</span>
          </p>
        )}
        <h1>{t('verifyLink.title')}</h1>
        <p>{t('verifyLink.intro', { organisation: data.organisation.name })}</p>
        {done ? (
          <p className="alert alert-success" role="status">
            {t(confirm.data && !confirm.data.already ? 'verifyLink.thanks' : 'verifyLink.already', {
              at: data.confirmed_at ? formatDateTime(data.confirmed_at, language) : '',
            })}
          </p>
        ) : null}
        {draft && !done ? (
          <form className="form" onSubmit={submit} noValidate>
            {FIELDS.map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`verify-${f}`}>{t(`verifyLink.field.${f}`)}</label>
                <input
                  id={`verify-${f}`}
                  name={f}
                  value={draft[f]}
                  aria-invalid={invalid(f) || undefined}
                  type={f.endsWith('email') ? 'email' : f === 'full_name' ? 'text' : 'tel'}
                  onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
                />
              </div>
            ))}
            <div className="field">
              <label htmlFor="verify-language">{t('verifyLink.field.preferred_language')}</label>
              <select
                id="verify-language"
                value={draft.preferred_language}
                onChange={(e) => setDraft({ ...draft, preferred_language: e.target.value })}
              >
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            {confirm.isError && (
              <p className="alert alert-error" role="alert">
                {isApiError(confirm.error) && confirm.error.status === 400
                  ? t('verifyLink.invalid')
                  : isApiError(confirm.error) && confirm.error.status === 410
                    ? t('verifyLink.expired')
                    : t('errors.network')}
              </p>
            )}
            <div className="form-actions">
              <button type="submit" className="button-primary" disabled={confirm.isPending}>
                {confirm.isPending ? t('common.busy') : t('verifyLink.saveAndConfirm')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setDraft(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <>
            <dl className="facts">
              {FIELDS.map((f) => (
                <div key={f}>
                  <dt>{t(`verifyLink.field.${f}`)}</dt>
                  <dd>{person[f] ?? '—'}</dd>
                </div>
              ))}
              <div>
                <dt>{t('verifyLink.field.preferred_language')}</dt>
                <dd>{t(`language.${person.preferred_language}`)}</dd>
              </div>
            </dl>
            {!done && (
              <div className="form-actions">
                <button
                  type="button"
                  className="button-primary button-big"
                  disabled={confirm.isPending}
                  onClick={() => confirm.mutate({})}
                >
                  {confirm.isPending ? t('common.busy') : t('verifyLink.confirm')}
                </button>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => setDraft(draftOf(person))}
                >
                  {t('verifyLink.correct')}
                </button>
              </div>
            )}
            {confirm.isError && !draft && (
              <p className="alert alert-error" role="alert">
                {isApiError(confirm.error) && confirm.error.status === 410
                  ? t('verifyLink.expired')
                  : t('errors.network')}
              </p>
            )}
          </>
        )}
      </>
    );
  }
  return (
    <div className="auth-page ack-page">
      <main id="main" className="auth-main">
        <div className="auth-card ack-card">{content}</div>
      </main>
    </div>
  );
}
