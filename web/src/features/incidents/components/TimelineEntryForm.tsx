import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField } from '../../../shared/api/errors';
import { fromBrusselsInput, toBrusselsInput } from '../../../shared/time/input';
import { FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { useSession } from '../../auth/useSession';
import {
  audiences,
  incidentTlps,
  isAudience,
  timelineKinds,
  type Audience,
  type IncidentTlp,
  type TimelineEntry,
  type TimelineEntryInput,
  type TimelineKind,
} from '../types';
import { useAppendEntry, useIncidentPeople } from '../useIncidents';

const FIELDS = ['kind', 'text', 'happened_at', 'tlp', 'audience', 'named_user_ids', 'corrects'];

interface TimelineEntryFormProps {
  incidentId: number;
  /** The entry this one corrects: the form starts from its kind, text, time and label. */
  corrects?: TimelineEntry;
  onDone: () => void;
}

/**
 * Adds an entry to the timeline, or a correction of one (entries are never edited). Usable on a
 * phone: one column, big targets, the time filled in with now in Brussels time.
 */
export function TimelineEntryForm({
  incidentId,
  corrects,
  onDone,
}: TimelineEntryFormProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const me = session.data?.user?.id;
  const [kind, setKind] = useState<TimelineKind>(corrects?.kind ?? 'observation');
  const [text, setText] = useState(corrects?.text ?? '');
  const [happenedAt, setHappenedAt] = useState(() =>
    toBrusselsInput(corrects?.happened_at ?? new Date()),
  );
  const [tlp, setTlp] = useState<IncidentTlp>(corrects?.tlp ?? 'amber');
  const [audience, setAudience] = useState<Audience>(
    isAudience(corrects?.audience ?? null) ? (corrects?.audience as Audience) : 'press',
  );
  const [named, setNamed] = useState<number[]>([]);
  const people = useIncidentPeople(incidentId, tlp === 'red');
  const append = useAppendEntry(incidentId);
  const error = append.error;
  const textRef = useRef<HTMLTextAreaElement>(null);
  // Focus (and so scroll to) the text: "Correct" is pressed far down the list, on a phone.
  useEffect(() => textRef.current?.focus(), []);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const entry: TimelineEntryInput = {
      kind,
      text: text.trim(),
      happened_at: fromBrusselsInput(happenedAt) ?? happenedAt,
      tlp,
    };
    if (corrects) entry.corrects = corrects.id;
    if (kind === 'communication') entry.audience = audience;
    if (tlp === 'red') entry.named_user_ids = named;
    append.mutate(entry, { onSuccess: onDone });
  }

  const toggle = (user: number): void =>
    setNamed((list) => (list.includes(user) ? list.filter((u) => u !== user) : [...list, user]));
  const textInvalid = errorsForField(error, 'text').length > 0;
  const title = corrects
    ? t('incidents.timeline.form.correctTitle')
    : t('incidents.timeline.form.title');
  return (
    <form className="incident-form timeline-form" onSubmit={onSubmit} noValidate aria-label={title}>
      <h3>{title}</h3>
      {corrects && (
        <p className="timeline-corrects">
          {t('incidents.timeline.form.correcting')} <q className="incident-text">{corrects.text}</q>
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('incidents.timeline.form.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as TimelineKind)}
        >
          {timelineKinds.map((k) => (
            <option key={k} value={k}>
              {t(`incidents.timeline.kind.${k}`)}
            </option>
          ))}
        </select>
        <FieldErrors id={`${id}-kind-errors`} error={error} field="kind" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('incidents.timeline.form.text')}</label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          value={text}
          rows={4}
          maxLength={10_000}
          aria-invalid={textInvalid || undefined}
          aria-describedby={textInvalid ? `${id}-text-errors` : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <FieldErrors id={`${id}-text-errors`} error={error} field="text" />
      </div>
      {kind === 'communication' && (
        <div className="field">
          <label htmlFor={`${id}-audience`}>{t('incidents.timeline.form.audience')}</label>
          <select
            id={`${id}-audience`}
            value={audience}
            onChange={(e) => setAudience(e.target.value as Audience)}
          >
            {audiences.map((a) => (
              <option key={a} value={a}>
                {t(`incidents.timeline.audience.${a}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-audience-errors`} error={error} field="audience" />
        </div>
      )}
      <div className="field-row">
        <TextField
          type="datetime-local"
          label={t('incidents.timeline.form.happenedAt')}
          hint={t('incidents.timeline.form.happenedAtHint')}
          name="happened_at"
          value={happenedAt}
          error={error}
          required
          onValueChange={setHappenedAt}
        />
        <div className="field">
          <label htmlFor={`${id}-tlp`}>{t('incidents.timeline.form.tlp')}</label>
          <select
            id={`${id}-tlp`}
            value={tlp}
            onChange={(e) => setTlp(e.target.value as IncidentTlp)}
          >
            {incidentTlps.map((x) => (
              <option key={x} value={x}>
                TLP:{x.toUpperCase()}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-tlp-errors`} error={error} field="tlp" />
        </div>
      </div>
      {tlp === 'red' && (
        <fieldset className="timeline-named">
          <legend>{t('incidents.timeline.form.named')}</legend>
          <p className="field-hint">{t('incidents.timeline.form.namedHint')}</p>
          {people.isPending && <p role="status">{t('common.loading')}</p>}
          {people.isError && <p role="alert">{t('incidents.timeline.form.peopleError')}</p>}
          {people.data
            ?.filter((p) => p.id !== me)
            .map((p) => (
              <label key={p.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={named.includes(p.id)}
                  onChange={() => toggle(p.id)}
                />
                <span>
                  {p.name} ({p.organisation.name})
                </span>
              </label>
            ))}
          <FieldErrors id={`${id}-named-errors`} error={error} field="named_user_ids" />
        </fieldset>
      )}
      <FormProblem error={error} fields={FIELDS} />
      <div className="form-actions">
        <button type="submit" disabled={append.isPending}>
          {corrects
            ? t('incidents.timeline.form.submitCorrection')
            : t('incidents.timeline.form.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
