// One simulated Z-API instance: the behaviour behind the operations (sending, receiving, reading,
// connecting, groups) and the webhooks each step fires.
import type { Clock } from './clock.js';
import { Deliveries } from './deliveries.js';
import type { Ids } from './ids.js';
import {
  BoundedMap,
  WEBHOOK_FIELDS,
  type Chat,
  type Contact,
  type Group,
  type Message,
  type Queued,
  type Settings,
  type WebhookField,
} from './model.js';
import type { Random } from './random.js';

/** Z-API keeps at most this many messages waiting while the instance is disconnected. */
export const QUEUE_LIMIT = 1000;

/** Simulated times, in milliseconds before `speed` scaling. */
export interface Timing {
  /** Z-API's delay between messages when the call gives no `delayMessage`: random in this range (it documents 1–3 s). */
  defaultDelayMessageMs: readonly [number, number];
  /** From DeliveryCallback to the RECEIVED status. */
  receivedAfterMs: number;
  /** From RECEIVED to the contact reading the message; null: only when `markRead` says so. */
  readAfterMs: number | null;
}

export interface InstanceOptions {
  instanceId: string;
  token: string;
  /** The number the instance is connected as. */
  phone: string;
  clock: Clock;
  random: Random;
  ids: Ids;
  retention: number;
  timing: Timing;
}

/** A failure the caller made (400), or a state conflict (409), in Z-API's `{ error }` shape. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SendInput {
  phone: string;
  variant: string;
  content: Record<string, unknown>;
  delayMessage?: number;
  delayTyping?: number;
  referenceMessageId?: string;
  /** Replaces the content of this earlier message instead of creating one (`editMessageId`). */
  editMessageId?: string;
  /** A status (story) post: no chat, no read receipts. */
  status?: boolean;
}

const PHOTO = 'https://pps.whatsapp.net/v/t61.24694-24/170931400_212202650511993_n.jpg';
const isNumber = (phone: string) => /^[0-9]{8,15}$/.test(phone);

export class SandboxInstance {
  readonly instanceId: string;
  readonly token: string;
  readonly phone: string;
  readonly deliveries: Deliveries;
  connected = true;
  webhooks: Partial<Record<WebhookField, string>> = {};
  settings!: Settings;
  messages!: BoundedMap<string, Message>;
  chats!: Map<string, Chat>;
  contacts!: Map<string, Contact>;
  /** LID → phone, to find the contact of a `@lid` chat. */
  lids!: Map<string, string>;
  groups!: Map<string, Group>;
  queue!: Queued[];
  /** The code `qr-code` shows until the next call. */
  qrCode = '';

  constructor(private readonly options: InstanceOptions) {
    this.instanceId = options.instanceId;
    this.token = options.token;
    this.phone = options.phone;
    this.deliveries = new Deliveries({
      clock: options.clock,
      random: options.random,
      instanceToken: options.token,
      retention: options.retention,
    });
    this.reset();
  }

  /** Back to a fresh, connected instance with no URLs, no data and no faults. */
  reset(): void {
    this.connected = true;
    this.webhooks = {};
    this.settings = {
      name: 'zapi-kit sandbox',
      profileName: 'Sandbox',
      profileDescription: '',
      profilePicture: null,
      autoReadMessage: false,
      autoReadStatus: false,
      callRejectAuto: false,
      callRejectMessage: null,
      notifySentByMe: false,
    };
    this.messages = new BoundedMap(this.options.retention);
    this.chats = new BoundedMap(this.options.retention);
    this.contacts = new BoundedMap(this.options.retention);
    this.lids = new BoundedMap(this.options.retention);
    this.groups = new BoundedMap(this.options.retention);
    this.queue = [];
    this.deliveries.clear();
    this.deliveries.faults = {
      ...this.deliveries.faults,
      duplicate: 0,
      reorder: 0,
      drop: 0,
      delay: 0,
      gzip: false,
      connectionEventsToReceived: false,
    };
  }

  private get now(): number {
    return Date.now();
  }

  url(field: WebhookField): string | null {
    return this.webhooks[field] || null;
  }

  setWebhooks(fields: readonly WebhookField[], value: string): void {
    for (const field of fields) this.webhooks[field] = value;
  }

  static readonly allWebhooks = WEBHOOK_FIELDS;

  // ---- contacts and chats ----

  /** The simulated contact of a number (created on first sight, with a LID of its own). */
  contact(phone: string): Contact {
    let contact = this.contacts.get(phone);
    if (!contact) {
      contact = { phone, name: null, lid: this.options.ids.lid(), onWhatsApp: true, lidOnly: false, blocked: false, saved: false };
      this.contacts.set(phone, contact);
      this.lids.set(contact.lid, phone);
    }
    return contact;
  }

