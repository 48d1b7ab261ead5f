import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import { Alert } from '../../../shared/ui/Alert';
import { Badge } from '../../../shared/ui/Badge';
import { FormProblem } from '../../../shared/ui/problem';
import type { Webhook } from '../types';
import { useSendTestEvent } from '../useWebhooks';
import { OrganisationLabel } from './OrganisationLabel';

interface WebhookCardProps {
  webhook: Webhook;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
  onTestSent: () => void;
}

/** One endpoint: where it points, whose it is, how its last deliveries went, and its actions. */
export function WebhookCard({
  webhook: w,
  onEdit,
  onRotate,
  onDelete,
  onTestSent,
}: WebhookCardProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const test = useSendTestEvent();
  const failedLast =
    w.last_failure_at !== null &&
    (w.last_success_at === null || w.last_failure_at > w.last_success_at);
  const named = <span className="visually-hidden">: {w.url}</span>;

  return (
    <li className="panel webhook-card">
      <div className="panel-header">
        <h2 className="webhook-url">{w.url}</h2>
        <div className="badge-row">
          {w.active ? (
            <Badge tone="ok">{t('webhooks.active')}</Badge>
          ) : (
            <Badge>{t('webhooks.inactive')}</Badge>
          )}
          {failedLast && <Badge tone="danger">{t('webhooks.failing')}</Badge>}
        </div>
      </div>
      {w.description && <p>{w.description}</p>}
      <dl className="facts">
        <div className="fact">
          <dt>{t('webhooks.fact.for')}</dt>
          <dd>
            <OrganisationLabel organisationId={w.organisation_id} />
          </dd>
        </div>
        <div className="fact">
          <dt>{t('webhooks.fact.lastSuccess')}</dt>
          <dd>
            {w.last_success_at ? formatDateTime(w.last_success_at, language) : t('webhooks.never')}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('webhooks.fact.lastFailure')}</dt>
          <dd>
            {w.last_failure_at ? formatDateTime(w.last_failure_at, language) : t('webhooks.never')}
            {w.last_failure_at && w.last_error && (
              <span className="webhook-error">{w.last_error}</span>
            )}
          </dd>
        </div>
      </dl>
      {test.isSuccess && (
        <Alert tone="success">
          <p>{t('webhooks.testQueued', { id: test.data.delivery_id })}</p>
        </Alert>
      )}
      <FormProblem error={test.error} />
      <div className="row webhook-actions">
        <button type="button" className="button-secondary button-small" onClick={onEdit}>
          {t('webhooks.edit')}
          {named}
        </button>
        <button
          type="button"
          className="button-secondary button-small"
          disabled={test.isPending}
          onClick={() => test.mutate(w.id, { onSuccess: onTestSent })}
        >
          {test.isPending ? t('common.busy') : t('webhooks.test')}
          {named}
        </button>
        <button type="button" className="button-secondary button-small" onClick={onRotate}>
          {t('webhooks.rotate')}
          {named}
        </button>
        <button type="button" className="button-danger button-small" onClick={onDelete}>
          {t('webhooks.delete')}
          {named}
        </button>
      </div>
    </li>
  );
}
