// What the inbox reads from a delivery when it arrives: its event, its chat (the ordering lane),
// its delivery key (for dedupe) and the LID ↔ phone pairs it reveals. Parsing happens here, once,
// so a payload the parser refuses is kept as a dead letter with the reason.
import { createHash } from 'node:crypto';
import { WebhookError } from '../errors.js';
import { parseWebhook, type WebhookEvent } from '../parse.js';

/** What a stored delivery went through. `failed` is a dead letter (refused by the parser, or its handlers kept failing). */
export type DeliveryStatus = 'pending' | 'processing' | 'done' | 'duplicate' | 'failed';

/** A delivery as the receiver hands it to the store. */
export interface NewDelivery {
  receivedAt: number;
  /** Request headers, lower-case names, secrets redacted. */
  headers: Record<string, string>;
  /** The bytes Z-API sent. */
  body: Uint8Array;
  /** `ReceivedCallback.image`, ...; undefined when the parser refused the payload. */
  event?: string;
  messageId?: string;
  /** The ordering lane: instance and chat (`phone`, or the LID when Z-API sent only that). */
  chat: string;
  /** A LID the store may replace by its phone in `chat`, when the map knows it. */
  chatLid?: string;
  /** What makes two deliveries the same one for dedupe. */
  key: string;
  /** LID → phone pairs this payload reveals. */
  lids: Array<[lid: string, phone: string]>;
  status: 'pending' | 'failed';
  /** Why the parser refused it (status `failed`). */
  error?: string;
}

/** A delivery as the store keeps it. */
export interface StoredDelivery {
  id: string;
  receivedAt: number;
  headers: Record<string, string>;
  body: Uint8Array;
  event?: string;
  messageId?: string;
  chat: string;
  key: string;
  status: DeliveryStatus;
  attempts: number;
  error?: string;
  /** The delivery this one repeated (status `duplicate`). */
  duplicateOf?: string;
  processedAt?: number;
}

const isLid = (id: unknown): id is string => typeof id === 'string' && id.endsWith('@lid');
const isPhone = (id: unknown): id is string => typeof id === 'string' && /^\d{6,}$/.test(id);
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** LID → phone pairs a payload carries: a one-to-one chat's `chatLid`/`senderLid` with its `phone`, a group participant's. */
export function lidPairsOf(payload: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (payload.isGroup !== true && isPhone(payload.phone)) {
    if (isLid(payload.chatLid)) pairs.push([payload.chatLid, payload.phone]);
    else if (isLid(payload.senderLid) && payload.fromMe !== true) pairs.push([payload.senderLid, payload.phone]);
  }
  if (isLid(payload.participantLid) && isPhone(payload.participantPhone)) pairs.push([payload.participantLid, payload.participantPhone]);
  return pairs;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The delivery key: Z-API repeats deliveries, and two with the same key within the dedupe window
 * reach handlers once. A message event is its name and `messageId` (an edit is a new delivery); a
 * status is its `status` and `ids`; anything else is its bytes.
 */
export function deliveryKeyOf(event: WebhookEvent, body: Uint8Array): string {
  const payload = event.payload as unknown as Record<string, unknown>;
  const instance = str(payload.instanceId) ?? '';
  if (event.kind === 'MessageStatusCallback' && Array.isArray(payload.ids)) {
    return `${instance}|${event.kind}|${String(payload.status)}|${[...(payload.ids as unknown[])].map(String).sort().join(',')}`;
  }
  const messageId = str(payload.messageId);
  if (messageId && payload.isEdit !== true) return `${instance}|${event.name}|${messageId}`;
  return `${instance}|${event.kind}|sha256:${sha256(body)}`;
}

/** Reads what the inbox needs from the bytes of a delivery. Never throws: a refusal becomes a dead letter. */
export function describeDelivery(body: Uint8Array, headers: Record<string, string>, receivedAt: number): NewDelivery {
  let event: WebhookEvent;
  try {
    event = parseWebhook(body);
  } catch (error) {
    const reason = error instanceof WebhookError ? `${error.code}: ${error.message}` : String(error);
    return { receivedAt, headers, body, chat: '', key: `refused|sha256:${sha256(body)}`, lids: [], status: 'failed', error: reason };
  }
  const payload = event.payload as unknown as Record<string, unknown>;
  const instance = str(payload.instanceId) ?? '';
  // Connection events have no chat: they share one lane per instance.
  const chatId =
    event.kind === 'ConnectedCallback' || event.kind === 'DisconnectedCallback' ? '' : (str(payload.phone) ?? str(payload.chatLid) ?? '');
  return {
    receivedAt,
    headers,
    body,
    event: event.name,
    messageId: str(payload.messageId) ?? (Array.isArray(payload.ids) ? str(payload.ids[0]) : undefined),
    chat: `${instance}|${chatId}`,
    chatLid: isLid(chatId) ? chatId : undefined,
    key: deliveryKeyOf(event, body),
    lids: lidPairsOf(payload),
    status: 'pending',
  };
}
