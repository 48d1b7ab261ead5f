import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { currentLanguage, isAppLanguage, storeLanguage } from '../../shared/i18n/i18n';
import { formatDateTime } from '../../shared/time/format';
import { Alert } from '../../shared/ui/Alert';
import { Badge } from '../../shared/ui/Badge';
import { CopyButton } from '../../shared/ui/CopyButton';
import { FieldErrors, FormProblem } from '../../shared/ui/problem';
import { EmptyState, ErrorState, LoadingState } from '../../shared/ui/States';
import { TextField } from '../../shared/ui/TextField';
import { usePageTitle } from '../../shared/ui/usePageTitle';
import { needsReauthentication, ReauthPrompt } from '../auth/components/ReauthPrompt';
import { useSession } from '../auth/useSession';
import {
  tokenScopes,
  userLanguages,
  type ApiTokenCreated,
  type Language,
  type TokenScope,
} from './types';
import {
  useChangePassword,
  useCreateToken,
  useOwnSessions,
  useRevokeOwnSession,
  useRevokeToken,
  useTokens,
  useUpdateMe,
} from './useAccounts';

/** The signed-in user's own account: language, password, sessions, API tokens, second factor. */
export function AccountPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  const session = useSession();
  const user = session.data?.user;
  return (
    <main id="main" className="page">
      <div className="page-header">
        <h1>{t('account.title')}</h1>
        {user && (
          <p className="muted">
            {user.display_name} · {user.email} · {t(`userRole.${user.role}`)}
          </p>
        )}
      </div>
      {user && <LanguageSection saved={user.preferred_language ?? 'nl'} />}
      <PasswordSection />
      <SessionsSection />
      <TokensSection />
      <section className="panel" aria-labelledby="totp-title">
        <h2 id="totp-title">{t('account.totp.title')}</h2>
        <p>{t('account.totp.intro')}</p>
        <Link className="button-secondary button-as-link" to="/enrol">
          {t('account.totp.replace')}
        </Link>
      </section>
    </main>
  );
}

const NATIVE_NAMES = { nl: 'Nederlands', fr: 'Français', en: 'English', de: 'Deutsch' } as const;

/**
 * The user's preferred language, kept on the account: the app's language at sign-in and the
 * language of the e-mails the user receives. Saving switches this device to it as well.
 */