  /** The chat of `phone`, created when a message first goes or comes. */
  chat(phone: string): Chat {
    let chat = this.chats.get(phone);
    if (!chat) {
      const group = this.groups.get(phone);
      const contactPhone = phone.endsWith('@lid') ? this.lids.get(phone) : phone;
      chat = {
        phone,
        name: group?.subject ?? (contactPhone ? (this.contacts.get(contactPhone)?.name ?? phone) : phone),
        isGroup: phone.endsWith('-group'),
        lastMessageTime: Math.floor(this.now / 1000),
        unread: 0,
        archived: false,
        pinned: false,
        muteEndTime: null,
        messageIds: [],
        expiration: 0,
      };
      this.chats.set(phone, chat);
    }
    return chat;
  }

  private store(message: Message, countUnread: boolean): void {
    this.messages.set(message.messageId, message);
    const chat = this.chat(message.phone);
    chat.messageIds.push(message.messageId);
    if (chat.messageIds.length > this.options.retention) chat.messageIds.shift();
    chat.lastMessageTime = Math.floor(message.momment / 1000);
    chat.archived = false;
    if (countUnread) chat.unread += 1;
  }

  // ---- webhooks ----

  /** The envelope of a ReceivedCallback in chat `phone`, as Z-API writes it. */
  private envelope(message: Message, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const group = this.groups.get(message.phone);
    const isGroup = Boolean(group) || message.phone.endsWith('-group');
    const contactPhone = message.phone.endsWith('@lid') ? this.lids.get(message.phone) : message.phone;
    const contact = !isGroup && contactPhone ? this.contact(contactPhone) : undefined;
    const participant = message.participantPhone ? this.contact(message.participantPhone) : undefined;
    const sender = participant ?? contact;
    // A sender known only by its LID must not leak its number through the name either.
    const senderName = message.fromMe ? this.settings.profileName : (sender?.name ?? (sender && !sender.lidOnly ? sender.phone : null));
    const payload: Record<string, unknown> = {
      isStatusReply: false,
      chatLid: contact?.lid ?? null,
      connectedPhone: this.phone,
      waitingMessage: false,
      isEdit: Boolean(message.edited),
      isGroup,
      isNewsletter: false,
      instanceId: this.instanceId,
      messageId: message.messageId,
      phone: message.phone,
      fromMe: message.fromMe,
      momment: message.momment,
      status: message.fromMe ? 'SENT' : 'RECEIVED',
      chatName: group?.subject ?? contact?.name ?? message.phone,
      senderPhoto: PHOTO,
      senderName,
      participantPhone: participant?.lidOnly ? null : (message.participantPhone ?? null),
      participantLid: participant?.lid ?? null,
      photo: PHOTO,
      broadcast: false,
      type: 'ReceivedCallback',
      ...extra,
    };
    if (!message.fromMe && contact) payload.senderLid = contact.lid;
    if (message.fromMe) payload.fromApi = true;
    if (message.referenceMessageId) payload.referenceMessageId = message.referenceMessageId;
    return payload;
  }

  private emitReceived(message: Message): void {
    const payload = this.envelope(message, { [message.variant]: message.content });
    this.deliveries.emit(`ReceivedCallback.${message.variant}`, payload, this.url('receivedCallbackUrl'));
  }

  /** A group notification (GROUP_CREATE, GROUP_PARTICIPANT_ADD, ...) to the received URL. */
  notify(groupId: string, notification: string, parameters: string[], actor: string): void {
    const message: Message = {
      messageId: this.options.ids.messageId(),
      zaapId: '',
      phone: groupId,
      fromMe: actor === this.phone,
      momment: this.now,
      status: 'RECEIVED',
      variant: 'notification',
      content: {},
      participantPhone: actor === this.phone ? undefined : actor,
    };
    const payload = this.envelope(message, { notification, notificationParameters: parameters });
    if (actor === this.phone) payload.participantPhone = this.phone;
    this.deliveries.emit('ReceivedCallback.notification', payload, this.url('receivedCallbackUrl'));
  }

  private emitStatus(status: 'RECEIVED' | 'READ', phone: string, ids: string[]): void {
    this.deliveries.emit(
      'MessageStatusCallback',
      {
        instanceId: this.instanceId,
        status,
        ids,
        momment: this.now,
        phoneDevice: 0,
        phone,
        type: 'MessageStatusCallback',
        isGroup: phone.endsWith('-group'),
      },
      this.url('messageStatusCallbackUrl'),
    );
  }

