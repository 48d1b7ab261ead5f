import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';

import { isApiError } from '../../shared/api/errors';
import { currentLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem } from '../../shared/ui/problem';
import { LoadingState } from '../../shared/ui/States';
import { TextField } from '../../shared/ui/TextField';
import { getAccountLink, sessionKey, setPasswordWithLink } from './api';
import { AuthLayout } from './components/AuthLayout';
import { PasswordHints } from './components/PasswordHints';
import { checkPassword, passwordAcceptable } from './password';

/** Reads the single-use token from the fragment (#token=...), which never reaches a server log. */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** A single-use account link: invitation, password reset or first admin set-up. */
export function ActivatePage(): ReactNode {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const token = tokenFromHash(location.hash);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const hintsId = useId();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const link = useQuery({
    queryKey: ['account-link', token],
    queryFn: () => getAccountLink(token),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
  });

  const mutation = useMutation({
    mutationFn: () => setPasswordWithLink(token, password),
    meta: { authQuery: true },
    onSuccess: (session) => {
      queryClient.setQueryData(sessionKey, session);
      queryClient.removeQueries({ queryKey: ['account-link'] });
      void navigate(session.stage === 'full' ? '/directory' : '/enrol', { replace: true });
    },
  });

  if (token === '' || link.isError) {
    const gone = isApiError(link.error) && link.error.status === 410;
    return (
      <AuthLayout title={t('auth.activate.invalidTitle')}>
        <div className="stack">
          <Alert tone="warning">
            {gone ? t('auth.activate.expired') : t('auth.activate.invalid')}
          </Alert>
          <p>
            <Link to="/forgot">{t('auth.activate.requestNew')}</Link>
          </p>
        </div>
      </AuthLayout>
    );
  }
  if (link.isPending) {
    return (
      <AuthLayout title={t('auth.activate.title')}>
        <LoadingState />
      </AuthLayout>
    );
  }

  const data = link.data;
  const checks = checkPassword(password, confirmation, data.email, data.display_name);
  const acceptable = passwordAcceptable(checks);
  const language = currentLanguage(i18n);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setSubmitted(true);
    if (acceptable) mutation.mutate();
  }

  return (
    <AuthLayout title={t(`auth.activate.purpose.${data.purpose}`)}>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <dl className="facts">
          <dt>{t('auth.activate.name')}</dt>
          <dd>{data.display_name}</dd>
          <dt>{t('auth.activate.email')}</dt>
          <dd>{data.email}</dd>
          {data.organisation_name && (
            <>
              <dt>{t('auth.activate.organisation')}</dt>
              <dd>{data.organisation_name}</dd>
            </>
          )}
          <dt>{t('auth.activate.validUntil')}</dt>
          <dd>{formatDateTime(data.expires_at, language)}</dd>
        </dl>
        {data.totp_required && <p className="muted">{t('auth.activate.totpNext')}</p>}
        <FormProblem error={mutation.error} fields={['password']} />
        <input type="email" hidden readOnly autoComplete="username" value={data.email} />
        <TextField
          label={t('auth.activate.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          error={mutation.error}
          aria-describedby={hintsId}
          onValueChange={setPassword}
        />
        <TextField
          label={t('auth.activate.confirm')}
          name="confirmation"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          clientErrors={submitted && !acceptable ? [t('auth.activate.notAcceptable')] : []}
          onValueChange={setConfirmation}
        />
        <PasswordHints id={hintsId} checks={checks} />
        <button type="submit" className="button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.busy') : t('auth.activate.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
