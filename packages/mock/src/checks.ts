// The checks Z-API makes before it acts on a request, one function each, so that every front of the
// mock (the Prism gateway, the stateful sandbox) refuses the same requests with the same words.
// Each throws a ZapiRefusal; `refuse` writes it in Z-API's error shape, `{"error": "..."}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, INSTANCE_PREFIX, readBodyWithLimit, readOperations, redact, type SpecOperation } from '@zapi-kit/shared';
import {
  buildMistakes,
  buildRoutes,
  closestTemplate,
  findMistake,
  matchRoute,
  parameterCheck,
  type Mistake,
  type Route,
} from './routes.js';
import { createSpecValidator, describeErrors, type SpecValidator } from './spec-validator.js';

/**
 * A request Z-API would refuse: the status and the sentence of its `{"error": "..."}` body, and the
 * reason the log shows when Z-API's own sentence does not say it (`null not allowed`).
 */
export class ZapiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly logReason?: string,
  ) {
    super(message);
  }
}

/** The secrets a request carries in headers (Client-Token, partner bearer token), to redact from what is shown. */
export function requestSecrets(req: IncomingMessage): string[] {
  return [req.headers['client-token'], req.headers.authorization?.replace(/^Bearer\s+/i, '')].filter(
    (s): s is string => typeof s === 'string',
  );
}

// Paths are echoed in refusals and logs; a 15 KB one is shown by its start and its length.
const SHOWN_PATH_CHARS = 200;

/** A path as refusals and logs show it: instance token and secrets redacted, then cut to a readable length. */
export function showPath(pathname: string, secrets: string[]): string {
  const shown = redact(pathname, secrets);
  return shown.length <= SHOWN_PATH_CHARS ? shown : `${shown.slice(0, SHOWN_PATH_CHARS)}… (${shown.length} characters)`;
}

/**
 * The log line of one request: method, path (as parsed when it can be, never the raw target), status,
 * the reason of a refusal, and the time taken; secrets redacted.
 */
export function requestLine(
  req: IncomingMessage,
  shown: string | undefined,
  status: number,
  ms: number,
  secrets: string[],
  refusal?: ZapiRefusal,
): string {
  const path =
    shown ??
    (URL.canParse(req.url ?? '', 'http://mock.invalid') && req.url?.startsWith('/')
      ? new URL(req.url, 'http://mock.invalid').pathname
      : undefined);
  const reason = refusal ? ` ${refusal.logReason ?? refusal.message}` : '';
  return redact(
    `${req.method} ${path ? showPath(path, secrets) : '(a target that is not a path)'} → ${status}${reason} (${Math.round(ms)} ms)`,
    secrets,
  );
}

/**
 * The request target as a URL, refused unless it is a plain path (origin-form) whose percent-encoding
 * is valid. An absolute-form target (`GET http://elsewhere/...`) is what a client sends to a proxy;
 * the mock is none.
 */
export function checkRequestTarget(req: IncomingMessage): URL {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//')) {
    throw new ZapiRefusal(400, `The request target must be a path such as ${INSTANCE_PREFIX}/status: this server is not a proxy`);
  }
  try {
    decodeURIComponent(target);
  } catch {
    throw new ZapiRefusal(
      400,
      'Malformed percent-encoding in the request target: "%" must be followed by two hex digits that encode UTF-8',
    );
  }
  return new URL(target, 'http://mock.invalid');
}

/** Z-API's REST API is plain HTTP: a connection upgrade (WebSocket, h2c) is refused. */
export function checkNoUpgrade(req: IncomingMessage): void {
  const upgrade = req.headers.upgrade;
  if (upgrade !== undefined) {
    throw new ZapiRefusal(400, `Upgrade to ${JSON.stringify(upgrade)} is not supported: Z-API's REST API is plain HTTP, without WebSocket`);
  }
}

