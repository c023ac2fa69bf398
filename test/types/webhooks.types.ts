// Compile-only checks of @zapi-kit/webhooks: event names and payload narrowing.
import { createWebhookDispatcher, parseWebhook } from '../../packages/webhooks/src/index.js';

const dispatcher = createWebhookDispatcher();

dispatcher.on('ReceivedCallback.image', (event) => {
  const url: string | undefined = event.payload.image.imageUrl;
  const name: 'ReceivedCallback.image' = event.name;
  void [url, name];
});
dispatcher.on('ReceivedCallback.waitingMessage', (event) => {
  const waiting: true = event.payload.waitingMessage;
  void waiting;
});
dispatcher.on(['MessageStatusCallback', 'PresenceChatCallback'], (event) => {
  const status: string = event.payload.status;
  void status;
});
dispatcher.on('ReceivedCallback', (event) => {
  if (event.name === 'ReceivedCallback.text') {
    const message: string = event.payload.text.message;
    void message;
  }
});

// @ts-expect-error not an event name
dispatcher.on('ReceivedCallback.selfie', () => undefined);
// @ts-expect-error Z-API's casing in one table, not an event name
dispatcher.on('ReceivedCallBack', () => undefined);
dispatcher.on('ReceivedCallback.text', (event) => {
  // @ts-expect-error a text event has no image
  const url: string = event.payload.image.imageUrl;
  void url;
});

const parsed = parseWebhook('{}');
if (parsed.kind === 'MessageStatusCallback') {
  const ids: string[] | undefined = parsed.payload.ids;
  // @ts-expect-error ids are strings
  const wrong: number[] | undefined = parsed.payload.ids;
  void [ids, wrong];
}

// Payload types list the documented fields only: a misspelled field is a compile error, not `unknown`.
dispatcher.on('ReceivedCallback.text', (event) => {
  // @ts-expect-error `mesage` is not a field of text (the field is `message`)
  const typo = event.payload.text.mesage;
  void typo;
});

// Open enumerations: the documented values are literals, and a value Z-API adds later still fits.
dispatcher.on('MessageStatusCallback', (event) => {
  const status: 'SENT' | 'RECEIVED' | 'READ' | 'READ_BY_ME' | 'PLAYED' | (string & {}) = event.payload.status;
  const later: typeof event.payload.status = 'DELIVERED_TO_ALL_DEVICES';
  // @ts-expect-error a status is a string, never a number
  const wrong: typeof event.payload.status = 3;
  void [status, later, wrong];
});
