import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Alert } from '../../shared/ui/Alert';
import { FormProblem } from '../../shared/ui/problem';
import { TextField } from '../../shared/ui/TextField';
import { requestPasswordReset } from './api';
import { AuthLayout } from './components/AuthLayout';

/** Asks for a password-reset link; the answer never reveals whether the account exists. */
export function ForgotPage(): ReactNode {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const mutation = useMutation({
    mutationFn: () => requestPasswordReset(email.trim()),
    meta: { authQuery: true },
  });
  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate();
  }
  return (
    <AuthLayout title={t('auth.forgot.title')}>
      {mutation.isSuccess ? (
        <div className="stack">
          <Alert tone="success">{t('auth.forgot.sent')}</Alert>
          <p>
            <Link to="/login">{t('auth.forgot.back')}</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={onSubmit} className="stack" noValidate>
          <p>{t('auth.forgot.intro')}</p>
          <FormProblem error={mutation.error} fields={['email']} />
          <TextField
            label={t('auth.login.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            error={mutation.error}
            onValueChange={setEmail}
          />
          <button type="submit" className="button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('common.busy') : t('auth.forgot.submit')}
          </button>
          <p>
            <Link to="/login">{t('auth.forgot.back')}</Link>
          </p>
        </form>
      )}
    </AuthLayout>
  );
}
