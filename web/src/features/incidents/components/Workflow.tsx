import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField, isApiError } from '../../../shared/api/errors';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { transitionNeedsReason, type Incident, type IncidentStatus } from '../types';
import { useTransitionIncident } from '../useIncidents';

/** The label of the button that moves from `from` to `to` ("Reopen", "Back to containment"). */
function useMoveLabel(): (from: IncidentStatus, to: IncidentStatus) => string {
  const { t } = useTranslation();
  return (from, to) => {
    if (from === 'closed') return t('incidents.workflow.reopen');
    if (to === 'containment' && (from === 'eradication' || from === 'recovery')) {
      return t('incidents.workflow.backToContainment');
    }
    return t(`incidents.workflow.to.${to}`);
  };
}

/**
 * The status workflow: a button for every status the server allows next; where the move needs a
 * reason (reopen, closing early, back to containment), a reason field first.
 */
export function Workflow({ incident }: { incident: Incident }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const label = useMoveLabel();
  const transition = useTransitionIncident(incident);
  const [target, setTarget] = useState<IncidentStatus>();
  const [reason, setReason] = useState('');

  function move(to: IncidentStatus, withReason: string): void {
    transition.mutate(
      { to, reason: withReason },
      {
        onSuccess: () => {
          setTarget(undefined);
          setReason('');
        },
        onError: (error) => {
          // The server knows best which moves need a reason: ask for one when it says so.
          if (isApiError(error) && error.code === 'reason_required') setTarget(to);
        },
      },
    );
  }

  function onChoose(to: IncidentStatus): void {
    transition.reset();
    if (transitionNeedsReason(incident.status, to)) {
      setTarget(to);
    } else {
      setTarget(undefined);
      move(to, '');
    }
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (target) move(target, reason);
  }

  const conflict = isApiError(transition.error) && transition.error.status === 412;
  const reasonInvalid = errorsForField(transition.error, 'reason').length > 0;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('incidents.workflow.title')}</h2>
      {incident.next_statuses.length === 0 ? (
        <p className="muted">{t('incidents.workflow.none')}</p>
      ) : (
        <div className="transition-buttons">
          {incident.next_statuses.map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'closed' ? 'button-secondary' : 'button-primary'}
              disabled={transition.isPending}
              aria-pressed={target === to ? true : undefined}
              onClick={() => onChoose(to)}
            >
              {label(incident.status, to)}
            </button>
          ))}
        </div>
      )}
      {target && (
        <form onSubmit={onSubmit} noValidate className="incident-form">
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('incidents.workflow.reason')}</label>
            <p className="field-hint" id={`${id}-reason-hint`}>
              {t('incidents.workflow.reasonHint', { action: label(incident.status, target) })}
            </p>
            <textarea
              id={`${id}-reason`}
              value={reason}
              rows={3}
              maxLength={2000}
              aria-invalid={reasonInvalid || undefined}
              aria-describedby={`${id}-reason-hint${reasonInvalid ? ` ${id}-reason-errors` : ''}`}
              onChange={(e) => setReason(e.target.value)}
            />
            <FieldErrors id={`${id}-reason-errors`} error={transition.error} field="reason" />
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setTarget(undefined);
                transition.reset();
              }}
            >
              {t('common.cancel')}
            </button>
            <button type="submit" className="button-primary" disabled={transition.isPending}>
              {transition.isPending ? t('common.busy') : t('incidents.workflow.confirm')}
            </button>
          </div>
        </form>
      )}
      {conflict ? (
        <ConflictNotice onReload={() => window.location.reload()} />
      ) : (
        <FormProblem error={transition.error} fields={target ? ['reason'] : []} />
      )}
    </section>
  );
}
