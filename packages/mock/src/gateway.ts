// The front of the mock: answers the way Z-API does before a request reaches Prism (request target,
// credentials, content type, body size, JSON, schema: see checks.ts), then lets Prism produce the
// documented response.
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequestChecks, refuse, requestLine, requestSecrets, ZapiRefusal } from './checks.js';
import type { OpenApiDocument } from './routes.js';

// The checks live in checks.ts; they are re-exported here for the fronts that import them from the gateway.
export {
  createRequestChecks,
  DEFAULT_MAX_BODY_BYTES,
  refuse,
  requestSecrets,
  ZapiRefusal,
  type CheckedRequest,
  type RequestCheckOptions,
  type RequestChecks,
} from './checks.js';

export interface GatewayOptions {
  /** Where Prism listens, or a function that resolves it (it may wait for a restart, or fail when Prism is gone for good). */
  prismUrl: string | (() => Promise<string>);
  doc: OpenApiDocument;
  /** Largest request body accepted, in bytes (413 beyond). Z-API takes media as base64, so the default is generous: 32 MiB. */
  maxBodyBytes?: number;
  /** When set, instance calls must carry exactly this Client-Token; otherwise any non-empty one passes. */
  clientToken?: string;
  /** Receives one line per request, with every secret redacted. */
  log?: (line: string) => void;
}

/** How long Prism may stay silent before the client gets 504: milliseconds on an idle machine, but a starved CI runner has been seen to need over 30 s. */
const PRISM_TIMEOUT_MS = 120_000;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const isBinaryMediaType = (type: string) => /^(image|audio|video)\/|^application\/(octet-stream|pdf)/i.test(type);

// Hop-by-hop headers (RFC 9110 §7.6.1) and the ones this hop answers itself: `expect` (Node's server
// has already sent 100 Continue and read the body) and the body's framing (re-sent as content-length).
// Also `accept`: Z-API ignores it (its docs never mention it) while Prism negotiates on it and answers
// 406 to `Accept: application/json` on the QR image or the partner's text/plain answers.
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'content-length',
  'accept',
]);

function forwardedHeaders(headers: IncomingHttpHeaders, bodyLength: number): Record<string, string | string[]> {
  const named = new Set((typeof headers.connection === 'string' ? headers.connection : '').split(',').map((h) => h.trim().toLowerCase()));
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name) && !named.has(name)) out[name] = value;
  }
  out['content-length'] = String(bodyLength);
  return out;
}

/** Prism did not answer; the message names no address, as clients must not learn where Prism listens. */
class PrismUnavailable extends ZapiRefusal {}

interface PrismAnswer {
  status: number;
  type?: string;
  payload: Buffer;
}

function callPrism(
  agent: Agent,
  prismUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  raw: Buffer,
  retried = false,
): Promise<PrismAnswer> {
  const { hostname, port } = new URL(prismUrl);
  return new Promise((resolve, reject) => {
    const upstream = request(
      {
        agent,
        host: hostname,
        port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: forwardedHeaders(req.headers, raw.length),
        timeout: PRISM_TIMEOUT_MS,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, type: answer.headers['content-type'], payload: Buffer.concat(chunks) }),
        );
        answer.on('error', (error: NodeJS.ErrnoException) =>
          reject(new PrismUnavailable(502, `Mock failure: Prism's answer broke off (${error.code ?? error.message})`)),
        );
      },
    );
    upstream.on('timeout', () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection Prism closed just as it was reused: nothing reached Prism, ask again once.
      if (upstream.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !retried) {
        resolve(callPrism(agent, prismUrl, req, res, target, raw, true));
        return;
      }
      // 499, nginx's status for it: only the log shows it, as nobody is left to answer.
      if (error.code === 'ECLIENTGONE') return reject(new PrismUnavailable(499, 'The client closed the connection before the answer'));
      reject(
        error.code === 'ETIMEDOUT'
          ? new PrismUnavailable(504, `Mock failure: Prism did not answer within ${PRISM_TIMEOUT_MS / 1000} s`)
          : new PrismUnavailable(502, `Mock failure: Prism did not answer (${error.code ?? error.message})`),
      );
    });
    // A client that hung up (a load generator's timeout, a cancelled call) no longer waits for the
    // answer: drop its request, queued in the agent or at Prism, rather than make Prism work for nobody.
    const abandon = () => {
      if (!res.writableFinished) upstream.destroy(Object.assign(new Error('client gone'), { code: 'ECLIENTGONE' }));
    };
    res.once('close', abandon);
    upstream.once('close', () => res.off('close', abandon));
    upstream.end(raw);
  });
}

async function forward(
  agent: Agent,
  prismUrl: GatewayOptions['prismUrl'],
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  raw: Buffer,
): Promise<number> {
  let url: string;
  try {
    url = typeof prismUrl === 'string' ? prismUrl : await prismUrl();
  } catch (error) {
    throw new PrismUnavailable(503, (error as Error).message.split('\n')[0]!);
  }
  const { status, type, payload: answered } = await callPrism(agent, url, req, res, target, raw);
  let payload = answered;
  // Prism serves an example as written in the spec, and binary examples (the QR code PNG) can only
  // be written there as base64: send the bytes the media type promises.
  if (type && isBinaryMediaType(type) && BASE64.test(payload.toString('latin1'))) {
    payload = Buffer.from(payload.toString('latin1'), 'base64');
  }
  const out: Record<string, string> = { 'content-length': String(payload.length) };
  if (type) out['content-type'] = type;
  res.writeHead(status, out).end(payload);
  return status;
}

export function createGateway(options: GatewayOptions): Server {
  const checks = createRequestChecks(options.doc, options);
  const log = options.log;
  // Connections to Prism are reused, and capped: under a thousand clients, Prism is better served
  // by a queue in front of it than by a thousand sockets of its own. The timeout lets the agent
  // honour Prism's `Keep-Alive: timeout=5` and drop idle sockets before Prism does.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: PRISM_TIMEOUT_MS });

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const secrets = requestSecrets(req);
    let shown: string | undefined;
    let status = 500;
    let refused: ZapiRefusal | undefined;
    try {
      const { url, raw } = await checks.check(req);
      shown = url.pathname;
      status = await forward(agent, options.prismUrl, req, res, url, raw);
    } catch (error) {
      const refusal = error instanceof ZapiRefusal ? error : new ZapiRefusal(500, `Mock failure: ${(error as Error).message}`);
      status = refusal.status;
      refused = refusal;
      if (res.destroyed) return; // the client is gone: nothing to answer (finally still logs)
      if (!res.headersSent) refuse(res, refusal, secrets);
      else res.destroy();
    } finally {
      log?.(requestLine(req, shown, status, performance.now() - started, secrets, refused));
    }
  });
  server.on('close', () => agent.destroy());
  return server;
}