  private emitConnection(kind: 'ConnectedCallback' | 'DisconnectedCallback'): void {
    const payload =
      kind === 'ConnectedCallback'
        ? { type: kind, connected: true, momment: this.now, instanceId: this.instanceId, phone: this.phone }
        : { momment: this.now, error: 'Device has been disconnected', disconnected: true, type: kind, instanceId: this.instanceId };
    this.deliveries.emit(kind, payload, this.url(kind === 'ConnectedCallback' ? 'connectedCallbackUrl' : 'disconnectedCallbackUrl'));
    // Some accounts also get these at the received URL (seen in real traffic): a fault on demand.
    if (this.deliveries.faults.connectionEventsToReceived) this.deliveries.emit(kind, { ...payload }, this.url('receivedCallbackUrl'));
  }

  // ---- sending ----

  send(input: SendInput): { zaapId: string; messageId: string } {
    const { ids } = this.options;
    if (input.editMessageId) {
      const original = this.messages.get(input.editMessageId);
      if (!original || !original.fromMe)
        throw new SandboxError(400, `editMessageId ${input.editMessageId} is not a message this instance sent`);
    }
    const message: Message = {
      messageId: ids.messageId(),
      zaapId: ids.zaapId(),
      phone: input.phone,
      fromMe: true,
      momment: this.now,
      status: 'PENDING',
      variant: input.variant,
      content: input.content,
      ...(input.referenceMessageId && { referenceMessageId: input.referenceMessageId }),
    };
    if (input.editMessageId) {
      const original = this.messages.get(input.editMessageId)!;
      original.content = input.content;
      original.edited = true;
    }
    if (!input.status) this.store(message, false);
    else this.messages.set(message.messageId, message);
    const go = () => this.dispatch(message, input);
    if (this.connected) go();
    else {
      if (this.queue.length >= QUEUE_LIMIT)
        throw new SandboxError(400, `The queue is full: Z-API keeps at most ${QUEUE_LIMIT} messages while the instance is disconnected`);
      this.queue.push({
        zaapId: message.zaapId,
        messageId: message.messageId,
        phone: message.phone,
        text: typeof input.content.message === 'string' ? input.content.message : input.variant,
        delayMessage: input.delayMessage ?? 0,
        delayTyping: input.delayTyping ?? 0,
        created: message.momment,
        go,
      });
    }
    return { zaapId: message.zaapId, messageId: message.messageId };
  }

  private dispatch(message: Message, input: SendInput): void {
    const { clock, timing } = this.options;
    const [low, high] = timing.defaultDelayMessageMs;
    const delayMessageMs =
      input.delayMessage !== undefined ? input.delayMessage * 1000 : low + Math.round(this.options.random.next() * (high - low));
    const wait = (input.delayTyping ?? 0) * 1000 + delayMessageMs;
    clock.after(wait, () => {
      if (message.deleted) return;
      const contact = isNumber(message.phone) ? this.contact(message.phone) : undefined;
      const delivery: Record<string, unknown> = {
        type: 'DeliveryCallback',
        instanceId: this.instanceId,
        phone: message.phone,
        zaapId: message.zaapId,
        messageId: message.messageId,
        momment: this.now,
      };
      if (contact && !contact.onWhatsApp) {
        message.status = 'FAILED';
        this.deliveries.emit(
          'DeliveryCallback',
          { ...delivery, error: 'Message not sent: the number is not on WhatsApp', errorCode: 'NOT_ON_WHATSAPP' },
          this.url('deliveryCallbackUrl'),
        );
        return;
      }
      message.status = 'SENT';
      this.deliveries.emit('DeliveryCallback', delivery, this.url('deliveryCallbackUrl'));
      if (this.settings.notifySentByMe && !input.status) {
        // Self-sync events carry the chat as a LID, as real traffic does.
        const payload = this.envelope(message, { [message.variant]: message.content, isEdit: Boolean(input.editMessageId) });
        if (contact) payload.phone = contact.lid;
        this.deliveries.emit(`ReceivedCallback.${message.variant}`, payload, this.url('receivedCallbackUrl'));
      }
      if (input.status) return;
      clock.after(timing.receivedAfterMs, () => {
        if (message.status !== 'SENT') return;
        message.status = 'RECEIVED';
        this.emitStatus('RECEIVED', message.phone, [message.messageId]);
        if (timing.readAfterMs !== null) clock.after(timing.readAfterMs, () => this.markRead({ messageIds: [message.messageId] }));
      });
    });
  }

