import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { ConflictNotice, FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { userLanguages, type Language } from '../../accounts/types';
import { contactRoles, type ContactRole, type Person, type PersonInput } from '../types';
import { useCreatePerson, useUpdatePerson } from '../useDirectory';

/** SPOC and deputy follow from the assignment (the "Change SPOC" dialog), not from this form. */
const EDITABLE_ROLES: readonly ContactRole[] = contactRoles.filter(
  (r) => r !== 'spoc' && r !== 'deputy_spoc',
);
const FIELDS = [
  'full_name',
  'job_title',
  'work_email',
  'oob_email',
  'mobile',
  'landline',
  'preferred_language',
  'roles',
];

interface Draft {
  full_name: string;
  job_title: string;
  work_email: string;
  oob_email: string;
  mobile: string;
  landline: string;
  preferred_language: Language;
  roles: ContactRole[];
}

function draftOf(p: Person | undefined): Draft {
  return {
    full_name: p?.full_name ?? '',
    job_title: p?.job_title ?? '',
    work_email: p?.work_email ?? '',
    oob_email: p?.oob_email ?? '',
    mobile: p?.mobile ?? '',
    landline: p?.landline ?? '',
    preferred_language: p?.preferred_language ?? 'nl',
    roles: (p?.roles ?? []).filter((r) => EDITABLE_ROLES.includes(r)),
  };
}

/** The record to send: empty texts become null, so that a channel can be removed. */
function inputOf(d: Draft): PersonInput {
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    full_name: d.full_name.trim(),
    job_title: text(d.job_title),
    work_email: text(d.work_email),
    oob_email: text(d.oob_email),
    mobile: text(d.mobile),
    landline: text(d.landline),
    preferred_language: d.preferred_language,
    roles: d.roles,
  };
}

interface PersonDialogProps {
  organisationId: number;
  /** The person to change; a new contact when absent. */
  person?: Person;
  onReload: () => Promise<Person | undefined>;
  onClose: () => void;
}

/** Adds a contact person to an organisation, or changes one: name, role and every channel. */
export function PersonDialog({ person, ...rest }: PersonDialogProps): ReactNode {
  return person ? <EditPerson person={person} {...rest} /> : <NewPerson {...rest} />;
}

function NewPerson({ organisationId, onClose }: Omit<PersonDialogProps, 'person'>): ReactNode {
  const { t } = useTranslation();
  const mutation = useCreatePerson(organisationId);
  return (
    <PersonForm
      title={t('person.addTitle')}
      initial={draftOf(undefined)}
      mutation={mutation}
      onSubmit={(draft) => mutation.mutate(inputOf(draft), { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

function EditPerson({
  person,
  onReload,
  onClose,
}: Omit<PersonDialogProps, 'person'> & { person: Person }): ReactNode {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(person);
  const [generation, setGeneration] = useState(0);
  const mutation = useUpdatePerson(current);
  async function reload(): Promise<void> {
    const fresh = await onReload();
    if (!fresh) return;
    setCurrent(fresh);
    setGeneration((g) => g + 1);
    mutation.reset();
  }
  return (
    <PersonForm
      key={generation}
      title={t('person.editTitle', { name: current.full_name })}
      initial={draftOf(current)}
      mutation={mutation}
      onReload={() => void reload()}
      onSubmit={(draft) => mutation.mutate(inputOf(draft), { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}

interface PersonFormProps {
  title: string;
  initial: Draft;
  mutation: { error: Error | null; isPending: boolean };
  onSubmit: (draft: Draft) => void;
  onReload?: () => void;
  onClose: () => void;
}

function PersonForm({
  title,
  initial,
  mutation,
  onSubmit,
  onReload,
  onClose,
}: PersonFormProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const conflict = isApiError(mutation.error) && mutation.error.status === 412;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void =>
    setDraft((d) => ({ ...d, [key]: value }));
  const nameMissing = submitted && draft.full_name.trim() === '';

  function submit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (draft.full_name.trim() === '') return;
    onSubmit(draft);
  }

  const text = (
    key: 'full_name' | 'job_title' | 'work_email' | 'oob_email' | 'mobile' | 'landline',
    label: string,
    extra: { type?: string; hint?: string; maxLength: number; autoComplete?: string },
  ): ReactNode => (
    <TextField
      label={label}
      name={key}
      value={draft[key]}
      error={mutation.error}
      clientErrors={key === 'full_name' && nameMissing ? [t('errors.field.required')] : []}
      required={key === 'full_name'}
      onValueChange={(v) => set(key, v)}
      {...extra}
    />
  );

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="stack" noValidate>
        {conflict && onReload ? (
          <ConflictNotice onReload={onReload} />
        ) : (
          <FormProblem error={mutation.error} fields={FIELDS} />
        )}
        {text('full_name', t('person.fullName'), { maxLength: 200, autoComplete: 'off' })}
        {text('job_title', t('person.jobTitle'), { maxLength: 200 })}
        {text('work_email', t('contact.workEmail'), { type: 'email', maxLength: 254 })}
        {text('oob_email', t('contact.oobEmail'), {
          type: 'email',
          maxLength: 254,
          hint: t('person.oobHint'),
        })}
        {text('mobile', t('contact.mobile'), {
          type: 'tel',
          maxLength: 32,
          hint: t('person.phoneHint'),
        })}
        {text('landline', t('contact.landline'), { type: 'tel', maxLength: 32 })}
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('person.language')}</label>
          <select
            id={`${id}-language`}
            value={draft.preferred_language}
            onChange={(e) => set('preferred_language', e.target.value as Language)}
          >
            {userLanguages.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="fieldset">
          <legend>{t('contact.roles')}</legend>
          <div className="checkbox-grid">
            {EDITABLE_ROLES.map((r) => (
              <label key={r} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.roles.includes(r)}
                  onChange={(e) =>
                    set(
                      'roles',
                      e.target.checked ? [...draft.roles, r] : draft.roles.filter((x) => x !== r),
                    )
                  }
                />
                {t(`role.${r}`)}
              </label>
            ))}
          </div>
          <FieldErrors id={`${id}-roles-errors`} error={mutation.error} field="roles" />
        </fieldset>
        <DialogActions busy={mutation.isPending} disabled={conflict} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
