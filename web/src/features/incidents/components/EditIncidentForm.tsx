import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { errorsForField, isApiError } from '../../../shared/api/errors';
import { fromBrusselsInput, toBrusselsInput } from '../../../shared/time/input';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { type Incident, type IncidentPatch, type IncidentTlp, type Taxonomy } from '../types';
import { useUpdateIncident } from '../useIncidents';
import { IncidentFlagFields } from './IncidentFlags';
import { RsitFields } from './RsitFields';
import { SeverityChoices } from './SeverityChoices';

const FIELDS = [
  'title',
  'what_happened',
  'detected_at',
  'became_aware_at',
  'severity',
  'rsit_class',
  'rsit_type',
  'local_lead',
  'callback_number',
  'tlp',
];

interface Draft {
  title: string;
  whatHappened: string;
  detectedAt: string;
  becameAwareAt: string;
  severity: number;
  rsitClass: string;
  rsitType: string;
  localLead: string;
  callbackNumber: string;
  isExercise: boolean;
  tlp: IncidentTlp;
  personalData: boolean;
  nis2: boolean;
}

function draftOf(x: Incident): Draft {
  return {
    title: x.title,
    whatHappened: x.what_happened,
    detectedAt: toBrusselsInput(x.detected_at),
    becameAwareAt: toBrusselsInput(x.became_aware_at),
    severity: x.severity,
    rsitClass: x.rsit_class ?? '',
    rsitType: x.rsit_type ?? '',
    localLead: x.local_lead ?? '',
    callbackNumber: x.callback_number ?? '',
    isExercise: x.is_exercise,
    tlp: x.tlp,
    personalData: x.personal_data,
    nis2: x.nis2_applicable,
  };
}

/** Only what the form changed, so that a concurrent change of another field is not undone. */
function patchOf(before: Draft, after: Draft): IncidentPatch {
  const patch: IncidentPatch = {};
  const nullable = (value: string): string | null => value.trim() || null;
  const time = (value: string): string => fromBrusselsInput(value) ?? value;
  if (after.title !== before.title) patch.title = after.title.trim();
  if (after.whatHappened !== before.whatHappened) patch.what_happened = after.whatHappened.trim();
  if (after.detectedAt !== before.detectedAt) patch.detected_at = time(after.detectedAt);
  if (after.becameAwareAt !== before.becameAwareAt)
    patch.became_aware_at = time(after.becameAwareAt);
  if (after.severity !== before.severity) patch.severity = after.severity;
  if (after.rsitClass !== before.rsitClass || after.rsitType !== before.rsitType) {
    patch.rsit_class = nullable(after.rsitClass);
    patch.rsit_type = nullable(after.rsitType);
  }
  if (after.localLead !== before.localLead) patch.local_lead = nullable(after.localLead);
  if (after.callbackNumber !== before.callbackNumber) {
    patch.callback_number = nullable(after.callbackNumber);
  }
  if (after.isExercise !== before.isExercise) patch.is_exercise = after.isExercise;
  if (after.tlp !== before.tlp) patch.tlp = after.tlp;
  if (after.personalData !== before.personalData) patch.personal_data = after.personalData;
  if (after.nis2 !== before.nis2) patch.nis2_applicable = after.nis2;
  return patch;
}

interface EditIncidentFormProps {
  incident: Incident;
  taxonomy: Taxonomy | undefined;
  /** Whether the reader may choose TLP:RED (the war room). */
  mayChooseRed: boolean;
  onDone: () => void;
}

/** Changes the incident's facts with PATCH and If-Match; a 412 says someone else was faster. */
export function EditIncidentForm({
  incident,
  taxonomy,
  mayChooseRed,
  onDone,
}: EditIncidentFormProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  // The incident as it was when the edit began: a change saved meanwhile by someone else (the
  // page refetches on live events) makes the save a 412 instead of overwriting it.
  const [base] = useState(incident);
  const [initial] = useState(() => draftOf(base));
  const [draft, setDraft] = useState(initial);
  const update = useUpdateIncident(base);
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const error = update.error;

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const patch = patchOf(initial, draft);
    if (Object.keys(patch).length === 0) {
      onDone();
      return;
    }
    update.mutate(patch, { onSuccess: onDone });
  }

  const conflict = isApiError(error) && error.status === 412;
  const whatInvalid = errorsForField(error, 'what_happened').length > 0;
  return (
    <form className="incident-form panel" onSubmit={onSubmit} noValidate>
      <h2>{t('incidents.edit.title')}</h2>
      <TextField
        label={t('incidents.field.title')}
        name="title"
        value={draft.title}
        error={error}
        maxLength={200}
        onValueChange={(title) => set({ title })}
      />
      <div className="field">
        <label htmlFor={`${id}-what`}>{t('incidents.field.whatHappened')}</label>
        <textarea
          id={`${id}-what`}
          value={draft.whatHappened}
          rows={5}
          aria-invalid={whatInvalid || undefined}
          aria-describedby={whatInvalid ? `${id}-what-errors` : undefined}
          onChange={(e) => set({ whatHappened: e.target.value })}
        />
        <FieldErrors id={`${id}-what-errors`} error={error} field="what_happened" />
      </div>
      <div className="field-row">
        <TextField
          type="datetime-local"
          label={t('incidents.field.detectedAt')}
          name="detected_at"
          value={draft.detectedAt}
          error={error}
          onValueChange={(detectedAt) => set({ detectedAt })}
        />
        <TextField
          type="datetime-local"
          label={t('incidents.field.becameAwareAt')}
          hint={t('incidents.hint.becameAwareAt')}
          name="became_aware_at"
          value={draft.becameAwareAt}
          error={error}
          onValueChange={(becameAwareAt) => set({ becameAwareAt })}
        />
      </div>
      <SeverityChoices
        value={draft.severity}
        definitions={taxonomy?.severities}
        error={error}
        onChange={(severity) => set({ severity })}
      />
      <RsitFields
        classes={taxonomy?.classes}
        rsitClass={draft.rsitClass}
        rsitType={draft.rsitType}
        error={error}
        onChange={(rsitClass, rsitType) => set({ rsitClass, rsitType })}
      />
      <div className="field-row">
        <TextField
          label={t('incidents.field.localLead')}
          name="local_lead"
          value={draft.localLead}
          error={error}
          maxLength={200}
          onValueChange={(localLead) => set({ localLead })}
        />
        <TextField
          type="tel"
          label={t('incidents.field.callbackNumber')}
          name="callback_number"
          value={draft.callbackNumber}
          error={error}
          maxLength={40}
          onValueChange={(callbackNumber) => set({ callbackNumber })}
        />
      </div>
      <IncidentFlagFields
        draft={draft}
        set={set}
        offerRed={mayChooseRed || incident.tlp === 'red'}
        error={error}
      />
      {conflict ? (
        <ConflictNotice onReload={() => window.location.reload()} />
      ) : (
        <FormProblem error={error} fields={FIELDS} />
      )}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={update.isPending}>
          {update.isPending ? t('common.busy') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
