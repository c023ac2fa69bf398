import type { InstanceMethods as InstanceMethodDocs, PartnerMethods as PartnerMethodDocs } from './generated/methods.js';
import type { OperationId } from './generated/operations.js';
import { contextOf, createCaller, type Caller } from './call.js';
import { bindFlatMethods, bindGroupedMethods, invoke } from './methods.js';
import { instanceTarget, partnerTarget, type ZapiClientOptions, type ZapiPartnerClientOptions } from './options.js';
import { createPaginator, type Paginator } from './paginate.js';
import type { InstanceMethodTypes, InstanceOperationId, PartnerMethodTypes, PartnerOperationId } from './types.js';

export { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, type ZapiClientOptions, type ZapiPartnerClientOptions } from './options.js';

/** The instance client's methods: `zapi.<tag>.<operationId>(params, options)`, documented from the spec. */
export type InstanceMethods = InstanceMethodDocs<InstanceMethodTypes>;
/** The partner client's methods: `partner.<operationId>(params, options)`. */
export type PartnerMethods = PartnerMethodDocs<PartnerMethodTypes>;

// The openapi-fetch clients (`raw`) live in `@zapi-kit/client/raw`: createZapiRawClient takes the same options.
export type ZapiClient = InstanceMethods & {
  readonly instanceId: string;
  /** Calls an instance operation by its operationId with explicit parts: `zapi.call('updateName', { body: { value: 'Shop' } })`. */
  readonly call: Caller<InstanceOperationId>;
  /** Iterates every item of a paged list operation. */
  readonly paginate: Paginator<InstanceOperationId>;
};

export type ZapiPartnerClient = PartnerMethods & {
  /** Calls a partner operation by its operationId: `partner.call('listInstances', { query: { page: 1, pageSize: 10 } })`. */
  readonly call: Caller<PartnerOperationId>;
  /** Iterates every item of a paged list: `for await (const instance of partner.paginate('listInstances', { pageSize: 50 }))`. */
  readonly paginate: Paginator<PartnerOperationId>;
};

export function createZapiClient(options: ZapiClientOptions): ZapiClient {
  const context = contextOf(instanceTarget(options), options);
  return {
    ...(bindGroupedMethods(context, 'instance') as unknown as InstanceMethods),
    instanceId: options.instanceId,
    call: createCaller<InstanceOperationId>(context, 'instance'),
    paginate: createPaginator((id: OperationId, params, opts) => invoke(context, id, params, opts)),
  };
}

export function createZapiPartnerClient(options: ZapiPartnerClientOptions): ZapiPartnerClient {
  const context = contextOf(partnerTarget(options), options);
  return {
    ...(bindFlatMethods(context, 'partner') as unknown as PartnerMethods),
    call: createCaller<PartnerOperationId>(context, 'partner'),
    paginate: createPaginator((id: OperationId, params, opts) => invoke(context, id, params, opts)),
  };
}