  /** The contact reads messages the instance sent: by id, or every unread one of a chat. */
  markRead(target: { messageIds?: string[]; phone?: string }): string[] {
    const candidates = target.messageIds
      ? target.messageIds.map((id) => this.messages.get(id)).filter((m): m is Message => m !== undefined)
      : (this.chats.get(target.phone ?? '')?.messageIds ?? [])
          .map((id) => this.messages.get(id))
          .filter((m): m is Message => m !== undefined);
    const read = candidates.filter((m) => m.fromMe && !m.deleted && (m.status === 'SENT' || m.status === 'RECEIVED'));
    const byChat = new Map<string, string[]>();
    for (const m of read) {
      m.status = 'READ';
      byChat.set(m.phone, [...(byChat.get(m.phone) ?? []), m.messageId]);
    }
    for (const [phone, ids] of byChat) this.emitStatus('READ', phone, ids);
    return read.map((m) => m.messageId);
  }

  // ---- receiving ----

  receive(input: {
    from: string;
    variant: string;
    content: Record<string, unknown>;
    senderName?: string;
    groupId?: string;
    lidOnly?: boolean;
    referenceMessageId?: string;
  }): Message {
    const contact = this.contact(input.from);
    if (input.senderName) contact.name = input.senderName;
    if (input.lidOnly) contact.lidOnly = true;
    let chatPhone = contact.lidOnly ? contact.lid : input.from;
    if (input.groupId) {
      const group = this.groups.get(input.groupId);
      if (!group) throw new SandboxError(409, `The instance is not in group ${input.groupId}`);
      if (!group.participants.has(input.from)) throw new SandboxError(409, `${input.from} is not a participant of group ${input.groupId}`);
      chatPhone = input.groupId;
    }
    if (contact.blocked) throw new SandboxError(409, `${input.from} is blocked: WhatsApp does not deliver its messages`);
    const message: Message = {
      messageId: this.options.ids.messageId(),
      zaapId: '',
      phone: chatPhone,
      fromMe: false,
      momment: this.now,
      status: 'RECEIVED',
      variant: input.variant,
      content: input.content,
      ...(input.groupId && { participantPhone: input.from }),
      ...(input.referenceMessageId && { referenceMessageId: input.referenceMessageId }),
    };
    this.store(message, !this.settings.autoReadMessage);
    if (this.settings.autoReadMessage) message.readByMe = true;
    this.emitReceived(message);
    return message;
  }

  /** The instance reads a received message (read-message). */
  readByMe(phone: string, messageId: string): void {
    const message = this.messages.get(messageId);
    if (!message || message.phone !== phone) throw new SandboxError(400, `No message ${messageId} in chat ${phone}`);
    if (!message.fromMe && !message.readByMe) {
      message.readByMe = true;
      const chat = this.chats.get(phone);
      if (chat && chat.unread > 0) chat.unread -= 1;
    }
  }

  // ---- connection ----

  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.emitConnection('ConnectedCallback');
    const waiting = this.queue;
    this.queue = [];
    for (const queued of waiting) queued.go();
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emitConnection('DisconnectedCallback');
  }

  restart(): void {
    if (!this.connected) return;
    this.emitConnection('ConnectedCallback');
  }

  newQrCode(): string {
    const { random } = this.options;
    const part = (n: number) => Buffer.from(random.hex(n), 'hex').toString('base64');
    this.qrCode = `2@${part(32)},${part(32)},${part(32)},${part(32)}`;
    return this.qrCode;
  }

  // ---- groups ----

  createGroup(subject: string, phones: string[]): Group {
    const { ids } = this.options;
    const group: Group = {
      phone: ids.groupId(),
      subject,
      description: null,
      owner: this.phone,
      creation: this.now,
      inviteCode: ids.inviteCode(),
      participants: new Map([[this.phone, { phone: this.phone, isAdmin: true, isSuperAdmin: true }]]),
      pending: new Set(),
      adminOnlyMessage: false,
      adminOnlySettings: false,
      requireAdminApproval: false,
      adminOnlyAddMember: false,
      photo: null,
    };
    for (const phone of phones) {
      this.contact(phone);
      group.participants.set(phone, { phone, isAdmin: false, isSuperAdmin: false });
    }
    this.groups.set(group.phone, group);
    this.chat(group.phone).name = subject;
    this.notify(group.phone, 'GROUP_CREATE', [subject], this.phone);
    return group;
  }

  group(groupId: string): Group {
    const group = this.groups.get(groupId);
    if (!group) throw new SandboxError(400, `Group ${groupId} does not exist or the instance is not in it`);
    return group;
  }

  /** Groups the instance manages need it to be an admin. */
  adminGroup(groupId: string): Group {
    const group = this.group(groupId);
    if (!group.participants.get(this.phone)?.isAdmin) throw new SandboxError(400, `The instance is not an admin of group ${groupId}`);
    return group;
  }
}
