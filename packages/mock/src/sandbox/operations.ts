// The Z-API operations the sandbox models, by operationId. Each answer starts from the operation's
// documented example and fills in the state, so it keeps the documented shape.
import QRCode from 'qrcode';
import type { DocumentedAnswer } from './examples.js';
import { SandboxError, type SandboxInstance } from './instance.js';
import { WEBHOOK_FIELDS, type Chat, type Group, type WebhookField } from './model.js';
import { SENDS } from './sends.js';

// Request bodies are validated against the spec before they get here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

export interface OperationContext {
  instance: SandboxInstance;
  body: Body;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The operation's documented success answer: the shape every modelled answer keeps. */
  documented: DocumentedAnswer;
}

export type Answer = DocumentedAnswer;
export type Handler = (ctx: OperationContext) => Answer | Promise<Answer>;

const VALUE_TRUE: Answer = { status: 200, body: { value: true } };
const ok = (body: unknown): Answer => ({ status: 200, body });
/** The documented answer with some fields replaced. */
const like = (ctx: OperationContext, fields: Record<string, unknown>): Answer => ({
  ...ctx.documented,
  body: { ...(ctx.documented.body as object), ...fields },
});
const done = (ctx: OperationContext): Answer => ({ ...ctx.documented, body: structuredClone(ctx.documented.body) });

function page<T>(items: T[], query: URLSearchParams): T[] {
  const pageSize = Number(query.get('pageSize') ?? 0);
  if (!pageSize) return items;
  const pageNumber = Math.max(1, Number(query.get('page') ?? 1));
  return items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

const flag = (value: boolean) => String(value);

function chatSummary(instance: SandboxInstance, chat: Chat): Record<string, unknown> {
  const group = instance.groups.get(chat.phone);
  return {
    phone: chat.phone,
    name: group?.subject ?? chat.name,
    archived: flag(chat.archived),
    pinned: flag(chat.pinned),
    unread: String(chat.unread),
    lastMessageTime: String(chat.lastMessageTime),
    muteEndTime: chat.muteEndTime,
    isMuted: chat.muteEndTime === null ? '0' : '1',
    isMarkedSpam: 'false',
    isGroup: chat.isGroup,
    isGroupAnnouncement: false,
    messagesUnread: chat.unread,
  };
}

function sortedChats(instance: SandboxInstance): Chat[] {
  return [...instance.chats.values()].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.lastMessageTime - a.lastMessageTime);
}

function groupMetadata(group: Group, light = false): Record<string, unknown> {
  return {
    phone: group.phone,
    subject: group.subject,
    description: group.description,
    owner: group.owner,
    creation: group.creation,
    invitationLink: light ? null : `https://chat.whatsapp.com/${group.inviteCode}`,
    communityId: null,
    adminOnlyMessage: group.adminOnlyMessage,
    adminOnlySettings: group.adminOnlySettings,
    requireAdminApproval: group.requireAdminApproval,
    isGroupAnnouncement: false,
    participants: [...group.participants.values()].map((p) => ({
      phone: p.phone,
      isAdmin: p.isAdmin,
      isSuperAdmin: p.isSuperAdmin,
      short: null,
      name: null,
    })),
    subjectTime: group.creation,
    subjectOwner: group.owner,
  };
}

function contactView(instance: SandboxInstance, phone: string): Record<string, unknown> {
  const contact = instance.contact(phone);
  return { phone, name: contact.name, short: contact.name?.split(' ')[0] ?? null, vname: null, notify: contact.name, imgUrl: null };
}

const webhookSetter =
  (fields: readonly WebhookField[]): Handler =>
  ({ instance, body }) => {
    instance.setWebhooks(fields, body.value);
    return VALUE_TRUE;
  };

const setting =
  (apply: (instance: SandboxInstance, value: Body) => void): Handler =>
  ({ instance, body }) => {
    apply(instance, body.value);
    return VALUE_TRUE;
  };

/** Accepts a group id in any of Z-API's request fields (`groupId`, `phone`, the path). */
const groupIdOf = (ctx: OperationContext): string => ctx.params.groupId ?? ctx.body?.groupId ?? ctx.body?.phone;

