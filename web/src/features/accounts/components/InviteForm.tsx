import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Alert } from '../../../shared/ui/Alert';
import { FieldErrors, FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import type { OrganisationSummary } from '../../directory/types';
import { roles, userLanguages, type Language, type Role } from '../types';
import { useInviteUser } from '../useAccounts';
import { OrganisationPicker } from './OrganisationPicker';

const FIELDS = ['email', 'display_name', 'role', 'organisation_id', 'preferred_language'];

interface InviteFormProps {
  onDone: () => void;
}

/** Invites a person: the server e-mails a single-use link to set a password. */
export function InviteForm({ onDone }: InviteFormProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('spoc');
  const [organisation, setOrganisation] = useState<OrganisationSummary>();
  const [language, setLanguage] = useState<Language>('nl');
  const [submitted, setSubmitted] = useState(false);
  const mutation = useInviteUser();

  const missing = (value: string | undefined): string[] =>
    submitted && !value?.trim() ? [t('errors.field.required')] : [];
  const emailErrors =
    submitted && email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())
      ? [t('errors.field.invalid_email')]
      : missing(email);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (!email.trim() || !name.trim() || !organisation) return;
    mutation.mutate({
      email: email.trim(),
      display_name: name.trim(),
      role,
      organisation_id: organisation.id,
      preferred_language: language,
    });
  }

  if (mutation.isSuccess) {
    return (
      <div className="stack">
        <Alert tone="success">{t('users.invite.sent', { email: mutation.data.email })}</Alert>
        <div className="dialog-actions">
          <button type="button" className="button-primary" onClick={onDone}>
            {t('common.close')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <FormProblem error={mutation.error} fields={FIELDS} />
      <TextField
        label={t('users.field.email')}
        name="email"
        type="email"
        autoComplete="off"
        required
        value={email}
        error={mutation.error}
        clientErrors={emailErrors}
        onValueChange={setEmail}
      />
      <TextField
        label={t('users.field.name')}
        name="display_name"
        required
        value={name}
        error={mutation.error}
        clientErrors={missing(name)}
        onValueChange={setName}
      />
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('users.field.role')}</label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? 'member')}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`userRole.${r}`)}
            </option>
          ))}
        </select>
        <FieldErrors id={`${id}-role-errors`} error={mutation.error} field="role" />
      </div>
      <OrganisationPicker
        label={t('users.field.organisation')}
        value={organisation}
        error={mutation.error}
        clientErrors={submitted && !organisation ? [t('errors.field.required')] : []}
        onChange={setOrganisation}
      />
      <div className="field">
        <label htmlFor={`${id}-lang`}>{t('users.field.language')}</label>
        <select
          id={`${id}-lang`}
          value={language}
          onChange={(e) => setLanguage(userLanguages.find((l) => l === e.target.value) ?? 'nl')}
        >
          {userLanguages.map((l) => (
            <option key={l} value={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
        <FieldErrors id={`${id}-lang-errors`} error={mutation.error} field="preferred_language" />
      </div>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.busy') : t('users.invite.submit')}
        </button>
      </div>
    </form>
  );
}
