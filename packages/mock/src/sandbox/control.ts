// The control API under /_sandbox/ (spec/sandbox/openapi.yaml): the other side of the
// conversation. The same functions back startSandbox()'s helpers, so both check alike.
import { contentExample } from './examples.js';
import type { Faults } from './deliveries.js';
import { SandboxError, type SandboxInstance } from './instance.js';

/** Content keys a simulated contact can send, as the ReceivedCallback variants name them. */
export const INBOUND_CONTENT_KEYS = [
  'text',
  'image',
  'audio',
  'video',
  'ptv',
  'document',
  'sticker',
  'location',
  'contact',
  'reaction',
  'buttonsResponseMessage',
  'listResponseMessage',
  'poll',
  'pollVote',
] as const;

export type InboundContentKey = (typeof INBOUND_CONTENT_KEYS)[number];

/** A message from a simulated contact: `from`, and one content key (`text` may be a string). */
export type InboundMessage = {
  from: string;
  senderName?: string;
  groupId?: string;
  lidOnly?: boolean;
  referenceMessageId?: string;
} & { [K in InboundContentKey]?: K extends 'text' ? string | Record<string, unknown> : Record<string, unknown> };

export interface InboundResult {
  messageId: string;
  /** The chat it is in (the sender's number, its LID, or the group). */
  phone: string;
  /** The event delivered, e.g. `ReceivedCallback.text`. */
  event: string;
}

export function simulateInbound(instance: SandboxInstance, body: InboundMessage): InboundResult {
  const keys = INBOUND_CONTENT_KEYS.filter((k) => body[k] !== undefined);
  if (keys.length !== 1) {
    throw new SandboxError(
      400,
      `An inbound message needs exactly one content key of ${INBOUND_CONTENT_KEYS.join(', ')}; got ${keys.length ? keys.join(', ') : 'none'}`,
    );
  }
  const variant = keys[0]!;
  const given = body[variant]!;
  const content = typeof given === 'string' ? { message: given } : { ...contentExample(variant), ...given };
  const message = instance.receive({
    from: body.from,
    variant,
    content,
    ...(body.senderName && { senderName: body.senderName }),
    ...(body.groupId && { groupId: body.groupId }),
    ...(body.lidOnly && { lidOnly: true }),
    ...(body.referenceMessageId && { referenceMessageId: body.referenceMessageId }),
  });
  return { messageId: message.messageId, phone: message.phone, event: `ReceivedCallback.${variant}` };
}

export interface ContactSetup {
  name?: string;
  onWhatsApp?: boolean;
  lidOnly?: boolean;
}

export function setContact(instance: SandboxInstance, phone: string, setup: ContactSetup) {
  const contact = instance.contact(phone);
  if (setup.name !== undefined) contact.name = setup.name;
  if (setup.onWhatsApp !== undefined) contact.onWhatsApp = setup.onWhatsApp;
  if (setup.lidOnly !== undefined) contact.lidOnly = setup.lidOnly;
  return { phone, name: contact.name, lid: contact.lid, onWhatsApp: contact.onWhatsApp, lidOnly: contact.lidOnly };
}

export function setFaults(instance: SandboxInstance, faults: Partial<Faults>): Faults {
  for (const [key, value] of Object.entries(faults)) {
    if (value === undefined) continue;
    const isRate = ['duplicate', 'reorder', 'drop', 'delay'].includes(key);
    if (isRate && (typeof value !== 'number' || value < 0 || value > 1))
      throw new SandboxError(400, `fault ${key} must be a rate from 0 to 1, got ${JSON.stringify(value)}`);
    if (!(key in instance.deliveries.faults))
      throw new SandboxError(400, `unknown fault "${key}"; faults: ${Object.keys(instance.deliveries.faults).join(', ')}`);
  }
  instance.deliveries.faults = {
    ...instance.deliveries.faults,
    ...Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
  };
  return { ...instance.deliveries.faults };
}

export function instanceState(instance: SandboxInstance) {
  return {
    instanceId: instance.instanceId,
    connected: instance.connected,
    phone: instance.phone,
    webhooks: Object.fromEntries(Object.entries(instance.webhooks).filter(([, v]) => Boolean(v))) as Record<string, string>,
    messages: instance.messages.size,
    chats: instance.chats.size,
    groups: instance.groups.size,
    queue: instance.queue.length,
    deliveries: instance.deliveries.size,
    faults: { ...instance.deliveries.faults },
  };
}
