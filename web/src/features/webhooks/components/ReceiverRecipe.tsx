import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { recipeSteps } from '../types';

/** How a receiver verifies a delivery, as in the API's description of the webhooks tag. */
export function ReceiverRecipe(): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="webhook-recipe-title">
      <h2 id="webhook-recipe-title">{t('webhooks.recipe.title')}</h2>
      <p>{t('webhooks.recipe.intro')}</p>
      <ol className="plain-ordered webhook-recipe">
        {recipeSteps.map((step) => (
          <li key={step}>{t(`webhooks.recipe.step.${step}`)}</li>
        ))}
      </ol>
      <pre className="webhook-formula">
        <code>{'v1=' + 'hex(HMAC-SHA256(secret, X-Warroom-Timestamp + "." + body))'}</code>
      </pre>
    </section>
  );
}
