import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { CopyButton } from '../../../shared/ui/CopyButton';
import { Dialog } from '../../../shared/ui/Dialog';
import type { WebhookWithSecret } from '../types';

interface SecretDialogProps {
  webhook: WebhookWithSecret;
  reason: 'created' | 'rotated';
  onClose: () => void;
}

/**
 * Shows an endpoint's signing secret, the only time the app sees it: the server keeps it sealed
 * and never returns it again.
 */
export function SecretDialog({ webhook, reason, onClose }: SecretDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Dialog title={t('webhooks.secret.title')} onClose={onClose}>
      <div className="stack">
        <p>
          {reason === 'created'
            ? t('webhooks.secret.created', { url: webhook.url })
            : t('webhooks.secret.rotated', { url: webhook.url })}
        </p>
        <div className="alert alert-warning" id={`${id}-once`}>
          <p>
            <strong>{t('webhooks.secret.once')}</strong>
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{t('webhooks.secret.label')}</label>
          <input
            id={`${id}-secret`}
            className="secret webhook-secret"
            data-testid="webhook-secret"
            readOnly
            value={webhook.secret}
            aria-describedby={`${id}-once`}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.target.select()}
          />
        </div>
        <div className="row">
          <CopyButton text={webhook.secret} label={t('webhooks.secret.copy')} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button-primary" onClick={onClose}>
            {t('webhooks.secret.done')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
