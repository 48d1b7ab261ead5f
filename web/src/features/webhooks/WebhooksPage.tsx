import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { useSession } from '../auth/useSession';
import { ConfirmDialog } from './components/ConfirmDialog';
import { ReceiverRecipe } from './components/ReceiverRecipe';
import { SecretDialog } from './components/SecretDialog';
import { WebhookCard } from './components/WebhookCard';
import { CreateWebhookDialog, EditWebhookDialog } from './components/WebhookDialogs';
import type { Webhook, WebhookWithSecret } from './types';
import { useDeleteWebhook, useRotateWebhookSecret, useWebhooks } from './useWebhooks';
import './webhooks.css';

/** How long the list keeps refreshing after a test event, waiting for its outcome. */
const WATCH_MS = 60_000;

type Open =
  | { kind: 'create' }
  | { kind: 'edit'; webhook: Webhook }
  | { kind: 'delete'; webhook: Webhook }
  | { kind: 'rotate'; webhook: Webhook }
  | { kind: 'secret'; webhook: WebhookWithSecret; reason: 'created' | 'rotated' };

/**
 * The webhook endpoints the user manages: the admin the war room's and every organisation's,
 * a SPOC her organisation's. Creating or rotating shows the signing secret once.
 */
export function WebhooksPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('webhooks.title'));
  const session = useSession();
  const isAdmin = session.data?.user.role === 'warroom_admin';
  const [watching, setWatching] = useState(false);
  const webhooks = useWebhooks(watching);
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const [open, setOpen] = useState<Open>();

  useEffect(() => {
    if (!watching) return;
    const timer = window.setTimeout(() => setWatching(false), WATCH_MS);
    return () => window.clearTimeout(timer);
  }, [watching]);

  function close(): void {
    remove.reset();
    rotate.reset();
    setOpen(undefined);
  }

  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('webhooks.title')}</h1>
        <p className="muted">{isAdmin ? t('webhooks.introAdmin') : t('webhooks.introSpoc')}</p>
        <div className="page-header-actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => setOpen({ kind: 'create' })}
          >
            {t('webhooks.new')}
          </button>
        </div>
      </div>
      {webhooks.isPending ? (
        <LoadingState />
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <EmptyState>{t('webhooks.empty')}</EmptyState>
      ) : (
        <ul className="webhook-list" aria-label={t('webhooks.listLabel')}>
          {webhooks.data.map((w) => (
            <WebhookCard
              key={w.id}
              webhook={w}
              onEdit={() => setOpen({ kind: 'edit', webhook: w })}
              onRotate={() => setOpen({ kind: 'rotate', webhook: w })}
              onDelete={() => setOpen({ kind: 'delete', webhook: w })}
              onTestSent={() => setWatching(true)}
            />
          ))}
        </ul>
      )}
      <ReceiverRecipe />

      {open?.kind === 'create' && (
        <CreateWebhookDialog
          choosesOrganisation={isAdmin}
          onCreated={(webhook) => setOpen({ kind: 'secret', webhook, reason: 'created' })}
          onClose={close}
        />
      )}
      {open?.kind === 'edit' && <EditWebhookDialog webhook={open.webhook} onClose={close} />}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={t('webhooks.confirmDelete.title')}
          confirmLabel={t('webhooks.confirmDelete.action')}
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(open.webhook.id, { onSuccess: close })}
          onCancel={close}
        >
          <p>{t('webhooks.confirmDelete.text', { url: open.webhook.url })}</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'rotate' && (
        <ConfirmDialog
          title={t('webhooks.confirmRotate.title')}
          confirmLabel={t('webhooks.confirmRotate.action')}
          busy={rotate.isPending}
          error={rotate.error}
          onConfirm={() =>
            rotate.mutate(open.webhook.id, {
              onSuccess: (webhook) => setOpen({ kind: 'secret', webhook, reason: 'rotated' }),
            })
          }
          onCancel={close}
        >
          <p>{t('webhooks.confirmRotate.text', { url: open.webhook.url })}</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'secret' && (
        <SecretDialog webhook={open.webhook} reason={open.reason} onClose={close} />
      )}
    </main>
  );
}
