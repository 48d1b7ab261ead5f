import type { Schemas } from '../../shared/api/types';

export type Webhook = Schemas['WebhookEndpoint'];
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookInput = Schemas['WebhookInput'];
export type WebhookPatch = Schemas['WebhookPatch'];

/** The answer to "send a test event": the X-Warroom-Delivery value the receiver will see. */
export interface TestDelivery {
  delivery_id: number;
}

/** The steps of the receiver's verification recipe, in order (translated as webhooks.recipe.step.*). */
export const recipeSteps = ['body', 'sign', 'compare', 'window', 'answer'] as const;
