// Types of the operation model (spec-model.js): the one description of an operation that the
// generator, the client table, the mock's routes and the tests share.

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type Scope = 'instance' | 'partner' | 'none';
export type ResponseKind = 'json' | 'text' | 'binary' | 'empty';
export type BodyKind = 'object' | 'raw' | 'none';

export interface ModelParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: object;
  example?: unknown;
}

export interface ModelBody {
  kind: BodyKind;
  required?: boolean;
  /** Where the body's schema is, as a JSON pointer fragment into the bundled document. */
  schemaPointer?: string;
  /** The properties an object body (or any branch of its union) may have. */
  fields?: string[];
  example?: unknown;
}

export interface ModelResponse {
  status: number;
  kind: ResponseKind;
  mediaType?: string;
  schemaPointer?: string;
  example?: unknown;
}

/** A documented response: each media type with the pointer to its schema (null when it has none). */
export interface ModelDocumentedResponse {
  content: Record<string, string | null>;
}

export interface Pagination {
  style: 'page' | 'cursor';
  items?: string;
  cursor?: string;
  next?: string;
}

/** One operation of the spec. */
export interface SpecOperation {
  operationId: string;
  tag: string;
  /** The client property the tag's methods hang from: `Messages` → `messages`. */
  tagProperty: string;
  method: HttpMethod;
  /** The path template in the document. */
  path: string;
  /** The path the client calls: relative to the instance base URL for instance operations. */
  clientPath: string;
  /** `instance`: credentials in the path and the Client-Token header; `partner`: the partner bearer token; `none`: `security: []` (the sandbox's control API). */
  scope: Scope;
  parameters: ModelParameter[];
  /** Path parameters the caller gives (the instance client binds instanceId and token itself). */
  pathParams: string[];
  queryParams: string[];
  body: ModelBody;
  /** How a successful answer is read (the first 2xx response). */
  response: ModelResponse;
  /** Every documented response, keyed as the document keys them: `200`, `4XX`, `default`. */
  responses: Record<string, ModelDocumentedResponse>;
  /** Safe to repeat: retried on network errors, 429 and 5xx. */
  idempotent: boolean;
  pagination: Pagination | null;
  /** `METHOD /path` pairs integrators call by mistake for this operation (relative to the instance). */
  mistakenPaths: string[];
  summary: string;
  description: string;
}

export declare const HTTP_METHODS: readonly HttpMethod[];
export declare const INSTANCE_PREFIX: '/instances/{instanceId}/token/{token}';
export declare const INSTANCE_PARAMETERS: readonly string[];
export declare function instancePrefix(instanceId: string, token: string): string;
export declare function instancePrefixPattern(flags?: string): RegExp;
export declare function templatePath(pathname: string): string;
export declare function documentedResponse(
  operation: SpecOperation,
  status: number,
): (ModelDocumentedResponse & { key: string }) | undefined;
export declare function pointerOf(...keys: Array<string | number>): string;
export declare function tagProperty(tag: string): string;
/** Follows local `$ref`s; `node` is whatever the document holds there (its shape is the caller's to know). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function createResolver(doc: object): (node: unknown, pointer?: string) => { node: any; pointer: string | undefined };
export declare function readOperations(doc: object): SpecOperation[];
