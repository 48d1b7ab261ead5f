import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface CopyButtonProps {
  text: string;
  label: string;
}

/** Copies text to the clipboard and says so. */
export function CopyButton({ text, label }: CopyButtonProps): ReactNode {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean>();
  async function onCopy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <>
      <button type="button" className="button-secondary" onClick={() => void onCopy()}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {copied === true ? t('common.copied') : copied === false ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}