export function LanguageSection({ saved }: { saved: Language }): ReactNode {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [language, setLanguage] = useState<Language>(saved);
  const update = useUpdateMe();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    update.mutate(
      { preferred_language: language },
      {
        onSuccess: (user) => {
          if (isAppLanguage(user.preferred_language)) {
            storeLanguage(user.preferred_language);
            void i18n.changeLanguage(user.preferred_language);
          }
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('account.language.title')}</h2>
      <p className="muted">{t('account.language.intro')}</p>
      <form onSubmit={onSubmit} className="stack" noValidate>
        {update.isSuccess && <Alert tone="success">{t('account.language.done')}</Alert>}
        <FormProblem error={update.error} fields={['preferred_language']} />
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('account.language.label')}</label>
          <select
            id={`${id}-language`}
            value={language}
            aria-describedby={`${id}-language-errors`}
            onChange={(e) => setLanguage(userLanguages.find((l) => l === e.target.value) ?? saved)}
          >
            {userLanguages.map((l) => (
              <option key={l} value={l} lang={l}>
                {NATIVE_NAMES[l]}
              </option>
            ))}
          </select>
          <FieldErrors
            id={`${id}-language-errors`}
            error={update.error}
            field="preferred_language"
          />
        </div>
        <div>
          <button
            type="submit"
            className="button-primary"
            disabled={update.isPending || language === saved}
          >
            {t('account.language.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PasswordSection(): ReactNode {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useChangePassword();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password.title')}</h2>
      <p className="muted">{t('account.password.intro')}</p>
      <form onSubmit={onSubmit} className="stack" noValidate>
        {change.isSuccess && <Alert tone="success">{t('account.password.done')}</Alert>}
        <FormProblem error={change.error} fields={['current_password', 'new_password']} />
        <TextField
          label={t('account.password.current')}
          name="current_password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          error={change.error}
          onValueChange={setCurrent}
        />
        <TextField
          label={t('account.password.new')}
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          error={change.error}
          onValueChange={setNext}
        />
        <div>
          <button
            type="submit"
            className="button-primary"
            disabled={change.isPending || !current || !next}
          >
            {t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function SessionsSection(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const sessions = useOwnSessions();
  const revoke = useRevokeOwnSession();
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions.title')}</h2>
      <p className="muted">{t('account.sessions.intro')}</p>
      <FormProblem error={revoke.error} />
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <ul className="token-list">
          {sessions.data.map((s) => (
            <li key={s.id} className="token-row">
              <div>
                <p className="token-name">
                  {s.current
                    ? t('account.sessions.current')
                    : t('account.sessions.other', { address: s.address ?? '' })}
                </p>
                <p className="muted small">
                  {t('account.sessions.started', {
                    date: formatDateTime(s.created_at, language),
                  })}
                  {' · '}
                  {t('account.sessions.lastSeen', {
                    date: formatDateTime(s.last_seen_at, language),
                  })}
                </p>
              </div>
              {!s.current && (
                <button
                  type="button"
                  className="button-danger button-small"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(s.id)}
                >
                  {t('account.sessions.revoke')}
                  <span className="visually-hidden">: {s.address}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TokensSection(): ReactNode {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<ApiTokenCreated>();

  return (
    <section className="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('account.tokens.title')}</h2>
      <p className="muted">{t('account.tokens.intro')}</p>
      {created && (
        <div className="secret-once" role="status">
          <p>
            <strong>{t('account.tokens.createdTitle', { name: created.name })}</strong>
          </p>
          <p>{t('account.tokens.secretOnce')}</p>
          <code className="secret" data-testid="token-secret">
            {created.token}
          </code>
          <div className="row">
            <CopyButton text={created.token} label={t('account.tokens.copy')} />
            <button type="button" className="button-link" onClick={() => setCreated(undefined)}>
              {t('account.tokens.hide')}
            </button>
          </div>
        </div>
      )}
      <CreateTokenForm onCreated={setCreated} />
      <h3>{t('account.tokens.listTitle')}</h3>
      <FormProblem error={revoke.error} />
      {tokens.isPending ? (
        <LoadingState />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState>{t('account.tokens.empty')}</EmptyState>
      ) : (
        <ul className="token-list">
          {tokens.data.map((token) => (
            <li key={token.id} className="token-row">
              <div>
                <p className="token-name">{token.name}</p>
                <div className="badge-row">
                  {token.scopes.map((s) => (
                    <Badge key={s}>{s}</Badge>
                  ))}
                </div>
                <p className="muted small">
                  {t('account.tokens.created', {
                    date: formatDateTime(token.created_at, language),
                  })}
                  {' · '}
                  {token.expires_at
                    ? t('account.tokens.expires', {
                        date: formatDateTime(token.expires_at, language),
                      })
                    : t('account.tokens.noExpiry')}
                  {' · '}
                  {token.last_used_at
                    ? t('account.tokens.lastUsed', {
                        date: formatDateTime(token.last_used_at, language),
                      })
                    : t('account.tokens.neverUsed')}
                </p>
              </div>
              <button
                type="button"
                className="button-danger button-small"
                disabled={revoke.isPending}
                onClick={() => {
                  if (window.confirm(t('account.tokens.confirmRevoke', { name: token.name }))) {
                    revoke.mutate(token.id);
                  }
                }}
              >
                {t('account.tokens.revoke')}
                <span className="visually-hidden">: {token.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (t: ApiTokenCreated) => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['directory:read']);
  const [expires, setExpires] = useState('');
  const create = useCreateToken();

  function onSubmit(event?: FormEvent): void {
    event?.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        scopes,
        expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      },
      {
        onSuccess: (token) => {
          onCreated(token);
          setName('');
          create.reset();
        },
      },
    );
  }

  if (needsReauthentication(create.error)) {
    return (
      <ReauthPrompt
        onDone={() => {
          create.reset();
          onSubmit();
        }}
        onCancel={() => create.reset()}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} className="stack token-form" noValidate>
      <h3>{t('account.tokens.createTitle')}</h3>
      <FormProblem error={create.error} fields={['name', 'scopes', 'expires_at']} />
      <TextField
        label={t('account.tokens.name')}
        name="name"
        required
        maxLength={100}
        value={name}
        error={create.error}
        onValueChange={setName}
      />
      <fieldset className="fieldset">
        <legend>{t('account.tokens.scopes')}</legend>
        {tokenScopes.map((scope) => (
          <div className="checkbox" key={scope}>
            <input
              id={`${id}-${scope}`}
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) =>
                setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))
              }
            />
            <label htmlFor={`${id}-${scope}`}>
              <code>{scope}</code> — {t(`scope.${scope}`)}
            </label>
          </div>
        ))}
        <FieldErrors id={`${id}-scope-errors`} error={create.error} field="scopes" />
      </fieldset>
      <TextField
        label={t('account.tokens.expiry')}
        name="expires_at"
        type="date"
        value={expires}
        error={create.error}
        onValueChange={setExpires}
      />
      {scopes.length === 0 && <Alert tone="warning">{t('account.tokens.needScope')}</Alert>}
      <div>
        <button
          type="submit"
          className="button-primary"
          disabled={create.isPending || scopes.length === 0 || !name.trim()}
        >
          {t('account.tokens.create')}
        </button>
      </div>
    </form>
  );
}
