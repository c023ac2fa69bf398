// Every send-* operation as a message: which ReceivedCallback variant it becomes (for the
// sent-by-me webhook and the chat's history) and its content in the received shape. Fields the
// request does not give come from that variant's documented example.
import { contentExample } from './examples.js';
import type { SandboxInstance, SendInput } from './instance.js';

// Request bodies are validated against the spec before they get here; `any` spares re-stating them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
type Build = (body: Body, params: Record<string, string>, instance: SandboxInstance) => SendInput;

/** A media field is a URL or base64; a received message carries a URL, so base64 keeps the example's. */
const mediaUrl = (value: unknown, fallback: unknown) => (typeof value === 'string' && /^https?:\/\//.test(value) ? value : fallback);

function message(variant: string, body: Body, content: Record<string, unknown>, extra: Partial<SendInput> = {}): SendInput {
  const clean = Object.fromEntries(Object.entries(content).filter(([, v]) => v !== undefined));
  return {
    phone: body.phone,
    variant,
    content: { ...contentExample(variant), ...clean },
    ...(body.delayMessage !== undefined && { delayMessage: body.delayMessage }),
    ...(body.delayTyping !== undefined && { delayTyping: body.delayTyping }),
    ...(typeof body.messageId === 'string' && { referenceMessageId: body.messageId }),
    ...extra,
  };
}

/** Status (story) posts go to WhatsApp's status broadcast, not to a chat. */
const STATUS = { phone: 'status@broadcast' };

function referenced(instance: SandboxInstance, body: Body, messageId: string) {
  const original = instance.messages.get(messageId);
  return { messageId, fromMe: original?.fromMe ?? false, phone: body.phone, participant: original?.participantPhone ?? null };
}

export const SENDS: Record<string, Build> = {
  sendText: (b) => message('text', b, { message: b.message }, b.editMessageId ? { editMessageId: b.editMessageId } : {}),
  sendImage: (b) =>
    message('image', b, {
      imageUrl: mediaUrl(b.image, contentExample('image').imageUrl),
      caption: b.caption ?? '',
      viewOnce: b.viewOnce ?? false,
    }),
  sendAudio: (b) => message('audio', b, { audioUrl: mediaUrl(b.audio, contentExample('audio').audioUrl), viewOnce: b.viewOnce }),
  sendVideo: (b) =>
    message('video', b, { videoUrl: mediaUrl(b.video, contentExample('video').videoUrl), caption: b.caption ?? '', viewOnce: b.viewOnce }),
  sendPtv: (b) => message('ptv', b, { videoUrl: mediaUrl(b.ptv, contentExample('ptv').videoUrl) }),
  sendGif: (b) => message('video', b, { videoUrl: mediaUrl(b.gif, contentExample('video').videoUrl), caption: b.caption ?? '' }),
  sendDocument: (b, p) =>
    message('document', b, {
      documentUrl: mediaUrl(b.document, contentExample('document').documentUrl),
      fileName: b.fileName ?? `document.${p.extension}`,
      caption: b.caption,
    }),
  sendSticker: (b) => message('sticker', b, { stickerUrl: mediaUrl(b.sticker, contentExample('sticker').stickerUrl) }),
  sendLocation: (b) =>
    message('location', b, { latitude: Number(b.latitude), longitude: Number(b.longitude), name: b.title, address: b.address }),
  sendContact: (b) =>
    message('contact', b, {
      displayName: b.contactName,
      phones: [b.contactPhone],
      vCard: `BEGIN:VCARD\nVERSION:3.0\nFN:${b.contactName}\nTEL;type=CELL;waid=${b.contactPhone}:+${b.contactPhone}\nEND:VCARD`,
    }),
  sendContacts: (b) => {
    const first = b.contacts[0];
    return message('contact', b, {
      displayName: first.name,
      phones: first.phones,
      vCard: `BEGIN:VCARD\nVERSION:3.0\nFN:${first.name}\nTEL;type=CELL;waid=${first.phones[0]}:+${first.phones[0]}\nEND:VCARD`,
    });
  },
  sendLink: (b) => message('text', b, { message: b.message, url: b.linkUrl, title: b.title, description: b.linkDescription }),
  sendPoll: (b) =>
    message('poll', b, {
      question: b.message,
      pollMaxOptions: b.pollMaxOptions ?? 0,
      options: b.poll.map((o: Body) => ({ name: o.name })),
    }),
  sendPollVote: (b) => message('pollVote', b, { pollMessageId: b.pollMessageId, options: b.pollVote.map((o: Body) => ({ name: o.name })) }),
  sendReaction: (b, _p, i) =>
    message(
      'reaction',
      b,
      { value: b.reaction, time: Date.now(), reactionBy: i.phone, referencedMessage: referenced(i, b, b.messageId) },
      { referenceMessageId: undefined },
    ),
  sendRemoveReaction: (b, _p, i) =>
    message(
      'reaction',
      b,
      { value: '', time: Date.now(), reactionBy: i.phone, referencedMessage: referenced(i, b, b.messageId) },
      { referenceMessageId: undefined },
    ),
  sendButtonActions: (b) => message('buttonsMessage', b, { message: b.message }),
  sendButtonList: (b) => message('buttonsMessage', b, { message: b.message }),
  sendOptionList: (b) => message('buttonsMessage', b, { message: b.message }),
  sendButtonOtp: (b) => message('hydratedTemplate', b, { message: b.message }),
  sendButtonPix: (b) => message('pixKeyMessage', b, { key: b.pixKey, keyType: b.type, merchantName: b.merchantName }),
  sendCarousel: (b) => message('carouselMessage', b, { text: b.message }),
  sendCatalog: (b) =>
    message('text', b, {
      message: b.message ?? b.title ?? `https://wa.me/c/${b.catalogPhone}`,
      title: b.title,
      description: b.catalogDescription,
    }),
  sendProduct: (b) => message('product', b, { productId: b.productId }),
  sendOrder: (b) => message('order', b, {}),
  updateOrderPayment: (b) => message('order', b, {}, { referenceMessageId: b.messageId }),
  updateOrderStatus: (b) => message('order', b, {}, { referenceMessageId: b.messageId }),
  sendEvent: (b) => message('event', b, { name: b.event?.name, description: b.event?.description }),
  sendEditEvent: (b) =>
    message('event', b, { name: b.event?.name, description: b.event?.description }, { referenceMessageId: b.eventMessageId }),
  sendEventResponse: (b) => message('eventResponse', b, {}, { referenceMessageId: b.eventMessageId }),
  sendNewsletterAdminInvite: (b) => message('newsletterAdminInvite', b, {}),
  pinMessage: (b, _p, i) =>
    message(
      'pinMessage',
      b,
      { action: b.messageAction, referencedMessage: referenced(i, b, b.messageId) },
      { referenceMessageId: undefined },
    ),
  forwardMessage: (b, _p, i) => {
    const original = i.messages.get(b.messageId);
    return {
      phone: b.phone,
      variant: original?.variant ?? 'text',
      content: original ? structuredClone(original.content) : { message: '' },
      ...(b.delayMessage !== undefined && { delayMessage: b.delayMessage }),
    };
  },
  replyStatusText: (b) => message('text', b, { message: b.message }, { referenceMessageId: b.statusMessageId }),
  replyStatusGif: (b) =>
    message('video', b, { videoUrl: mediaUrl(b.gif, contentExample('video').videoUrl) }, { referenceMessageId: b.statusMessageId }),
  replyStatusSticker: (b) =>
    message(
      'sticker',
      b,
      { stickerUrl: mediaUrl(b.sticker, contentExample('sticker').stickerUrl) },
      { referenceMessageId: b.statusMessageId },
    ),
  sendTextStatus: (b) => message('text', { ...b, ...STATUS }, { message: b.message }, { status: true }),
  sendImageStatus: (b) =>
    message(
      'image',
      { ...b, ...STATUS },
      { imageUrl: mediaUrl(b.image, contentExample('image').imageUrl), caption: b.caption ?? '' },
      { status: true },
    ),
  sendVideoStatus: (b) =>
    message(
      'video',
      { ...b, ...STATUS },
      { videoUrl: mediaUrl(b.video, contentExample('video').videoUrl), caption: b.caption ?? '' },
      { status: true },
    ),
};
