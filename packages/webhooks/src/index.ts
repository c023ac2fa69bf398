// @zapi-kit/webhooks: the payload types and compiled validators generated from spec/schemas.
// The parser, dispatcher, HTTP handlers and CLI build on these (see the webhooks issue).
export type * from '../../../generated/webhooks/types.js';
export { webhookKinds } from '../../../generated/webhooks/types.js';
export {
  validateConnectedCallback,
  validateDeliveryCallback,
  validateDisconnectedCallback,
  validateMessageStatusCallback,
  validatePresenceChatCallback,
  validateReceivedCallback,
  type ValidateFunction,
  type ValidationError,
} from '../../../generated/webhooks/validators.js';
