import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { OrganisationPicker } from '../../accounts/components/OrganisationPicker';
import type { OrganisationSummary } from '../../directory/types';
import { getWebhook } from '../api';
import type { Webhook, WebhookPatch, WebhookWithSecret } from '../types';
import { useCreateWebhook, useUpdateWebhook } from '../useWebhooks';
import { OrganisationLabel } from './OrganisationLabel';

const FIELDS = ['url', 'description', 'active', 'organisation_id'];

interface Draft {
  url: string;
  description: string;
  active: boolean;
}

function draftOf(w: Webhook): Draft {
  return { url: w.url, description: w.description, active: w.active };
}

/** The fields that differ from the endpoint as read: a PATCH changes nothing else. */
export function patchOf(before: Draft, after: Draft): WebhookPatch {
  const patch: WebhookPatch = {};
  if (after.url.trim() !== before.url) patch.url = after.url.trim();
  if (after.description.trim() !== before.description) patch.description = after.description.trim();
  if (after.active !== before.active) patch.active = after.active;
  return patch;
}

interface FieldsProps {
  draft: Draft;
  error: unknown;
  submitted: boolean;
  onChange: (draft: Draft) => void;
}

/** URL, description and the active switch, with the server's errors at each field. */
function WebhookFields({ draft, error, submitted, onChange }: FieldsProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <TextField
        label={t('webhooks.field.url')}
        name="url"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={2048}
        value={draft.url}
        hint={t('webhooks.field.urlHint')}
        error={error}
        clientErrors={submitted && draft.url.trim() === '' ? [t('errors.field.required')] : []}
        onValueChange={(url) => onChange({ ...draft, url })}
      />
      <TextField
        label={t('webhooks.field.description')}
        name="description"
        maxLength={200}
        value={draft.description}
        error={error}
        onValueChange={(description) => onChange({ ...draft, description })}
      />
      <div className="field">
        <div className="checkbox">
          <input
            id={`${id}-active`}
            type="checkbox"
            checked={draft.active}
            aria-describedby={`${id}-active-errors`}
            onChange={(e) => onChange({ ...draft, active: e.target.checked })}
          />
          <label htmlFor={`${id}-active`}>{t('webhooks.field.active')}</label>
        </div>
        <FieldErrors id={`${id}-active-errors`} error={error} field="active" />
      </div>
    </>
  );
}

interface CreateWebhookDialogProps {
  /** The admin chooses the war room or an organisation; a SPOC's endpoints are her own. */
  choosesOrganisation: boolean;
  onCreated: (webhook: WebhookWithSecret) => void;
  onClose: () => void;
}

export function CreateWebhookDialog({
  choosesOrganisation,
  onCreated,
  onClose,
}: CreateWebhookDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateWebhook();
  const [draft, setDraft] = useState<Draft>({ url: '', description: '', active: true });
  const [scope, setScope] = useState<'warroom' | 'organisation'>('warroom');
  const [organisation, setOrganisation] = useState<OrganisationSummary>();
  const [submitted, setSubmitted] = useState(false);
  const needsOrganisation = choosesOrganisation && scope === 'organisation';

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (draft.url.trim() === '' || (needsOrganisation && !organisation)) return;
    create.mutate(
      {
        url: draft.url.trim(),
        description: draft.description.trim(),
        active: draft.active,
        ...(choosesOrganisation
          ? { organisation_id: needsOrganisation && organisation ? organisation.id : null }
          : {}),
      },
      { onSuccess: onCreated },
    );
  }

  return (
    <Dialog title={t('webhooks.newTitle')} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <FormProblem error={create.error} fields={FIELDS} />
        {choosesOrganisation && (
          <fieldset className="fieldset">
            <legend>{t('webhooks.field.scope')}</legend>
            <div className="checkbox">
              <input
                id={`${id}-warroom`}
                type="radio"
                name="scope"
                checked={scope === 'warroom'}
                onChange={() => setScope('warroom')}
              />
              <label htmlFor={`${id}-warroom`}>{t('webhooks.field.scopeWarRoom')}</label>
            </div>
            <div className="checkbox">
              <input
                id={`${id}-organisation`}
                type="radio"
                name="scope"
                checked={scope === 'organisation'}
                onChange={() => setScope('organisation')}
              />
              <label htmlFor={`${id}-organisation`}>{t('webhooks.field.scopeOrganisation')}</label>
            </div>
            {scope === 'organisation' && (
              <OrganisationPicker
                label={t('webhooks.field.organisation')}
                value={organisation}
                error={create.error}
                clientErrors={submitted && !organisation ? [t('errors.field.required')] : []}
                onChange={setOrganisation}
              />
            )}
          </fieldset>
        )}
        <WebhookFields
          draft={draft}
          error={create.error}
          submitted={submitted}
          onChange={setDraft}
        />
        <DialogActions busy={create.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

interface EditWebhookDialogProps {
  webhook: Webhook;
  onClose: () => void;
}

/** Changes URL, description or the active switch with the version as read; 412 offers a reload. */
export function EditWebhookDialog({ webhook, onClose }: EditWebhookDialogProps): ReactNode {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(webhook);
  const [draft, setDraft] = useState(() => draftOf(webhook));
  const [submitted, setSubmitted] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>();
  const update = useUpdateWebhook(current);
  const conflict = isApiError(update.error) && update.error.status === 412;

  async function onReload(): Promise<void> {
    try {
      const fresh = await getWebhook(current.id);
      setCurrent(fresh);
      setDraft(draftOf(fresh));
      setReloadError(undefined);
      update.reset();
    } catch (error) {
      setReloadError(error);
    }
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (draft.url.trim() === '') return;
    const patch = patchOf(draftOf(current), draft);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(patch, { onSuccess: onClose });
  }

  return (
    <Dialog title={t('webhooks.editTitle')} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        {conflict ? (
          <ConflictNotice onReload={() => void onReload()} />
        ) : (
          <FormProblem error={update.error} fields={FIELDS} />
        )}
        <FormProblem error={reloadError} />
        <p>
          <span className="muted">{t('webhooks.fact.for')}: </span>
          <OrganisationLabel organisationId={current.organisation_id} />
        </p>
        <WebhookFields
          draft={draft}
          error={update.error}
          submitted={submitted}
          onChange={setDraft}
        />
        <DialogActions busy={update.isPending} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
