export {
  createZapiClient,
  createZapiPartnerClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type ZapiClient,
  type ZapiClientOptions,
  type ZapiPartnerClient,
  type ZapiPartnerClientOptions,
} from './client.js';
export { ZapiError, ZapiHttpError, ZapiNetworkError, ZapiTimeoutError } from './errors.js';
export type { CallArgs, InstanceOperationId, PartnerOperationId, RequestArgs, ResponseData } from './types.js';
export { operations, type OperationId } from '../../../generated/client/operations.js';
export type { paths, operations as OperationTypes, components } from '../../../generated/client/openapi.js';
