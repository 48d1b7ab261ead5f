import type { ReactNode } from 'react';

interface AlertProps {
  tone?: 'error' | 'warning' | 'success' | 'info';
  children: ReactNode;
}

/** A message that screen readers announce when it appears. */
export function Alert({ tone = 'error', children }: AlertProps): ReactNode {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
