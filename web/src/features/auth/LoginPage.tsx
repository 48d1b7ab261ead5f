import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { isApiError } from '../../shared/api/errors';
import { isAppLanguage, storeLanguage } from '../../shared/i18n/i18n';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem, hasTranslatedCode } from '../../shared/ui/problem';
import { TextField } from '../../shared/ui/TextField';
import { login, sessionKey, verifyTotp } from './api';
import { AuthLayout } from './components/AuthLayout';
import { safeNext } from './redirect';
import type { Session } from './types';
import { useSession } from './useSession';

/** Sign-in: e-mail and password, then a TOTP code or a recovery code. */
export function LoginPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const stage = session.data?.stage;

  function onSession(s: Session): void {
    queryClient.setQueryData(sessionKey, s);
    // At sign-in the account's language wins (the user chose it; the e-mails speak it too).
    const language = s.user.preferred_language;
    if (isAppLanguage(language) && language !== i18n.language) {
      storeLanguage(language);
      void i18n.changeLanguage(language);
    }
    if (s.stage === 'full') void navigate(next, { replace: true });
    else if (s.stage === 'totp_enrolment') void navigate('/enrol', { replace: true });
  }

  useEffect(() => {
    if (stage === 'full') void navigate(next, { replace: true });
    else if (stage === 'totp_enrolment') void navigate('/enrol', { replace: true });
  }, [stage, next, navigate]);

  return (
    <AuthLayout title={t('auth.login.title')}>
      {stage === 'totp' ? (
        <SecondFactorForm onSession={onSession} />
      ) : (
        <PasswordForm onSession={onSession} />
      )}
    </AuthLayout>
  );
}

function PasswordForm({ onSession }: { onSession: (s: Session) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: onSession,
    meta: { authQuery: true },
  });
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate();
  }
  const error = mutation.error;
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      {isApiError(error) && error.status === 401 && !hasTranslatedCode(error, i18n) ? (
        <Alert>{t('auth.login.failed')}</Alert>
      ) : (
        <FormProblem error={error} fields={['email', 'password']} />
      )}
      <TextField
        label={t('auth.login.email')}
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        error={error}
        onValueChange={setEmail}
      />
      <TextField
        label={t('auth.login.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        error={error}
        onValueChange={setPassword}
      />
      <button type="submit" className="button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? t('common.busy') : t('auth.login.submit')}
      </button>
      <p>
        <Link to="/forgot">{t('auth.login.forgot')}</Link>
      </p>
    </form>
  );
}

function SecondFactorForm({ onSession }: { onSession: (s: Session) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mutation = useMutation({
    mutationFn: () =>
      verifyTotp(useRecovery ? { recovery_code: code.trim() } : { code: code.replace(/\s/g, '') }),
    onSuccess: onSession,
    meta: { authQuery: true },
  });

  useEffect(() => {
    headingRef.current?.focus();
  }, [useRecovery]);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate();
  }
  const field = useRecovery ? 'recovery_code' : 'code';
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <h2 ref={headingRef} tabIndex={-1}>
        {useRecovery ? t('auth.totp.recoveryTitle') : t('auth.totp.title')}
      </h2>
      <p>{useRecovery ? t('auth.totp.recoveryIntro') : t('auth.totp.intro')}</p>
      {isApiError(mutation.error) &&
      mutation.error.status === 401 &&
      !hasTranslatedCode(mutation.error, i18n) ? (
        <Alert>{t('auth.totp.failed')}</Alert>
      ) : (
        <FormProblem error={mutation.error} fields={[field]} />
      )}
      <TextField
        key={field}
        label={useRecovery ? t('auth.totp.recoveryCode') : t('auth.totp.code')}
        name={field}
        inputMode={useRecovery ? 'text' : 'numeric'}
        autoComplete="one-time-code"
        pattern={useRecovery ? undefined : '[0-9]{6}'}
        maxLength={useRecovery ? 32 : 6}
        required
        value={code}
        error={mutation.error}
        onValueChange={setCode}
      />
      <button type="submit" className="button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? t('common.busy') : t('auth.totp.submit')}
      </button>
      <button
        type="button"
        className="button-link"
        onClick={() => {
          setUseRecovery(!useRecovery);
          setCode('');
          mutation.reset();
        }}
      >
        {useRecovery ? t('auth.totp.useCode') : t('auth.totp.useRecovery')}
      </button>
    </form>
  );
}
