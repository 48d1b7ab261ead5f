import { api, unwrap } from '../../shared/api/client';
import { weakEtag } from '../../shared/api/etags';
import type { TestDelivery, Webhook, WebhookInput, WebhookPatch, WebhookWithSecret } from './types';

/** The endpoints the caller manages: the admin all (the war room's first), a SPOC her own. */
export async function listWebhooks(): Promise<Webhook[]> {
  return (await unwrap(api.GET('/api/webhooks'))).items;
}

export function getWebhook(id: number): Promise<Webhook> {
  return unwrap(api.GET('/api/webhooks/{id}', { params: { path: { id } } }));
}

/** Creates an endpoint; the answer carries the signing secret, which is never shown again. */
export function createWebhook(input: WebhookInput): Promise<WebhookWithSecret> {
  return unwrap(api.POST('/api/webhooks', { body: input }));
}

/**
 * Changes an endpoint with the version as read in the list (the list carries no ETags, and a
 * remembered one could be older than the list): 412 when someone changed it in the meantime.
 */
export function updateWebhook(id: number, version: number, patch: WebhookPatch): Promise<Webhook> {
  return unwrap(
    api.PATCH('/api/webhooks/{id}', {
      params: { path: { id }, header: { 'If-Match': weakEtag(version) } },
      body: patch,
    }),
  );
}

export async function deleteWebhook(id: number): Promise<void> {
  await unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id } } }));
}

/** Replaces the secret; the answer carries the new one, shown once. */
export function rotateWebhookSecret(id: number): Promise<WebhookWithSecret> {
  return unwrap(api.POST('/api/webhooks/{id}/rotate', { params: { path: { id } } }));
}

/** Queues a `webhook.test` event to the endpoint, also when it is switched off. */
export function sendTestEvent(id: number): Promise<TestDelivery> {
  return unwrap(api.POST('/api/webhooks/{id}/test', { params: { path: { id } } }));
}
