// What an instance remembers: messages, chats, contacts, groups, its queue and settings.
// Everything is bounded by `retention` so a long run does not grow without end.

/** Z-API's webhook URL settings, by the names `GET /me` gives them. */
export const WEBHOOK_FIELDS = [
  'receivedCallbackUrl',
  'deliveryCallbackUrl',
  'messageStatusCallbackUrl',
  'connectedCallbackUrl',
  'disconnectedCallbackUrl',
  'presenceChatCallbackUrl',
] as const;
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];

export interface Message {
  messageId: string;
  zaapId: string;
  /** The chat: a phone, a group id or a LID. */
  phone: string;
  fromMe: boolean;
  /** Milliseconds. */
  momment: number;
  status: 'PENDING' | 'SENT' | 'RECEIVED' | 'READ' | 'FAILED';
  /** The ReceivedCallback content key (`text`, `image`, ...) and its object. */
  variant: string;
  content: Record<string, unknown>;
  /** In groups, who wrote it (inbound). */
  participantPhone?: string;
  referenceMessageId?: string;
  edited?: boolean;
  deleted?: boolean;
  pinned?: boolean;
  /** Inbound: read by the instance (read-message, modify-chat read). */
  readByMe?: boolean;
}

export interface Chat {
  phone: string;
  name: string;
  isGroup: boolean;
  /** Seconds, as Z-API lists it. */
  lastMessageTime: number;
  unread: number;
  archived: boolean;
  pinned: boolean;
  /** Milliseconds; -1 forever, null when not muted. */
  muteEndTime: number | null;
  /** Message ids, oldest first. */
  messageIds: string[];
  expiration: number;
}

export interface Contact {
  phone: string;
  name: string | null;
  lid: string;
  onWhatsApp: boolean;
  lidOnly: boolean;
  blocked: boolean;
  /** Saved in the address book (add-contacts) rather than only met in a chat. */
  saved: boolean;
}

export interface Participant {
  phone: string;
  isAdmin: boolean;
  isSuperAdmin: boolean;
}

export interface Group {
  phone: string;
  subject: string;
  description: string | null;
  owner: string;
  /** Milliseconds. */
  creation: number;
  inviteCode: string;
  participants: Map<string, Participant>;
  pending: Set<string>;
  adminOnlyMessage: boolean;
  adminOnlySettings: boolean;
  requireAdminApproval: boolean;
  adminOnlyAddMember: boolean;
  photo: string | null;
}

export interface Queued {
  zaapId: string;
  messageId: string;
  phone: string;
  text: string;
  delayMessage: number;
  delayTyping: number;
  /** Milliseconds. */
  created: number;
  /** Sends it, once connected. */
  go(): void;
}

export interface Settings {
  name: string;
  profileName: string;
  profileDescription: string;
  profilePicture: string | null;
  autoReadMessage: boolean;
  autoReadStatus: boolean;
  callRejectAuto: boolean;
  callRejectMessage: string | null;
  notifySentByMe: boolean;
}

/** A Map that forgets its oldest entries beyond `limit`. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
