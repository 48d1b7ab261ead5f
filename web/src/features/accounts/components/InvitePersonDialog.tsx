import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Alert } from '../../../shared/ui/Alert';
import { Dialog, DialogActions } from '../../../shared/ui/Dialog';
import { FieldErrors, FormProblem } from '../../../shared/ui/problem';
import type { Person } from '../../directory/types';
import type { Role } from '../types';
import { useInvitePerson } from '../useAccounts';

interface InvitePersonDialogProps {
  person: Person;
  /** The roles the signed-in user may give (the server checks again). */
  roles: readonly Role[];
  onClose: () => void;
}

/**
 * Invites a contact of the directory: an account for the person's work e-mail, in the person's
 * language, linked to the person. The invitation e-mail carries a single-use link.
 */
export function InvitePersonDialog({ person, roles, onClose }: InvitePersonDialogProps): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [role, setRole] = useState<Role>(
    roles.includes('member') ? 'member' : (roles[0] ?? 'member'),
  );
  const mutation = useInvitePerson(person.organisation_id);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate({ personId: person.id, input: { role } }, { onSuccess: onClose });
  }

  return (
    <Dialog title={t('personInvite.title', { name: person.full_name })} onClose={onClose}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <p className="muted">
          {t('personInvite.intro', {
            email: person.work_email ?? '—',
            language: t(`language.${person.preferred_language}`),
          })}
        </p>
        {!person.work_email && <Alert tone="warning">{t('errors.field.missing_email')}</Alert>}
        <FormProblem error={mutation.error} fields={['role', 'work_email']} />
        <FieldErrors id={`${id}-email-errors`} error={mutation.error} field="work_email" />
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('users.field.role')}</label>
          <select
            id={`${id}-role`}
            value={role}
            aria-describedby={`${id}-role-errors`}
            onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? role)}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`userRole.${r}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-role-errors`} error={mutation.error} field="role" />
        </div>
        <DialogActions busy={mutation.isPending} disabled={!person.work_email} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
