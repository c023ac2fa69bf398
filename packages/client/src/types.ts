// Type-level view of one operation, derived from the types openapi-typescript generated: what a
// call takes (path, query, body) and what it resolves to.
import type { operations as InstanceOperations } from './generated/instance.js';
import type { operations as PartnerOperations } from './generated/partner.js';
import type { InstanceOperationId, PartnerOperationId } from './generated/operations.js';

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
  BodyPart<OperationTypes<K>> &
  CallOptions;

type SuccessResponse<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? R[S] : never }[keyof R]
  : never;
// A response without content is typed `content?: never` by openapi-typescript: it resolves to undefined.

type DataOf<Response> = Response extends { content: infer C }
  ? [C] extends [never] | [undefined]
    ? undefined
    : C extends { 'application/json': infer J }
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

/** Per-call options of a generated method. */
export interface CallOptions {
  /** Abort the call. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /**
   * `true` retries this call even if the operation is not safe to repeat (a send: you accept a
   * possible duplicate message); `false` never retries it; an object also tunes the policy.
   */
  retry?: boolean | import('./retry.js').RetryOptions;
}

// Distributes over unions, so a body that is one of several shapes keeps each shape's keys.
type Simplify<T> = T extends unknown ? { [K in keyof T]: T[K] } : never;

/** Adds no key to an intersection. */
type NoKeys = Record<never, never>;

/** A part of the request flattened into the params object: required, optional or absent. */
type Flat<T> = [Exclude<T, undefined>] extends [never] ? NoKeys : undefined extends T ? Partial<Exclude<T, undefined>> : T;

type RequestBodyJson<O> = O extends { requestBody: infer RB }
  ? JsonOf<(RB & { content: unknown })['content']>
  : O extends { requestBody?: infer RB }
    ? JsonOf<(Exclude<RB, undefined> & { content: unknown })['content']> | undefined
    : never;

type BodyParams<O> = [Exclude<RequestBodyJson<O>, undefined>] extends [never]
  ? NoKeys
  : Exclude<RequestBodyJson<O>, undefined> extends readonly unknown[]
    ? Part<RequestBodyJson<O>, 'body'>
    : Flat<RequestBodyJson<O>>;

/** The one object a generated method takes: path parameters, query parameters and body fields together. */
export type MethodParams<K> = Simplify<
  Flat<ParametersOf<OperationTypes<K>> extends { path?: infer X } ? X : never> &
    Flat<ParametersOf<OperationTypes<K>> extends { query?: infer X } ? X : never> &
    BodyParams<OperationTypes<K>>
>;

/** A generated method's parameters: the params may be left out when none is required. */
export type MethodArgs<K> = [RequiredKeys<MethodParams<K>>] extends [never]
  ? [params?: MethodParams<K>, options?: CallOptions]
  : [params: MethodParams<K>, options?: CallOptions];

/** The method of operation `K`: one params object and the call options, resolving to the answer. */
export type MethodOf<K> = (...args: MethodArgs<K>) => Promise<ResponseData<K>>;

/** Each instance operation's method type, for the generated `InstanceMethods` interface. */
export type InstanceMethodTypes = { [K in InstanceOperationId]: MethodOf<K> };

/** Each partner operation's method type, for the generated `PartnerMethods` interface. */
export type PartnerMethodTypes = { [K in PartnerOperationId]: MethodOf<K> };
