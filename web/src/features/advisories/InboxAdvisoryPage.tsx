import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { currentLanguage } from '../../shared/i18n/i18n';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem } from '../../shared/ui/problem';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { AttachmentList } from './components/Attachments';
import { AckText, ExerciseBanner, SeverityBadge, TlpBadge } from './components/Labels';
import { Markdown } from './components/Markdown';
import type { Advisory, TextLanguage } from './types';
import { useAcknowledge, useActionPoint, useAdvisory, useCreateHelpRequest } from './useAdvisories';

function HelpRequestForm({ advisory }: { advisory: Advisory }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateHelpRequest();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  if (create.isSuccess) return <Alert tone="success">{t('inbox.help.sent')}</Alert>;
  if (!open) {
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('inbox.help.button')}
      </button>
    );
  }
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    create.mutate({ subject, body, advisory_id: advisory.id });
  }
  return (
    <form className="panel help-form" onSubmit={onSubmit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('inbox.help.button')}</h2>
      <div className="field">
        <label htmlFor={`${id}-subject`}>{t('inbox.help.subject')}</label>
        <input
          id={`${id}-subject`}
          value={subject}
          required
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('inbox.help.body')}</label>
        <textarea
          id={`${id}-body`}
          rows={5}
          value={body}
          required
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <FormProblem error={create.error} fields={[]} />
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {create.isPending ? t('common.busy') : t('inbox.help.send')}
        </button>
      </div>
    </form>
  );
}

/** An advisory as its recipient reads it: in their language, with points to tick and the ack. */
export function InboxAdvisoryPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const advisory = useAdvisory(id, currentLanguage(i18n));
  const session = useSession();
  const ack = useAcknowledge(id);
  const point = useActionPoint(id);
  usePageTitle(advisory.data?.reference ?? t('inbox.title'));
  if (advisory.isPending) {
    return (
      <main id="main" className="page">
        <LoadingState />
      </main>
    );
  }
  if (advisory.isError) {
    return (
      <main id="main" className="page">
        <ErrorState error={advisory.error} onRetry={() => void advisory.refetch()} />
      </main>
    );
  }
  const a = advisory.data;
  const language: TextLanguage = a.language ?? 'nl';
  const text = a.texts[language] ?? a.texts.nl;
  const state = a.organisation_state;
  const done = new Set(state?.action_points_done ?? []);
  const organisation = session.data?.user?.organisation_name ?? '';
  const acknowledged = ack.data?.acknowledged ?? state?.acknowledged ?? null;
  return (
    <main id="main" className="page reader">
      {a.is_exercise && <ExerciseBanner />}
      <nav className="breadcrumb" aria-label={t('advisories.breadcrumb')}>
        <Link to="/inbox">{t('inbox.title')}</Link>
      </nav>
      <article lang={language}>
        <div className="page-header">
          <h1>{text?.title ?? a.reference}</h1>
          <p className="badge-row">
            <span className="muted">{a.reference}</span>
            <SeverityBadge severity={a.severity} />
            <TlpBadge tlp={a.tlp} />
            {a.revision > 1 && (
              <span className="badge badge-info">
                {t('inbox.revision', { revision: a.revision })}
              </span>
            )}
          </p>
        </div>
        <section className="panel ack-panel" aria-label={t('inbox.ackSection')}>
          {acknowledged ? (
            <p className="ack-done" role="status">
              <AckText ack={acknowledged} />
            </p>
          ) : (
            <>
              <button
                type="button"
                className="button-primary button-big"
                disabled={ack.isPending}
                onClick={() => ack.mutate()}
              >
                {t('inbox.acknowledgeFor', { organisation })}
              </button>
              <FormProblem error={ack.error} />
            </>
          )}
        </section>
        {text && <Markdown text={text.body} />}
        {text && text.action_points.length > 0 && (
          <section className="panel" aria-labelledby="points-h">
            <h2 id="points-h">{t('advisories.field.actionPoints')}</h2>
            <ul className="action-points">
              {text.action_points.map((p, i) => (
                <li key={i}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={done.has(i)}
                      disabled={point.isPending || !state}
                      onChange={(e) => point.mutate({ index: i, done: e.target.checked })}
                    />
                    {p}
                  </label>
                </li>
              ))}
            </ul>
            <FormProblem error={point.error} />
          </section>
        )}
        <AttachmentList advisoryId={a.id} attachments={a.attachments} />
      </article>
      <HelpRequestForm advisory={a} />
    </main>
  );
}
