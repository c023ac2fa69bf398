// The instance's webhook URLs: read from GET /me, pointed somewhere else, and put back. Z-API sets
// each URL with its own update-webhook-* call and all of them at once with update-every-webhooks.
import type { ZapiClient } from '@zapi-kit/client';

/** Each URL field of `GET /me` and the call that sets it. (`initialDataCallbackUrl` has no documented setter: left alone.) */
export const WEBHOOK_URL_FIELDS = [
  { field: 'receivedCallbackUrl', set: 'updateWebhookReceived' },
  { field: 'deliveryCallbackUrl', set: 'updateWebhookDelivery' },
  { field: 'messageStatusCallbackUrl', set: 'updateWebhookMessageStatus' },
  { field: 'presenceChatCallbackUrl', set: 'updateWebhookChatPresence' },
  { field: 'connectedCallbackUrl', set: 'updateWebhookConnected' },
  { field: 'disconnectedCallbackUrl', set: 'updateWebhookDisconnected' },
] as const;

export type WebhookUrlField = (typeof WEBHOOK_URL_FIELDS)[number]['field'];

/** The webhook configuration `listen` changes, as `GET /me` reported it. */
export interface WebhookUrls {
  urls: Record<WebhookUrlField, string | null>;
  /** `receiveCallbackSentByMe`, when `/me` reports it. */
  notifySentByMe?: boolean;
}

export async function readWebhookUrls(zapi: ZapiClient): Promise<WebhookUrls> {
  const me = (await zapi.instance.getMe()) as Record<string, unknown>;
  const urls = Object.fromEntries(
    WEBHOOK_URL_FIELDS.map(({ field }) => [field, typeof me[field] === 'string' && me[field] !== '' ? (me[field] as string) : null]),
  ) as WebhookUrls['urls'];
  return { urls, ...(typeof me.receiveCallbackSentByMe === 'boolean' && { notifySentByMe: me.receiveCallbackSentByMe }) };
}

/** Every webhook to one URL, keeping whether messages sent by the instance are notified. */
export async function pointEveryWebhook(zapi: ZapiClient, url: string, found: WebhookUrls): Promise<void> {
  await zapi.webhooks.updateEveryWebhooks({
    value: url,
    ...(found.notifySentByMe !== undefined && { notifySentByMe: found.notifySentByMe }),
  });
}

export interface RestoreResult {
  restored: WebhookUrlField[];
  /**
   * Webhooks that had no URL before. Z-API documents no call that clears a webhook URL (each setter
   * takes an HTTPS URL), so they keep the one listen set until cleared in Z-API's panel.
   */
  unset: WebhookUrlField[];
  failed: Array<{ field: WebhookUrlField | 'notifySentByMe'; error: string }>;
}

/** Sets every URL back to what was found; tries them all even when one fails. */
export async function restoreWebhookUrls(zapi: ZapiClient, found: WebhookUrls): Promise<RestoreResult> {
  const result: RestoreResult = { restored: [], unset: [], failed: [] };
  for (const { field, set } of WEBHOOK_URL_FIELDS) {
    const value = found.urls[field];
    if (!value) {
      result.unset.push(field);
      continue;
    }
    try {
      await zapi.webhooks[set]({ value });
      result.restored.push(field);
    } catch (error) {
      result.failed.push({ field, error: (error as Error).message });
    }
  }
  // update-every-webhooks may have changed it; the received URL must be set again first.
  if (found.notifySentByMe !== undefined && found.urls.receivedCallbackUrl) {
    try {
      await zapi.webhooks.updateNotifySentByMe({ notifySentByMe: found.notifySentByMe });
    } catch (error) {
      result.failed.push({ field: 'notifySentByMe', error: (error as Error).message });
    }
  }
  return result;
}
