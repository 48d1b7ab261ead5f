import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { createQueryClient } from './app/queryClient';
import { createI18n } from './shared/i18n/i18n';
import './shared/ui/styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App queryClient={createQueryClient()} i18n={createI18n()} />
    </StrictMode>,
  );
}
