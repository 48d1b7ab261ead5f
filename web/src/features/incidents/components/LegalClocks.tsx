import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import { fromBrusselsInput, toBrusselsInput } from '../../../shared/time/input';
import { ConflictNotice, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { clockFields, type Incident, type LegalClock } from '../types';
import { useUpdateIncident } from '../useIncidents';

/** The current time, renewed every `ms`. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** "2 d 03:04:05" (days only when there are some), for a number of seconds of either sign. */
export function formatDuration(seconds: number, days: (count: number) => string): string {
  const s = Math.abs(Math.trunc(seconds));
  const d = Math.floor(s / 86_400);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return d > 0 ? `${days(d)} ${clock}` : clock;
}

function MarkDoneForm({ incident, clock }: { incident: Incident; clock: LegalClock }): ReactNode {
  const { t } = useTranslation();
  const fields = clockFields[clock.kind];
  const update = useUpdateIncident(incident);
  const [at, setAt] = useState(() => toBrusselsInput(new Date()));
  const [reference, setReference] = useState(() => incident[fields.reference] ?? '');

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    update.mutate({
      [fields.at]: fromBrusselsInput(at) ?? at,
      [fields.reference]: reference.trim() || null,
    });
  }

  const conflict = isApiError(update.error) && update.error.status === 412;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t(`incidents.clock.kind.${clock.kind}`)}>
      <TextField
        type="datetime-local"
        label={t('incidents.clock.doneAt')}
        name={fields.at}
        value={at}
        error={update.error}
        onValueChange={setAt}
      />
      <TextField
        label={t(`incidents.clock.reference.${fields.reference}`)}
        name={fields.reference}
        value={reference}
        error={update.error}
        maxLength={100}
        autoComplete="off"
        onValueChange={setReference}
      />
      <button type="submit" className="button-primary" disabled={update.isPending}>
        {update.isPending ? t('common.busy') : t('incidents.clock.markDone')}
      </button>
      {conflict ? (
        <ConflictNotice onReload={() => window.location.reload()} />
      ) : (
        <FormProblem error={update.error} fields={[fields.at, fields.reference]} />
      )}
    </form>
  );
}

function UndoButton({ incident, clock }: { incident: Incident; clock: LegalClock }): ReactNode {
  const { t } = useTranslation();
  const update = useUpdateIncident(incident);
  const conflict = isApiError(update.error) && update.error.status === 412;
  return (
    <div>
      <button
        type="button"
        className="button-link"
        disabled={update.isPending}
        onClick={() => update.mutate({ [clockFields[clock.kind].at]: null })}
      >
        {t('incidents.clock.undo')}
      </button>
      {conflict ? (
        <ConflictNotice onReload={() => window.location.reload()} />
      ) : (
        <FormProblem error={update.error} />
      )}
    </div>
  );
}

interface LegalClocksProps {
  incident: Incident;
  /** When the incident was read (ms), from which the server's seconds_left count down. */
  readAt: number;
}

/**
 * The legal deadlines that apply: due time in Brussels time, the time left counting down (or how
 * long overdue), whether and when each was done with its reference, and a form to mark it done.
 */
export function LegalClocks({ incident, readAt }: LegalClocksProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const now = useNow(1000);
  const elapsed = Math.max(0, Math.floor((now - readAt) / 1000));
  const days = (count: number): string => t('incidents.clock.days', { count });

  return (
    <section className="panel" aria-labelledby="clocks-heading">
      <h2 id="clocks-heading">{t('incidents.clock.title')}</h2>
      {incident.clocks.length === 0 ? (
        <p className="muted">{t('incidents.clock.none')}</p>
      ) : (
        <ul className="clock-list">
          {incident.clocks.map((clock) => {
            const left = clock.seconds_left === null ? null : clock.seconds_left - elapsed;
            const overdue = !clock.done && (clock.overdue || (left !== null && left < 0));
            const state = clock.done ? 'done' : overdue ? 'overdue' : 'running';
            return (
              <li key={clock.kind} className={`clock clock-${state}`} data-testid={clock.kind}>
                <h3>{t(`incidents.clock.kind.${clock.kind}`)}</h3>
                <p>{t('incidents.clock.due', { at: formatDateTime(clock.due_at, language) })}</p>
                {clock.done ? (
                  <>
                    <p>
                      <span className="badge badge-ok">{t('incidents.clock.done')}</span>{' '}
                      {clock.done_at &&
                        t('incidents.clock.doneOn', {
                          at: formatDateTime(clock.done_at, language),
                        })}
                    </p>
                    <p>
                      {t('incidents.clock.referenceIs', {
                        reference: clock.reference ?? t('incidents.clock.noReference'),
                      })}
                    </p>
                    <UndoButton incident={incident} clock={clock} />
                  </>
                ) : (
                  <>
                    <p className="clock-left" role="timer" aria-live="off">
                      {overdue ? (
                        <span className="badge badge-danger">{t('incidents.clock.overdue')}</span>
                      ) : null}{' '}
                      {left === null
                        ? ''
                        : overdue
                          ? t('incidents.clock.overdueBy', { time: formatDuration(left, days) })
                          : t('incidents.clock.left', { time: formatDuration(left, days) })}
                    </p>
                    <MarkDoneForm incident={incident} clock={clock} />
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
