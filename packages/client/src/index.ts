export {
  createZapiClient,
  createZapiPartnerClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type InstanceMethods,
  type PartnerMethods,
  type ZapiClient,
  type ZapiClientOptions,
  type ZapiPartnerClient,
  type ZapiPartnerClientOptions,
} from './client.js';
export { ZapiAbortError, ZapiError, ZapiHttpError, ZapiNetworkError, ZapiResponseError, ZapiTimeoutError } from './errors.js';
export { paginateWith, type ItemOf, type PaginatedOperationId, type PaginateParams, type Pagination } from './paginate.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
export type {
  CallArgs,
  CallOptions,
  InstanceOperationId,
  MethodArgs,
  MethodParams,
  PartnerOperationId,
  RequestArgs,
  ResponseData,
} from './types.js';
export { operations, type OperationId } from './generated/operations.js';
// The schemas of the spec (`components['schemas']['SendResult']`); the paths and operations stay internal.
export type { components } from './generated/openapi.js';
