import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { errorsForField } from '../../shared/api/errors';
import { fromBrusselsInput, toBrusselsInput } from '../../shared/time/input';
import { FieldErrors, FormProblem } from '../../shared/ui/problem';
import { TextField } from '../../shared/ui/TextField';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { OrganisationPicker } from '../accounts/components/OrganisationPicker';
import { ExerciseBanner } from '../advisories/components/Labels';
import { useSession } from '../auth/useSession';
import { isWarroomRole } from '../directory/roles';
import type { OrganisationSummary } from '../directory/types';
import { RsitFields } from './components/RsitFields';
import { SeverityChoices } from './components/SeverityChoices';
import { IncidentFlagFields } from './components/IncidentFlags';
import type { IncidentDeclaration, IncidentTlp } from './types';
import { useCriticalServices, useDeclareIncident, useTaxonomy } from './useIncidents';

/** Large toggles, one per critical service: what is down, in a few taps on a phone. */
function ServicesDown({
  value,
  onChange,
}: {
  value: string[];
  onChange: (keys: string[]) => void;
}): ReactNode {
  const { t } = useTranslation();
  const list = useCriticalServices();
  if (list.isPending) return <p className="muted">{t('incidents.services.loading')}</p>;
  if (list.isError) return <p className="muted">{t('incidents.services.listUnavailable')}</p>;
  return (
    <fieldset className="services-down">
      <legend>{t('incidents.services.whatIsDown')}</legend>
      <div className="toggle-grid">
        {list.data.items.map((c) => {
          const on = value.includes(c.key);
          return (
            <button
              key={c.key}
              type="button"
              className={`toggle${on ? ' toggle-on' : ''}`}
              aria-pressed={on}
              onClick={() => onChange(on ? value.filter((k) => k !== c.key) : [...value, c.key])}
            >
              {c.name}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The fields this form shows; the server's errors for any other go to the form's alert. */
const FIELDS = [
  'organisation_id',
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
  'services_down',
];

interface Draft {
  title: string;
  whatHappened: string;
  detectedAt: string;
  becameAwareAt: string;
  severity: number | undefined;
  rsitClass: string;
  rsitType: string;
  localLead: string;
  callbackNumber: string;
  isExercise: boolean;
  tlp: IncidentTlp;
  personalData: boolean;
  nis2: boolean;
  servicesDown: string[];
}

function emptyDraft(): Draft {
  return {
    title: '',
    whatHappened: '',
    detectedAt: toBrusselsInput(new Date()),
    becameAwareAt: '',
    severity: undefined,
    rsitClass: '',
    rsitType: '',
    localLead: '',
    callbackNumber: '',
    isExercise: false,
    tlp: 'amber',
    personalData: false,
    nis2: false,
    servicesDown: [],
  };
}

/** The request body: what is left blank is left out, so the server applies its defaults. */
function toDeclaration(draft: Draft, organisationId: number | undefined): IncidentDeclaration {
  const text = (value: string): string | undefined => value.trim() || undefined;
  const body: Record<string, unknown> = {
    organisation_id: organisationId,
    title: draft.title.trim(),
    what_happened: draft.whatHappened.trim(),
    // An unreadable time goes as typed, so that the server names the field.
    detected_at: fromBrusselsInput(draft.detectedAt) ?? draft.detectedAt,
    became_aware_at: draft.becameAwareAt
      ? (fromBrusselsInput(draft.becameAwareAt) ?? draft.becameAwareAt)
      : undefined,
    severity: draft.severity,
    rsit_class: text(draft.rsitClass),
    rsit_type: text(draft.rsitType),
    local_lead: text(draft.localLead),
    callback_number: text(draft.callbackNumber),
    is_exercise: draft.isExercise,
    tlp: draft.tlp,
    personal_data: draft.personalData,
    nis2_applicable: draft.nis2,
    services_down: draft.servicesDown.length > 0 ? draft.servicesDown : undefined,
  };
  return Object.fromEntries(
    Object.entries(body).filter(([, v]) => v !== undefined),
  ) as unknown as IncidentDeclaration;
}

/**
 * Declares an incident in under a minute on a phone: what happened, when, how bad, who leads
 * locally and on which number to call back. The war room declares on a victim's behalf and
 * picks the organisation; a SPOC or member declares for her own.
 */
export function DeclareIncidentPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('incidents.declare.title'));
  const navigate = useNavigate();
  const id = useId();
  const session = useSession();
  const user = session.data?.user;
  const warroom = isWarroomRole(user?.role);
  const taxonomy = useTaxonomy();
  const declare = useDeclareIncident();
  const [draft, setDraft] = useState(emptyDraft);
  const [organisation, setOrganisation] = useState<OrganisationSummary>();
  const [submitted, setSubmitted] = useState(false);
  const [more, setMore] = useState(false);
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const error = declare.error;
  const needsOrganisation = warroom && !organisation;

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (needsOrganisation) return;
    declare.mutate(toDeclaration(draft, warroom ? organisation?.id : undefined), {
      onSuccess: (incident) => void navigate(`/incidents/${incident.id}`),
    });
  }

  const whatInvalid = errorsForField(error, 'what_happened').length > 0;
  // The optional part opens by itself when the server finds fault with one of its fields.
  const moreInvalid = ['rsit_class', 'rsit_type', 'became_aware_at'].some(
    (field) => errorsForField(error, field).length > 0,
  );
  return (
    <main id="main" className="page">
      <nav className="breadcrumb" aria-label={t('incidents.breadcrumb')}>
        <Link to="/incidents">{t('incidents.title')}</Link>
      </nav>
      <div className="page-header">
        <h1>{t('incidents.declare.title')}</h1>
        <p className="muted">{t('incidents.declare.intro')}</p>
      </div>
      {draft.isExercise && <ExerciseBanner />}
      <form className="incident-form" onSubmit={onSubmit} noValidate>
        {warroom ? (
          <OrganisationPicker
            label={t('incidents.field.organisation')}
            value={organisation}
            error={error}
            clientErrors={submitted && needsOrganisation ? [t('errors.field.required')] : []}
            onChange={setOrganisation}
          />
        ) : (
          <p data-testid="own-organisation">
            <span className="label">{t('incidents.field.organisation')}: </span>
            <strong>{user?.organisation_name ?? ''}</strong>
          </p>
        )}
        <TextField
          label={t('incidents.field.title')}
          hint={t('incidents.hint.title')}
          name="title"
          value={draft.title}
          error={error}
          maxLength={200}
          autoComplete="off"
          onValueChange={(title) => set({ title })}
        />
        <div className="field">
          <label htmlFor={`${id}-what`}>{t('incidents.field.whatHappened')}</label>
          <textarea
            id={`${id}-what`}
            value={draft.whatHappened}
            rows={4}
            aria-invalid={whatInvalid || undefined}
            aria-describedby={whatInvalid ? `${id}-what-errors` : undefined}
            onChange={(e) => set({ whatHappened: e.target.value })}
          />
          <FieldErrors id={`${id}-what-errors`} error={error} field="what_happened" />
        </div>
        <TextField
          type="datetime-local"
          label={t('incidents.field.detectedAt')}
          hint={t('incidents.hint.brusselsTime')}
          name="detected_at"
          value={draft.detectedAt}
          error={error}
          onValueChange={(detectedAt) => set({ detectedAt })}
        />
        <SeverityChoices
          value={draft.severity}
          definitions={taxonomy.data?.severities}
          error={error}
          onChange={(severity) => set({ severity })}
        />
        <ServicesDown
          value={draft.servicesDown}
          onChange={(servicesDown) => set({ servicesDown })}
        />
        <div className="field-row">
          <TextField
            label={t('incidents.field.localLead')}
            name="local_lead"
            value={draft.localLead}
            error={error}
            maxLength={200}
            autoComplete="name"
            onValueChange={(localLead) => set({ localLead })}
          />
          <TextField
            type="tel"
            label={t('incidents.field.callbackNumber')}
            hint={t('incidents.hint.callbackNumber')}
            name="callback_number"
            value={draft.callbackNumber}
            error={error}
            maxLength={40}
            autoComplete="tel"
            onValueChange={(callbackNumber) => set({ callbackNumber })}
          />
        </div>
        <IncidentFlagFields draft={draft} set={set} offerRed={warroom} error={error} />
        <details open={more || moreInvalid} onToggle={(e) => setMore(e.currentTarget.open)}>
          <summary>{t('incidents.declare.more')}</summary>
          <RsitFields
            classes={taxonomy.data?.classes}
            rsitClass={draft.rsitClass}
            rsitType={draft.rsitType}
            error={error}
            onChange={(rsitClass, rsitType) => set({ rsitClass, rsitType })}
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
        </details>
        <FormProblem error={error} fields={FIELDS} />
        <div className="form-actions">
          <Link className="button-secondary" to="/incidents">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="button-primary" disabled={declare.isPending}>
            {declare.isPending ? t('common.busy') : t('incidents.declare.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
