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
export { paginateWith, type ItemOf, type PaginatedOperationId, type PaginateParams, type Pagination } from './paginate.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry.js';
export type { CallArgs, CallOptions, InstanceOperationId, MethodArgs, MethodParams, PartnerOperationId, RequestArgs, ResponseData } from './types.js';
export type { InstanceMethods, PartnerMethods } from '../../../generated/client/methods.js';
export { operations, type OperationId } from '../../../generated/client/operations.js';
export type { paths, operations as OperationTypes, components } from '../../../generated/client/openapi.js';
