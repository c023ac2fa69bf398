// The front of the mock: answers the way Z-API does before a request reaches Prism (credentials,
// content type, body size, JSON, schema), then lets Prism produce the documented response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLargeError, readBodyWithLimit, readOperations, redact, type SpecOperation } from '@zapi-kit/shared';
import { buildMistakes, buildRoutes, closestTemplate, findMistake, matchRoute, type OpenApiDocument, type Route } from './routes.js';
import { createSpecValidator, describeErrors, type SpecValidator } from './spec-validator.js';

export interface GatewayOptions {
  /** Where Prism listens. */
  prismUrl: string;
  doc: OpenApiDocument;
  /** Largest request body accepted, in bytes (413 beyond). Z-API takes media as base64, so the default is generous: 32 MiB. */
  maxBodyBytes?: number;
  /** When set, instance calls must carry exactly this Client-Token; otherwise any non-empty one passes. */
  clientToken?: string;
  /** Receives one line per request, with every secret redacted. */
  log?: (line: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Z-API's error body. */
class ZapiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  try {
    return Buffer.from(await readBodyWithLimit(req, limit, declared));
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new ZapiRefusal(413, `Request body is over the limit of ${limit} bytes`);
    throw error;
  }
}

function checkCredentials(req: IncomingMessage, operation: SpecOperation, expectedClientToken: string | undefined): void {
  if (operation.scope === 'partner') {
    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      throw new ZapiRefusal(401, 'Unauthorized: partner operations need the partner token as "Authorization: Bearer <token>"');
    }
    return;
  }
  const clientToken = req.headers['client-token'];
  // Z-API's own sentence for a missing Client-Token on an account whose security token is active.
  if (typeof clientToken !== 'string' || clientToken.trim() === '') throw new ZapiRefusal(400, 'null not allowed');
  if (expectedClientToken !== undefined && clientToken !== expectedClientToken) {
    throw new ZapiRefusal(400, 'your client-token is not configured');
  }
}

function checkParameters(validator: SpecValidator, operation: SpecOperation, pathParams: Record<string, string>, url: URL): void {
  for (const location of ['path', 'query'] as const) {
    const params = operation.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const values =
      location === 'path' ? pathParams : Object.fromEntries(params.filter((p) => url.searchParams.has(p.name)).map((p) => [p.name, url.searchParams.get(p.name)]));
    const schema = {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
      required: params.filter((p) => p.required).map((p) => p.name),
    };
    const validate = validator.compile(schema, `${operation.operationId}:${location}`);
    if (!validate(values)) {
      throw new ZapiRefusal(400, `Invalid request: ${describeErrors(validate.errors, location).join('; ')}`);
    }
  }
}

function checkBody(validator: SpecValidator, req: IncomingMessage, operation: SpecOperation, raw: Buffer): void {
  if (operation.body.kind === 'none' || !operation.body.schemaPointer) return;
  const hasBody = raw.length > 0;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((hasBody || operation.body.required) && contentType !== 'application/json') {
    throw new ZapiRefusal(415, `Content-Type must be application/json, got ${contentType ? JSON.stringify(contentType) : 'none'}`);
  }
  if (!hasBody) {
    if (operation.body.required) throw new ZapiRefusal(400, 'Invalid request: body is required');
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ZapiRefusal(400, `Malformed JSON body: ${(error as Error).message}`);
  }
  const validate = validator.schemaAt(operation.body.schemaPointer);
  if (!validate(body)) {
    throw new ZapiRefusal(400, `Invalid request: ${describeErrors(validate.errors, 'body').join('; ')}`);
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const isBinaryMediaType = (type: string) => /^(image|audio|video)\/|^application\/(octet-stream|pdf)/i.test(type);

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function forward(prismUrl: string, req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<number> {
  const headers = Object.entries(req.headers).flatMap(([k, v]) =>
    HOP_BY_HOP.has(k) || v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v] as [string, string]],
  );
  const upstream = await fetch(`${prismUrl}${req.url}`, {
    method: req.method,
    headers,
    ...(raw.length > 0 && { body: new Uint8Array(raw) }),
  });
  const type = upstream.headers.get('content-type');
  let payload = Buffer.from(await upstream.arrayBuffer());
  // Prism serves an example as written in the spec, and binary examples (the QR code PNG) can only
  // be written there as base64: send the bytes the media type promises.
  if (type && isBinaryMediaType(type) && BASE64.test(payload.toString('latin1'))) {
    payload = Buffer.from(payload.toString('latin1'), 'base64');
  }
  const out: Record<string, string> = { 'content-length': String(payload.length) };
  if (type) out['content-type'] = type;
  res.writeHead(upstream.status, out).end(payload);
  return upstream.status;
}

function refuse(res: ServerResponse, refusal: ZapiRefusal, secrets: string[]): void {
  const body = JSON.stringify({ error: redact(refusal.message, secrets) });
  res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...refusal.headers }).end(body);
}

export function createGateway(options: GatewayOptions): Server {
  const routes: Route[] = buildRoutes(readOperations(options.doc));
  const mistakes = buildMistakes(routes);
  const validator = createSpecValidator(options.doc);
  const paramValidator = createSpecValidator(options.doc, { coerceTypes: true });
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log;

  return createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const secrets = [req.headers['client-token'], req.headers.authorization?.replace(/^Bearer\s+/i, '')].filter(
      (s): s is string => typeof s === 'string',
    );
    let status = 500;
    try {
      const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
      const mistake = match.kind === 'operation' ? undefined : findMistake(mistakes, req.method ?? 'GET', url.pathname);
      if (mistake) {
        const { method, path, operationId } = mistake.operation;
        throw new ZapiRefusal(404, `Unknown path: ${req.method} ${url.pathname}; ${operationId} is ${method.toUpperCase()} ${path}`);
      }
      if (match.kind === 'unknown-path') {
        const guess = closestTemplate(routes, url.pathname);
        throw new ZapiRefusal(404, `Unknown path: ${req.method} ${url.pathname}${guess ? ` (did you mean ${guess}?)` : ''}`);
      }
      if (match.kind === 'method-not-allowed') {
        throw new ZapiRefusal(405, `Method ${req.method} is not allowed on ${url.pathname}; use ${match.allowed.join(' or ')}`, {
          allow: match.allowed.join(', '),
        });
      }
      const { operation, pathParams } = match;
      checkCredentials(req, operation, options.clientToken);
      const raw = await readBody(req, limit);
      checkParameters(paramValidator, operation, pathParams, url);
      checkBody(validator, req, operation, raw);
      status = await forward(options.prismUrl, req, res, raw);
    } catch (error) {
      const refusal = error instanceof ZapiRefusal ? error : new ZapiRefusal(502, `Mock failure: ${(error as Error).message}`);
      status = refusal.status;
      req.resume(); // drain what was not read, so the answer reaches the client
      if (!res.headersSent) refuse(res, refusal, secrets);
      else res.destroy();
    } finally {
      log?.(redact(`${req.method} ${url.pathname} → ${status} (${Math.round(performance.now() - started)} ms)`, secrets));
    }
  });
}
