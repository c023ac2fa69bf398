// zapi-mock proxy: forwards every call to Z-API unchanged and writes down where Z-API's real
// traffic and the spec disagree. The caller sees exactly what Z-API answered.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBodyWithLimit, redact, type DriftFinding } from '@zapi-kit/shared';
import { decodeBody, endToEndHeaders, relay } from '@zapi-kit/shared/relay';
import bundledSpec from './generated/openapi.json' with { type: 'json' };
import { createDriftChecker, type ObservedCall } from './drift-check.js';
import { DEFAULT_MAX_BODY_BYTES } from './gateway.js';
import type { OpenApiDocument } from './routes.js';

/** One line of the drift report: a finding and the call it comes from, secrets redacted. */
export interface DriftReportLine extends DriftFinding {
  time: string;
  method: string;
  /** The path called, instance token redacted. */
  path: string;
  status: number;
}

export interface ProxyOptions {
  /** Z-API's address, e.g. `https://api.z-api.io`. */
  upstream: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4020; 0 picks a free port. */
  port?: number;
  /** Appends each finding as a JSON line to this file. */
  report?: string;
  /** Receives each finding as well (tests, custom sinks). */
  onFinding?: (line: DriftReportLine) => void;
  /** One line per call, secrets redacted. */
  log?: (line: string) => void;
  /** Another bundled OpenAPI document to check against. */
  doc?: OpenApiDocument;
  maxBodyBytes?: number;
  timeoutMs?: number;
}

export interface RunningProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

function upstreamUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--upstream must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--upstream must be an http(s) URL, got ${url.protocol}`);
  return url;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = upstreamUrl(options.upstream);
  const base = `${upstream.origin}${upstream.pathname.replace(/\/+$/, '')}`;
  const checker = createDriftChecker(options.doc ?? (bundledSpec as OpenApiDocument));
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const secrets = [req.headers['client-token'], req.headers.authorization?.replace(/^Bearer\s+/i, '')].filter(
      (s): s is string => typeof s === 'string',
    );
    const path = redact(req.url ?? '/', secrets);
    const answer = (status: number, message: string) => {
      const body = JSON.stringify({ error: redact(`zapi-mock proxy: ${message}`, secrets) });
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      options.log?.(`${method} ${path} → ${status} (${message})`);
    };
    let requestBody: Buffer;
    try {
      const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
      requestBody = Buffer.from(await readBodyWithLimit(req, limit, declared));
    } catch (error) {
      req.resume();
      return answer(error instanceof BodyTooLargeError ? 413 : 400, (error as Error).message);
    }
    let upstreamResponse;
    try {
      upstreamResponse = await relay(
        new URL(`${base}${req.url ?? '/'}`),
        { method, headers: req.headers, body: requestBody },
        { timeoutMs: options.timeoutMs ?? 60_000 },
      );
    } catch (error) {
      return answer(502, `could not reach ${upstream.origin}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }

    // Check before answering, so the report holds the call by the time the caller sees the answer.
    let findings: DriftFinding[] = [];
    let operationId: string | undefined;
    try {
      const call: ObservedCall = {
        method,
        url: req.url ?? '/',
        requestContentType: req.headers['content-type'],
        requestBody: await decodeBody(requestBody, req.headers['content-encoding']),
        status: upstreamResponse.status,
        responseContentType: upstreamResponse.headers['content-type'],
        responseBody: await decodeBody(upstreamResponse.body, upstreamResponse.headers['content-encoding']),
      };
      ({ operationId, findings } = checker.check(call));
    } catch (error) {
      options.log?.(`${method} ${path}: could not check against the spec: ${redact((error as Error).message, secrets)}`);
    }
    const time = new Date().toISOString();
    for (const finding of findings) {
      const line: DriftReportLine = {
        time,
        method,
        path,
        status: upstreamResponse.status,
        ...finding,
        subject: redact(finding.subject, secrets),
        where: redact(finding.where, secrets),
        detail: redact(finding.detail, secrets),
      };
      if (options.report) appendFileSync(options.report, `${JSON.stringify(line)}\n`);
      options.onFinding?.(line);
    }

    // Logged before answering too: whoever sees the answer can find its line.
    options.log?.(
      `${method} ${path} → ${upstreamResponse.status} ${operationId ?? 'unknown path'}: ${findings.length === 0 ? 'matches the spec' : `${findings.length} drift finding${findings.length === 1 ? '' : 's'}`} (${Math.round(performance.now() - started)} ms)`,
    );
    res.writeHead(upstreamResponse.status, {
      ...endToEndHeaders(upstreamResponse.headers),
      'content-length': upstreamResponse.body.length,
    });
    res.end(upstreamResponse.body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4020, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
