// @zapi-kit/webhooks: parse, validate and route the webhooks Z-API sends, with types generated
// from spec/schemas.
export type * from './generated/types.js';
export { knownFields, webhookEventNames, webhookKinds, webhookVariants } from './generated/types.js';
// One validate<Kind> per webhook kind, as generated: a new kind needs no edit here.
export * from './generated/validators.js';
export { WebhookError, WebhookHandlerError, type WebhookErrorCode } from './errors.js';
export { parseWebhook, type ParseOptions, type WebhookEvent, type WebhookWarning } from './parse.js';
export {
  createWebhookDispatcher,
  WebhookDispatcher,
  type ErrorHandler,
  type EventFor,
  type WebhookEventPattern,
  type WebhookHandler,
} from './dispatcher.js';
export {
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  handleWebhook,
  receiveWebhook,
  type IncomingWebhook,
  type WebhookAnswer,
  type WebhookHandlerOptions,
  type WebhookReceipt,
} from './http/handle.js';
export { createNodeWebhookHandler } from './http/node.js';
export { createFetchWebhookHandler } from './http/fetch.js';
export { timingSafeEqual } from './http/timing-safe.js';
export {
  createWebhookInbox,
  WebhookInbox,
  type DeliverySummary,
  type InboxWorker,
  type ProcessOptions,
  type WebhookInboxOptions,
} from './inbox/inbox.js';
export { openStore, type DeliveryFeed, type DeliveryOutcome, type InboxStore, type ListFilter } from './inbox/store.js';
export { deliveryKeyOf, type DeliveryStatus, type NewDelivery, type StoredDelivery } from './inbox/delivery.js';
export { messageStatusOrder, messageStatusRank, reduceMessageStatus, type MessageStatus } from './inbox/status.js';