/** The operation a request is for, or a 404/405 refusal that names the right call when it can. */
export function findOperation(
  routes: Route[],
  mistakes: Mistake[],
  method: string,
  url: URL,
  secrets: string[],
): { operation: SpecOperation; pathParams: Record<string, string> } {
  const match = matchRoute(routes, method, url.pathname);
  if (match.kind === 'operation') return match;
  const shown = showPath(url.pathname, secrets);
  const mistake = findMistake(mistakes, method, url.pathname);
  if (mistake) {
    const { method: right, path, operationId } = mistake.operation;
    throw new ZapiRefusal(404, `Unknown path: ${method} ${shown}; ${operationId} is ${right.toUpperCase()} ${path}`);
  }
  if (match.kind === 'unknown-path') {
    const guess = closestTemplate(routes, url.pathname);
    throw new ZapiRefusal(404, `Unknown path: ${method} ${shown}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  throw new ZapiRefusal(405, `Method ${method} is not allowed on ${shown}; use ${match.allowed.join(' or ')}`, {
    allow: match.allowed.join(', '),
  });
}

export function checkCredentials(req: IncomingMessage, operation: SpecOperation, expectedClientToken: string | undefined): void {
  if (operation.scope === 'none') return; // the sandbox's control API (`security: []`)
  if (operation.scope === 'partner') {
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      throw new ZapiRefusal(401, 'Unauthorized: partner operations need the partner token as "Authorization: Bearer <token>"');
    }
    return;
  }
  const clientToken = req.headers['client-token'];
  // Z-API's own sentence for a missing Client-Token on an account whose security token is active.
  if (typeof clientToken !== 'string' || clientToken.trim() === '') {
    throw new ZapiRefusal(400, 'null not allowed', {}, 'Client-Token missing (Z-API answers "null not allowed")');
  }
  if (expectedClientToken !== undefined && clientToken !== expectedClientToken) {
    throw new ZapiRefusal(400, 'your client-token is not configured');
  }
}

/** The whole body, refused with 413 as soon as it passes `limit` bytes (declared or streamed). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  try {
    return Buffer.from(await readBodyWithLimit(req, limit, declared));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ZapiRefusal(413, `Request body is over the limit of ${limit} bytes`);
    throw error;
  }
}

export function checkParameters(validator: SpecValidator, operation: SpecOperation, pathParams: Record<string, string>, url: URL): void {
  for (const location of ['path', 'query'] as const) {
    const check = parameterCheck(operation, location, pathParams, url);
    if (!check) continue;
    const validate = validator.compile(check.schema, `${operation.operationId}:${location}`);
    if (!validate(check.values)) {
      throw new ZapiRefusal(400, `Invalid request: ${describeErrors(validate.errors, location).join('; ')}`);
    }
  }
}

/**
 * The body parsed and valid against the operation's schema, or a refusal. `forValidation` maps the
 * body to what the schema sees (the sandbox accepts `http://` webhook URLs on loopback).
 */
export function checkBody(
  validator: SpecValidator,
  req: IncomingMessage,
  operation: SpecOperation,
  raw: Buffer,
  forValidation?: (operation: SpecOperation, body: unknown) => unknown,
): unknown {
  if (operation.body.kind === 'none' || !operation.body.schemaPointer) return undefined;
  const hasBody = raw.length > 0;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((hasBody || operation.body.required) && contentType !== 'application/json') {
    throw new ZapiRefusal(415, `Content-Type must be application/json, got ${contentType ? JSON.stringify(contentType) : 'none'}`);
  }
  if (!hasBody) {
    if (operation.body.required) throw new ZapiRefusal(400, 'Invalid request: body is required');
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ZapiRefusal(400, `Malformed JSON body: ${(error as Error).message}`);
  }
  const validate = validator.schemaAt(operation.body.schemaPointer);
  if (!validate(forValidation ? forValidation(operation, body) : body)) {
    throw new ZapiRefusal(400, `Invalid request: ${describeErrors(validate.errors, 'body').join('; ')}`);
  }
  return body;
}

export interface RequestCheckOptions {
  /** When set, instance calls must carry exactly this Client-Token; otherwise any non-empty one passes. */
  clientToken?: string;
  /** Largest request body accepted, in bytes (413 beyond); default 32 MiB. */
  maxBodyBytes?: number;
  /** What the schema sees instead of the body. */
  forValidation?: (operation: SpecOperation, body: unknown) => unknown;
}

/** A request that passed every check: the operation it calls, its parameters and its body. */
export interface CheckedRequest {
  operation: SpecOperation;
  pathParams: Record<string, string>;
  url: URL;
  raw: Buffer;
  body: unknown;
}

export interface RequestChecks {
  /** Throws a ZapiRefusal (400, 401, 404, 405, 413, 415) when Z-API would refuse the request. */
  check(req: IncomingMessage): Promise<CheckedRequest>;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Z-API's checks on a request to an operation of `doc`, in the order Z-API applies them. */
export function createRequestChecks(doc: object, options: RequestCheckOptions = {}): RequestChecks {
  const routes = buildRoutes(readOperations(doc));
  const mistakes = buildMistakes(routes);
  const validator = createSpecValidator(doc);
  const paramValidator = createSpecValidator(doc, { coerceTypes: true });
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async check(req) {
      const url = checkRequestTarget(req);
      checkNoUpgrade(req);
      const { operation, pathParams } = findOperation(routes, mistakes, req.method ?? 'GET', url, requestSecrets(req));
      checkCredentials(req, operation, options.clientToken);
      const raw = await readBody(req, limit);
      checkParameters(paramValidator, operation, pathParams, url);
      const body = checkBody(validator, req, operation, raw, options.forValidation);
      return { operation, pathParams, url, raw, body };
    },
  };
}

// A refused request's unread body is still read and thrown away, so that a client still uploading
// gets the answer rather than a reset (closing a socket with unread data resets it, and the reset can
// overtake the answer). Up to a bound: past it the connection is cut, so a refused 10 GB upload
// costs 64 MiB of reading and no memory.
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** Answers with Z-API's error body, secrets redacted, and disposes of what is left of the request. */
export function refuse(res: ServerResponse, refusal: ZapiRefusal, secrets: string[]): void {
  const { req } = res;
  const body = JSON.stringify({ error: redact(refusal.message, secrets) });
  res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...refusal.headers });
  res.end(body);
  if (req.complete) return;
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}
