import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';

import { isApiError } from '../../shared/api/errors';
import { Alert } from '../../shared/ui/Alert';
import { FormProblem, hasTranslatedCode } from '../../shared/ui/problem';
import { ErrorState, LoadingState } from '../../shared/ui/States';
import { TextField } from '../../shared/ui/TextField';
import { confirmTotpEnrolment, sessionKey } from './api';
import { AuthLayout } from './components/AuthLayout';
import { needsReauthentication, ReauthPrompt } from './components/ReauthPrompt';
import { RecoveryCodes } from './components/RecoveryCodes';
import { TotpQrCode } from './components/TotpQrCode';
import type { TotpConfirmResult } from './types';
import { useSession } from './useSession';
import { enrolmentKey, useTotpEnrolment } from './useTotpEnrolment';

/** Groups a base32 secret in blocks of four for reading and typing. */
export function groupSecret(secret: string): string {
  return secret
    .replace(/\s/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** TOTP enrolment: scan the QR code, confirm with a code, store the recovery codes. */
export function EnrolPage(): ReactNode {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const stage = session.data?.stage;
  const allowed = stage === 'totp_enrolment' || stage === 'full';
  const replacing = stage === 'full';
  const enrolment = useTotpEnrolment(allowed);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [result, setResult] = useState<TotpConfirmResult>();

  const confirm = useMutation({
    mutationFn: () => confirmTotpEnrolment(code.replace(/\s/g, '')),
    // A wrong code answers 401; that is not the end of the session.
    meta: { authQuery: true },
    onSuccess: (r) => {
      queryClient.removeQueries({ queryKey: enrolmentKey });
      setResult(r);
    },
  });

  if (session.isPending) {
    return (
      <AuthLayout title={t('auth.enrol.title')}>
        <LoadingState />
      </AuthLayout>
    );
  }
  if (!result && (session.isError || !allowed)) return <Navigate to="/login" replace />;

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    confirm.mutate();
  }

  function onDone(): void {
    if (result) queryClient.setQueryData(sessionKey, result.session);
    void navigate(replacing ? '/account' : '/directory', { replace: true });
  }

  return (
    <AuthLayout title={replacing ? t('auth.enrol.replaceTitle') : t('auth.enrol.title')}>
      {result ? (
        <RecoveryCodes codes={result.recovery_codes} onDone={onDone} />
      ) : needsReauthentication(enrolment.error) ? (
        <ReauthPrompt onDone={() => void enrolment.refetch()} />
      ) : needsReauthentication(confirm.error) ? (
        <ReauthPrompt onDone={() => confirm.mutate()} />
      ) : enrolment.isPending ? (
        <LoadingState />
      ) : enrolment.isError ? (
        <ErrorState error={enrolment.error} onRetry={() => void enrolment.refetch()} />
      ) : (
        <div className="stack">
          <ol className="steps">
            <li>{t('auth.enrol.step1')}</li>
            <li>{t('auth.enrol.step2')}</li>
          </ol>
          <div className="enrol-qr">
            <TotpQrCode uri={enrolment.data.otpauth_uri} />
            <div>
              <p className="muted">{t('auth.enrol.manual')}</p>
              <code className="secret" data-testid="totp-secret">
                {groupSecret(enrolment.data.secret)}
              </code>
            </div>
          </div>
          <form onSubmit={onSubmit} className="stack" noValidate>
            {isApiError(confirm.error) &&
            confirm.error.fieldErrors.length === 0 &&
            !hasTranslatedCode(confirm.error, i18n) ? (
              <Alert>{t('auth.totp.failed')}</Alert>
            ) : (
              <FormProblem error={confirm.error} fields={['code']} />
            )}
            <TextField
              label={t('auth.totp.code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              value={code}
              error={confirm.error}
              onValueChange={setCode}
            />
            <button type="submit" className="button-primary" disabled={confirm.isPending}>
              {confirm.isPending ? t('common.busy') : t('auth.enrol.confirm')}
            </button>
          </form>
        </div>
      )}
    </AuthLayout>
  );
}
