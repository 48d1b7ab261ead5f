import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

import { isApiError } from '../../shared/api/errors';
import { browserLanguage, isAppLanguage, type AppLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { LoadingState } from '../../shared/ui/States';
import { ExerciseBanner, SeverityBadge, TlpBadge } from './components/Labels';
import { Markdown } from './components/Markdown';
import { useAcknowledgeLink, useAdvisoryLink } from './useAdvisories';

/**
 * The page behind the link in an advisory mail: no sign-in, shows what would be acknowledged
 * and acknowledges with one button. Speaks the language the server chose for the person.
 */
export function AckLinkPage(): ReactNode {
  const { i18n } = useTranslation();
  const token = useParams().token ?? '';
  const link = useAdvisoryLink(token);
  const ack = useAcknowledgeLink(token);
  const apiLanguage = link.data?.language;
  const language: AppLanguage = isAppLanguage(apiLanguage) ? apiLanguage : browserLanguage();
  const t = i18n.getFixedT(language);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t('ackLink.title')} · ${t('app.name')}`;
  }, [language, t]);

  let content: ReactNode;
  if (link.isPending) {
    content = <LoadingState label={t('common.loading')} />;
  } else if (link.isError) {
    const status = isApiError(link.error) ? link.error.status : 0;
    content = (
      <div className="state state-error" role="alert">
        <h1>{status === 410 ? t('ackLink.expiredTitle') : t('ackLink.unknownTitle')}</h1>
        <p>
          {status === 410
            ? t('ackLink.expired')
            : status === 404
              ? t('ackLink.unknown')
              : t('errors.network')}
        </p>
      </div>
    );
  } else {
    const { advisory, organisation, person } = link.data;
    const acknowledged = ack.data?.acknowledged ?? link.data.acknowledged;
    content = (
      <>
        {advisory.is_exercise && <ExerciseBanner lng={language} />}
        <h1>{advisory.title ?? advisory.reference}</h1>
        <p className="badge-row">
          <span className="muted">{advisory.reference}</span>
          <SeverityBadge severity={advisory.severity} lng={language} />
          <TlpBadge tlp={advisory.tlp} lng={language} />
        </p>
        <dl className="facts">
          <div>
            <dt>{t('ackLink.organisation')}</dt>
            <dd>{organisation.name}</dd>
          </div>
          <div>
            <dt>{t('ackLink.person')}</dt>
            <dd>{person.name}</dd>
          </div>
        </dl>
        {acknowledged ? (
          <p className="alert alert-success ack-done" role="status">
            {t(ack.data && !ack.data.already ? 'ackLink.thanks' : 'ackLink.already', {
              by: acknowledged.by,
              at: formatDateTime(acknowledged.at, language),
              channel: t(`advisories.channel.${acknowledged.channel}`),
            })}
          </p>
        ) : (
          <>
            <p>{t('ackLink.intro', { organisation: organisation.name })}</p>
            <button
              type="button"
              className="button-primary button-big"
              disabled={ack.isPending}
              onClick={() => ack.mutate()}
            >
              {ack.isPending ? t('common.busy') : t('ackLink.acknowledge')}
            </button>
            {ack.isError && (
              <p className="alert alert-error" role="alert">
                {isApiError(ack.error) && ack.error.status === 410
                  ? t('ackLink.expired')
                  : t('errors.network')}
              </p>
            )}
          </>
        )}
        {advisory.body && (
          <section className="ack-body" lang={language}>
            <Markdown text={advisory.body} />
          </section>
        )}
        {advisory.action_points && advisory.action_points.length > 0 && (
          <section lang={language}>
            <h2>{t('advisories.field.actionPoints')}</h2>
            <ol>
              {advisory.action_points.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ol>
          </section>
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
