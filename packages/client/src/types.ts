// Type-level view of one operation, derived from the types openapi-typescript generated: what a
// call takes (path, query, body) and what it resolves to.
import type { operations as InstanceOperations } from '../../../generated/client/instance.js';
import type { operations as PartnerOperations } from '../../../generated/client/partner.js';
import type { InstanceOperationId, PartnerOperationId } from '../../../generated/client/operations.js';

export type { InstanceOperationId, PartnerOperationId };

type OperationTypes<K> = K extends keyof InstanceOperations
  ? InstanceOperations[K]
  : K extends keyof PartnerOperations
    ? PartnerOperations[K]
    : never;

/** `{ name: T }` when the part is required, `{ name?: T }` when optional, `{ name?: never }` when absent. */
type Part<T, Name extends string> = [Exclude<T, undefined>] extends [never]
  ? { [N in Name]?: never }
  : undefined extends T
    ? { [N in Name]?: Exclude<T, undefined> }
    : { [N in Name]: T };

type JsonOf<Content> = Content extends { 'application/json': infer J } ? J : never;

type BodyPart<O> = O extends { requestBody: infer RB }
  ? { body: JsonOf<(RB & { content: unknown })['content']> }
  : O extends { requestBody?: infer RB }
    ? [Exclude<RB, undefined>] extends [never]
      ? { body?: never }
      : { body?: JsonOf<(Exclude<RB, undefined> & { content: unknown })['content']> }
    : { body?: never };

type ParametersOf<O> = O extends { parameters: infer P } ? P : { path?: never; query?: never };

/** What a call of operation `K` takes. */
export type RequestArgs<K> = Part<ParametersOf<OperationTypes<K>> extends { path?: infer X } ? X : never, 'path'> &
  Part<ParametersOf<OperationTypes<K>> extends { query?: infer X } ? X : never, 'query'> &
  BodyPart<OperationTypes<K>> & {
    /** Abort the call. */
    signal?: AbortSignal;
    /** Overrides the client's timeout for this call, in milliseconds. */
    timeoutMs?: number;
  };

type SuccessResponse<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? R[S] : never }[keyof R]
  : never;

type DataOf<Response> = Response extends { content: infer C }
  ? C extends { 'application/json': infer J }
    ? J
    : C extends { 'text/plain': unknown }
      ? string
      : Uint8Array
  : undefined;

/** What a call of operation `K` resolves to: the parsed JSON, the text, or the bytes of a binary answer. */
export type ResponseData<K> = DataOf<SuccessResponse<OperationTypes<K>>>;

type RequiredKeys<T> = { [P in keyof T]-?: undefined extends T[P] ? never : P }[keyof T];

/** The rest-parameters of a call: the arguments may be left out when nothing in them is required. */
export type CallArgs<K> = [RequiredKeys<RequestArgs<K>>] extends [never] ? [args?: RequestArgs<K>] : [args: RequestArgs<K>];
