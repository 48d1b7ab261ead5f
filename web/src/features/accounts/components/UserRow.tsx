import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import { isApiError } from '../../../shared/api/errors';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { formatDateTime } from '../../../shared/time/format';
import { Alert } from '../../../shared/ui/Alert';
import { Badge } from '../../../shared/ui/Badge';
import { ConflictNotice, FormProblem } from '../../../shared/ui/problem';
import { roles, type User } from '../types';
import { useResetSecondFactor, useSendPasswordReset, useUpdateUser } from '../useAccounts';

interface UserRowProps {
  user: User;
  isSelf: boolean;
}

const STATUS_TONE = { active: 'ok', invited: 'info', disabled: 'neutral' } as const;

/** One account with the admin's actions: role, disable or enable, password reset. */
export function UserRow({ user, isSelf }: UserRowProps): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const id = useId();
  const queryClient = useQueryClient();
  const [role, setRole] = useState(user.role);
  const update = useUpdateUser(user);
  const reset = useSendPasswordReset();
  const totpReset = useResetSecondFactor();
  const conflict = isApiError(update.error) && update.error.status === 412;

  return (
    <li className="user-row">
      <div className="user-row-main">
        <h3 className="user-row-name">{user.display_name}</h3>
        <p className="muted user-row-email">{user.email}</p>
        <p className="user-row-meta">
          {user.organisation_name && <span>{user.organisation_name}</span>}
          {user.person_id != null && (
            <span data-testid="linked-person">
              <Link to={`/organisations/${user.organisation_id}`}>
                {t('users.linkedPerson', { name: user.person_name ?? `#${user.person_id}` })}
              </Link>
            </span>
          )}
          <span>
            {user.last_sign_in_at
              ? t('users.lastSignIn', { date: formatDateTime(user.last_sign_in_at, language) })
              : t('users.neverSignedIn')}
          </span>
        </p>
        <div className="badge-row">
          <Badge tone={STATUS_TONE[user.status]}>{t(`users.status.${user.status}`)}</Badge>
          <Badge tone={user.totp_enabled ? 'ok' : 'warning'}>
            {user.totp_enabled ? t('users.totpOn') : t('users.totpOff')}
          </Badge>
        </div>
      </div>
      <div className="user-row-actions">
        <div className="field inline-field">
          <label htmlFor={`${id}-role`}>{t('users.field.role')}</label>
          <div className="inline">
            <select
              id={`${id}-role`}
              value={role}
              disabled={isSelf}
              onChange={(e) => setRole(roles.find((r) => r === e.target.value) ?? user.role)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`userRole.${r}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button-secondary button-small"
              disabled={role === user.role || update.isPending}
              onClick={() => update.mutate({ role })}
            >
              {t('users.changeRole')}
              <span className="visually-hidden">: {user.display_name}</span>
            </button>
          </div>
        </div>
        <div className="inline">
          {!isSelf && (
            <button
              type="button"
              className="button-secondary button-small"
              disabled={update.isPending}
              onClick={() => update.mutate({ disabled: user.status !== 'disabled' })}
            >
              {user.status === 'disabled' ? t('users.enable') : t('users.disable')}
              <span className="visually-hidden">: {user.display_name}</span>
            </button>
          )}
          <button
            type="button"
            className="button-secondary button-small"
            disabled={reset.isPending || user.status === 'disabled'}
            onClick={() => reset.mutate(user.id)}
          >
            {t('users.sendReset')}
            <span className="visually-hidden">: {user.display_name}</span>
          </button>
          {!isSelf && user.totp_enabled && (
            <button
              type="button"
              className="button-secondary button-small"
              disabled={totpReset.isPending}
              onClick={() => {
                if (window.confirm(t('users.confirmTotpReset', { name: user.display_name }))) {
                  totpReset.mutate(user.id);
                }
              }}
            >
              {t('users.totpReset')}
              <span className="visually-hidden">: {user.display_name}</span>
            </button>
          )}
        </div>
        {reset.isSuccess && <Alert tone="success">{t('users.resetSent')}</Alert>}
        <FormProblem error={reset.error} />
        <FormProblem error={totpReset.error} />
        {conflict ? (
          <ConflictNotice
            onReload={() => {
              update.reset();
              void queryClient.invalidateQueries({ queryKey: ['accounts', 'users'] });
            }}
          />
        ) : (
          <FormProblem error={update.error} fields={['role', 'disabled']} />
        )}
      </div>
    </li>
  );
}
