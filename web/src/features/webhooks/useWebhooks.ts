import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';

import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from './api';
import type { TestDelivery, Webhook, WebhookInput, WebhookPatch, WebhookWithSecret } from './types';

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
};

/** How often the list is read again while a test delivery is on its way. */
export const WATCH_INTERVAL_MS = 2_000;

/**
 * The endpoints the caller manages. With `watching`, the list is read again every few seconds,
 * so that the outcome of a test delivery (last success or failure) shows without a reload.
 */
export function useWebhooks(watching = false): UseQueryResult<Webhook[]> {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: listWebhooks,
    refetchInterval: watching ? WATCH_INTERVAL_MS : false,
  });
}

function useInvalidateList(): () => void {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
}

export function useCreateWebhook(): UseMutationResult<WebhookWithSecret, Error, WebhookInput> {
  const invalidate = useInvalidateList();
  return useMutation({ mutationFn: createWebhook, onSuccess: invalidate });
}

/** Saves a change with the version of `webhook` as read. */
export function useUpdateWebhook(
  webhook: Webhook,
): UseMutationResult<Webhook, Error, WebhookPatch> {
  const invalidate = useInvalidateList();
  return useMutation({
    mutationFn: (patch: WebhookPatch) => updateWebhook(webhook.id, webhook.version, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteWebhook(): UseMutationResult<void, Error, number> {
  const invalidate = useInvalidateList();
  return useMutation({ mutationFn: deleteWebhook, onSuccess: invalidate });
}

export function useRotateWebhookSecret(): UseMutationResult<WebhookWithSecret, Error, number> {
  const invalidate = useInvalidateList();
  return useMutation({ mutationFn: rotateWebhookSecret, onSuccess: invalidate });
}

export function useSendTestEvent(): UseMutationResult<TestDelivery, Error, number> {
  return useMutation({ mutationFn: sendTestEvent });
}
