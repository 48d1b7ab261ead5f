import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { CopyButton } from '../../../shared/ui/CopyButton';

interface RecoveryCodesProps {
  codes: string[];
  onDone: () => void;
}

/** The one-time recovery codes, shown once; the user confirms storing them before going on. */
export function RecoveryCodes({ codes, onDone }: RecoveryCodesProps): ReactNode {
  const { t } = useTranslation();
  const [stored, setStored] = useState(false);
  const checkId = useId();
  return (
    <section aria-labelledby="recovery-title" className="stack">
      <h2 id="recovery-title">{t('auth.recovery.title')}</h2>
      <p>{t('auth.recovery.intro')}</p>
      <ol className="recovery-codes" aria-label={t('auth.recovery.listLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="row">
        <CopyButton text={codes.join('\n')} label={t('auth.recovery.copy')} />
      </div>
      <div className="checkbox">
        <input
          id={checkId}
          type="checkbox"
          checked={stored}
          onChange={(e) => setStored(e.target.checked)}
        />
        <label htmlFor={checkId}>{t('auth.recovery.stored')}</label>
      </div>
      <div>
        <button type="button" className="button-primary" disabled={!stored} onClick={onDone}>
          {t('auth.recovery.continue')}
        </button>
      </div>
    </section>
  );
}
