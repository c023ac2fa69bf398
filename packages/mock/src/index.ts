export { startMock, type MockOptions, type RunningMock } from './mock.js';
export { createGateway, DEFAULT_MAX_BODY_BYTES, type GatewayOptions } from './gateway.js';
export { createSpecValidator, describeErrors, pointer, type SpecValidator } from './spec-validator.js';
export type { OpenApiDocument, SpecOperation } from './routes.js';
export { trigger, triggerableEvents, type TriggerOptions, type TriggerResult } from './trigger.js';
