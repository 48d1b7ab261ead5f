import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../../shared/api/errors';
import { FormProblem } from '../../../shared/ui/problem';
import { TextField } from '../../../shared/ui/TextField';
import { reauthenticate } from '../api';

/** True when the server refused a sensitive change until the user proves it is them again. */
export function needsReauthentication(error: unknown): boolean {
  return isApiError(error) && error.status === 403 && error.code === 'reauthentication_required';
}

interface ReauthPromptProps {
  /** Called once the server accepted the password or code; retry the change then. */
  onDone: () => void;
  onCancel?: () => void;
}

/**
 * Asks for the current password or a fresh authenticator code before a sensitive change
 * (replacing the second factor, creating an API token).
 */
export function ReauthPrompt({ onDone, onCancel }: ReauthPromptProps): ReactNode {
  const { t } = useTranslation();
  const [useCode, setUseCode] = useState(false);
  const [value, setValue] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mutation = useMutation({
    mutationFn: () =>
      reauthenticate(useCode ? { code: value.replace(/\s/g, '') } : { password: value }),
    // A wrong password answers 401; that is not the end of the session.
    meta: { authQuery: true },
    onSuccess: onDone,
  });

  useEffect(() => {
    headingRef.current?.focus();
  }, [useCode]);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    mutation.mutate();
  }
  const field = useCode ? 'code' : 'password';
  return (
    <form onSubmit={onSubmit} className="stack panel" noValidate aria-labelledby="reauth-title">
      <h3 id="reauth-title" ref={headingRef} tabIndex={-1}>
        {t('auth.reauth.title')}
      </h3>
      <p>{useCode ? t('auth.reauth.introCode') : t('auth.reauth.introPassword')}</p>
      <FormProblem error={mutation.error} fields={[field]} />
      <TextField
        key={field}
        label={useCode ? t('auth.totp.code') : t('auth.reauth.password')}
        name={field}
        type={useCode ? 'text' : 'password'}
        inputMode={useCode ? 'numeric' : undefined}
        autoComplete={useCode ? 'one-time-code' : 'current-password'}
        maxLength={useCode ? 6 : 256}
        required
        value={value}
        error={mutation.error}
        onValueChange={setValue}
      />
      <div className="inline">
        <button type="submit" className="button-primary" disabled={mutation.isPending || !value}>
          {mutation.isPending ? t('common.busy') : t('auth.reauth.submit')}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('auth.reauth.cancel')}
          </button>
        )}
      </div>
      <button
        type="button"
        className="button-link"
        onClick={() => {
          setUseCode(!useCode);
          setValue('');
          mutation.reset();
        }}
      >
        {useCode ? t('auth.reauth.usePassword') : t('auth.reauth.useCode')}
      </button>
    </form>
  );
}
