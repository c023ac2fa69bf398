export { startMock, type MockOptions, type RunningMock } from './mock.js';
export { DEFAULT_MAX_BODY_BYTES, type GatewayOptions } from './gateway.js';
// SpecOperation stays inside: its declaration lives in the private shared package, which users do not get.
export type { OpenApiDocument } from './routes.js';
export type { PrismExit } from './prism.js';
export { trigger, triggerableEvents, TriggerError, type TriggerOptions, type TriggerResult } from './trigger.js';
export { startSandbox, type RunningSandbox, type SandboxOptions, type WaitOptions } from './sandbox/sandbox.js';
export { SandboxError } from './sandbox/instance.js';
export {
  INBOUND_CONTENT_KEYS,
  type ContactSetup,
  type InboundContentKey,
  type InboundMessage,
  type InboundResult,
} from './sandbox/control.js';
export type { Delivery, DeliveryAttempt, FaultName, Faults } from './sandbox/deliveries.js';