function participants(change: (instance: SandboxInstance, group: Group, phones: string[]) => void): Handler {
  return (ctx) => {
    if (ctx.body.communityId) throw new SandboxError(400, 'The sandbox models groups, not communities: use groupId');
    const group = ctx.instance.adminGroup(ctx.body.groupId);
    change(ctx.instance, group, ctx.body.phones);
    return VALUE_TRUE;
  };
}

function sendHandler(operationId: string): Handler {
  const build = SENDS[operationId]!;
  return (ctx) => {
    const input = build(ctx.body, ctx.params, ctx.instance);
    const { zaapId, messageId } = ctx.instance.send(input);
    const documented = (ctx.documented.body ?? {}) as Record<string, unknown>;
    // Keep the documented keys (some answers have only zaapId) and fill them with the new ids.
    const body: Record<string, unknown> = { ...documented, zaapId, messageId };
    if ('id' in documented) body.id = messageId;
    return { ...ctx.documented, body };
  };
}

const HANDLERS: Record<string, Handler> = {
  // ---- Instance ----
  getStatus: ({ instance }) =>
    ok(
      instance.connected
        ? { connected: true, error: 'You are already connected.', smartphoneConnected: true }
        : { connected: false, error: 'You are not connected.', smartphoneConnected: false },
    ),
  getQrCode: ({ instance }) => ok({ value: instance.newQrCode() }),
  getQrCodeImage: async ({ instance }) => ({
    status: 200,
    contentType: 'image/png',
    body: await QRCode.toBuffer(instance.newQrCode(), { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 }),
  }),
  getPhoneCode: (ctx) => {
    const hex = ctx.instance
      .newQrCode()
      .replace(/[^A-Z0-9]/gi, '')
      .toUpperCase();
    return like(ctx, { code: `${hex.slice(2, 6)}-${hex.slice(6, 10)}` });
  },
  restartInstance: ({ instance }) => {
    instance.restart();
    return VALUE_TRUE;
  },
  disconnectInstance: ({ instance }) => {
    instance.disconnect();
    return VALUE_TRUE;
  },
  restoreSession: () => VALUE_TRUE,
  getDevice: (ctx) => like(ctx, { phone: ctx.instance.phone, name: ctx.instance.settings.profileName }),
  getMe: (ctx) => {
    const { instance } = ctx;
    return like(ctx, {
      id: instance.instanceId,
      token: instance.token,
      name: instance.settings.name,
      connected: instance.connected,
      paymentStatus: 'TRIAL',
      ...Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f, instance.url(f) ?? ''])),
      initialDataCallbackUrl: '',
      receiveCallbackSentByMe: instance.settings.notifySentByMe,
      callRejectAuto: instance.settings.callRejectAuto,
      callRejectMessage: instance.settings.callRejectMessage ?? '',
      autoReadMessage: instance.settings.autoReadMessage,
    });
  },
  updateAutoReadMessage: setting((i, v) => (i.settings.autoReadMessage = v)),
  updateAutoReadStatus: setting((i, v) => (i.settings.autoReadStatus = v)),
  updateCallRejectAuto: setting((i, v) => (i.settings.callRejectAuto = v)),
  updateCallRejectMessage: setting((i, v) => (i.settings.callRejectMessage = v)),
  updateName: setting((i, v) => (i.settings.name = v)),
  updateProfileName: setting((i, v) => (i.settings.profileName = v)),
  updateProfileDescription: setting((i, v) => (i.settings.profileDescription = v)),
  updateProfilePicture: setting((i, v) => (i.settings.profilePicture = v)),

  // ---- Webhooks ----
  updateWebhookReceived: webhookSetter(['receivedCallbackUrl']),
  updateWebhookDelivery: webhookSetter(['deliveryCallbackUrl']),
  // "Received and delivery": one URL for received messages and for the instance's own sends.
  updateWebhookReceivedDelivery: webhookSetter(['receivedCallbackUrl', 'deliveryCallbackUrl']),
  updateWebhookDisconnected: webhookSetter(['disconnectedCallbackUrl']),
  updateWebhookConnected: webhookSetter(['connectedCallbackUrl']),
  updateWebhookMessageStatus: webhookSetter(['messageStatusCallbackUrl']),
  updateWebhookChatPresence: webhookSetter(['presenceChatCallbackUrl']),
  updateEveryWebhooks: ({ instance, body }) => {
    instance.setWebhooks(WEBHOOK_FIELDS, body.value);
    if (body.notifySentByMe !== undefined) instance.settings.notifySentByMe = body.notifySentByMe;
    return VALUE_TRUE;
  },
  updateNotifySentByMe: ({ instance, body }) => {
    instance.settings.notifySentByMe = body.notifySentByMe;
    return VALUE_TRUE;
  },

  // ---- Messages (besides the sends) ----
  readMessage: ({ instance, body, documented }) => {
    instance.readByMe(body.phone, body.messageId);
    return documented;
  },
  deleteMessage: ({ instance, query, documented }) => {
    const messageId = query.get('messageId') ?? '';
    const message = instance.messages.get(messageId);
    if (!message || message.phone !== query.get('phone'))
      throw new SandboxError(400, `No message ${messageId} in chat ${query.get('phone')}`);
    message.deleted = true;
    return documented;
  },

  // ---- Queue ----
  listQueue: ({ instance, query }) => ok({ messages: page(instance.queue, query).map((q) => queueView(instance, q)) }),
  listQueuePage: ({ instance, body }) => {
    const size = body?.pageSize ?? 20;
    const start = body?.pagingState ? Number(Buffer.from(body.pagingState, 'base64url').toString()) || 0 : 0;
    const slice = instance.queue.slice(start, start + size);
    const hasMore = start + size < instance.queue.length;
    return ok({
      messages: slice.map((q) => queueView(instance, q)),
      ...(hasMore && { pagingState: Buffer.from(String(start + size)).toString('base64url') }),
      hasMore,
    });
  },
  countQueue: ({ instance }) => ok({ count: instance.queue.length }),
  deleteQueue: (ctx) => {
    for (const queued of ctx.instance.queue) {
      const message = ctx.instance.messages.get(queued.messageId);
      if (message) message.deleted = true;
    }
    ctx.instance.queue = [];
    return done(ctx);
  },
  deleteQueueMessage: (ctx) => {
    const queued = ctx.instance.queue.find((q) => q.zaapId === ctx.params.zaapId);
    if (!queued) throw new SandboxError(400, `No queued message ${ctx.params.zaapId}`);
    ctx.instance.queue = ctx.instance.queue.filter((q) => q !== queued);
    const message = ctx.instance.messages.get(queued.messageId);
    if (message) message.deleted = true; // never sent: it leaves the chat's history too
    return done(ctx);
  },

  // ---- Chats ----
  listChats: ({ instance, query }) => ok(page(sortedChats(instance), query).map((c) => chatSummary(instance, c))),
  getChat: (ctx) => {
    const chat = ctx.instance.chats.get(ctx.params.phone!);
    if (!chat) throw new SandboxError(400, `No chat with ${ctx.params.phone}`);
    return ok({ ...chatSummary(ctx.instance, chat), profileThumbnail: null, about: null });
  },
  getChatMessages: ({ instance, params, query }) => {
    const chat = instance.chats.get(params.phone!);
    let ids = chat ? [...chat.messageIds].reverse() : [];
    const last = query.get('lastMessageId');
    if (last) ids = ids.slice(ids.indexOf(last) + 1);
    const amount = Number(query.get('amount') ?? 0) || ids.length;
    return ok(
      ids
        .map((id) => instance.messages.get(id))
        .filter((m) => m !== undefined && !m.deleted)
        .slice(0, amount)
        .map((m) => ({
          type: 'ReceivedCallback',
          messageId: m!.messageId,
          phone: m!.phone,
          fromMe: m!.fromMe,
          momment: m!.momment,
          status: m!.status,
          [m!.variant]: m!.content,
        })),
    );
  },
  modifyChat: ({ instance, body }) => {
    const chat = instance.chat(body.phone);
    switch (body.action as string) {
      case 'read':
        chat.unread = 0;
        for (const id of chat.messageIds) {
          const m = instance.messages.get(id);
          if (m && !m.fromMe) m.readByMe = true;
        }
        break;
      case 'unread':
        chat.unread = Math.max(chat.unread, 1);
        break;
      case 'archive':
      case 'unarchive':
        chat.archived = body.action === 'archive';
        break;
      case 'pin':
      case 'unpin':
        chat.pinned = body.action === 'pin';
        break;
      case 'mute':
        chat.muteEndTime = -1;
        break;
      case 'unmute':
        chat.muteEndTime = null;
        break;
      case 'clear':
        chat.messageIds = [];
        chat.unread = 0;
        break;
      case 'delete':
        instance.chats.delete(body.phone);
        break;
    }
    return VALUE_TRUE;
  },
  sendChatExpiration: ({ instance, body }) => {
    instance.chat(body.phone).expiration = Number(body.chatExpiration) || 0;
    return VALUE_TRUE;
  },

  // ---- Contacts ----
  listContacts: ({ instance, query }) => ok(page([...instance.contacts.keys()], query).map((phone) => contactView(instance, phone))),
  getContact: ({ instance, params }) => ok(contactView(instance, params.phone!)),
  addContacts: ({ instance, body }) => {
    for (const entry of body as Array<{ firstName: string; lastName?: string; phone: string }>) {
      const contact = instance.contact(entry.phone);
      contact.name = [entry.firstName, entry.lastName].filter(Boolean).join(' ');
      contact.saved = true;
    }
    return ok({ success: true, errors: [] });
  },
  removeContacts: ({ instance, body }) => {
    for (const phone of body as string[]) {
      const contact = instance.contacts.get(phone);
      if (contact) {
        contact.saved = false;
        contact.name = null;
      }
    }
    return ok({ success: true, errors: [] });
  },
  modifyBlockedContact: ({ instance, body }) => {
    instance.contact(body.phone).blocked = body.action === 'block';
    return VALUE_TRUE;
  },
  reportContact: (ctx) => done(ctx),
  getProfilePicture: (ctx) => done(ctx),
  phoneExists: ({ instance, params }) => {
    const contact = instance.contact(params.phone!);
    return ok(
      contact.onWhatsApp ? { exists: true, phone: params.phone, lid: contact.lid } : { exists: false, phone: params.phone, lid: null },
    );
  },
  phoneExistsBatch: ({ instance, body }) =>
    ok(
      (body.phones as string[]).map((phone) => {
        const contact = instance.contact(phone);
        return contact.onWhatsApp
          ? { exists: true, inputPhone: phone, outputPhone: phone, lid: contact.lid }
          : { exists: false, inputPhone: phone, outputPhone: null, lid: null };
      }),
    ),

  // ---- Groups ----
  createGroup: ({ instance, body }) => {
    const group = instance.createGroup(body.groupName, body.phones);
    return ok({ phone: group.phone, invitationLink: `https://chat.whatsapp.com/${group.inviteCode}` });
  },
  listGroups: ({ instance, query }) =>
    ok(
      page(
        sortedChats(instance).filter((c) => instance.groups.has(c.phone)),
        query,
      ).map((c) => {
        const { isMarkedSpam: _spam, ...summary } = chatSummary(instance, c);
        return { ...summary, isMarketSpam: 'false', messagesUnread: String(c.unread) };
      }),
    ),
  getGroupMetadata: (ctx) => ok(groupMetadata(ctx.instance.group(groupIdOf(ctx)))),
  getLightGroupMetadata: (ctx) => ok(groupMetadata(ctx.instance.group(groupIdOf(ctx)), true)),
  getGroupInvitationLink: (ctx) => {
    const group = ctx.instance.group(groupIdOf(ctx));
    return ok({ phone: group.phone, invitationLink: `https://chat.whatsapp.com/${group.inviteCode}` });
  },
  getGroupInvitationLinkByPost: (ctx) => HANDLERS.getGroupInvitationLink!(ctx),
  redefineInvitationLink: (ctx) => {
    const group = ctx.instance.adminGroup(groupIdOf(ctx));
    group.inviteCode = ctx.instance
      .newQrCode()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(2, 24);
    return ok({ invitationLink: `https://chat.whatsapp.com/${group.inviteCode}` });
  },
  getGroupInvitationMetadata: (ctx) => {
    const code = (ctx.query.get('url') ?? '').split('/').pop();
    const group = [...ctx.instance.groups.values()].find((g) => g.inviteCode === code);
    return group ? ok(groupMetadata(group)) : done(ctx);
  },
  acceptInviteGroup: (ctx) => {
    const code = (ctx.query.get('url') ?? '').split('/').pop();
    const group = [...ctx.instance.groups.values()].find((g) => g.inviteCode === code);
    if (!group) throw new SandboxError(400, 'This invitation link is not valid (the sandbox knows only the links of its own groups)');
    if (!group.participants.has(ctx.instance.phone)) {
      group.participants.set(ctx.instance.phone, { phone: ctx.instance.phone, isAdmin: false, isSuperAdmin: false });
      ctx.instance.notify(group.phone, 'GROUP_PARTICIPANT_ADD', [ctx.instance.phone], ctx.instance.phone);
    }
    return ok({ success: true });
  },
  addParticipant: participants((instance, group, phones) => {
    for (const phone of phones) {
      instance.contact(phone);
      group.participants.set(phone, { phone, isAdmin: false, isSuperAdmin: false });
    }
    instance.notify(group.phone, 'GROUP_PARTICIPANT_ADD', phones, instance.phone);
  }),
  removeParticipant: participants((instance, group, phones) => {
    for (const phone of phones) group.participants.delete(phone);
    instance.notify(group.phone, 'GROUP_PARTICIPANT_REMOVE', phones, instance.phone);
  }),
  addAdmin: participants((_instance, group, phones) => {
    for (const phone of phones) {
      const p = group.participants.get(phone);
      if (!p) throw new SandboxError(400, `${phone} is not a participant of group ${group.phone}`);
      p.isAdmin = true;
    }
  }),
  removeAdmin: participants((_instance, group, phones) => {
    for (const phone of phones) {
      const p = group.participants.get(phone);
      if (p && !p.isSuperAdmin) p.isAdmin = false;
    }
  }),
  approveParticipant: participants((instance, group, phones) => {
    for (const phone of phones) {
      group.pending.delete(phone);
      group.participants.set(phone, { phone, isAdmin: false, isSuperAdmin: false });
    }
    instance.notify(group.phone, 'GROUP_PARTICIPANT_ADD', phones, instance.phone);
  }),
  rejectParticipant: participants((instance, group, phones) => {
    for (const phone of phones) group.pending.delete(phone);
    instance.notify(group.phone, 'REVOKED_MEMBERSHIP_REQUESTS', phones, instance.phone);
  }),
  leaveGroup: ({ instance, body }) => {
    const group = instance.group(body.groupId);
    instance.notify(group.phone, 'GROUP_PARTICIPANT_LEAVE', [instance.phone], instance.phone);
    group.participants.delete(instance.phone);
    instance.groups.delete(group.phone);
    return VALUE_TRUE;
  },
  updateGroupName: ({ instance, body }) => {
    instance.adminGroup(body.groupId).subject = body.groupName;
    instance.chat(body.groupId).name = body.groupName;
    return VALUE_TRUE;
  },
  updateGroupDescription: ({ instance, body }) => {
    instance.adminGroup(body.groupId).description = body.groupDescription;
    return VALUE_TRUE;
  },
  updateGroupPhoto: ({ instance, body }) => {
    instance.adminGroup(body.groupId).photo = body.groupPhoto;
    return VALUE_TRUE;
  },
  updateGroupSettings: ({ instance, body }) => {
    const group = instance.adminGroup(body.phone);
    for (const key of ['adminOnlyMessage', 'adminOnlySettings', 'requireAdminApproval', 'adminOnlyAddMember'] as const) {
      if (typeof body[key] === 'boolean') group[key] = body[key];
    }
    return VALUE_TRUE;
  },
};

for (const operationId of Object.keys(SENDS)) HANDLERS[operationId] = sendHandler(operationId);

function queueView(instance: SandboxInstance, q: SandboxInstance['queue'][number]): Record<string, unknown> {
  return {
    _id: q.zaapId.slice(0, 24).toLowerCase(),
    ZaapId: q.zaapId,
    MessageId: q.messageId,
    InstanceId: instance.instanceId,
    Phone: q.phone,
    Message: q.text,
    DelayMessage: q.delayMessage,
    DelayTyping: q.delayTyping,
    IsTrial: true,
    Created: q.created,
  };
}

export const MODELLED: ReadonlyMap<string, Handler> = new Map(Object.entries(HANDLERS));
