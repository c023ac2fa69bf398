// The local end of `zapi-webhooks listen`: takes each delivery Z-API sends to the public URL, names
// it with parseWebhook, records it, forwards it to the user's endpoint with Z-API's headers and body
// bytes unchanged, and answers Z-API with what that endpoint answered.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBodyWithLimit } from '@zapi-kit/shared';
import { decodeBody, endToEndHeaders, relay } from '@zapi-kit/shared/relay';
import { WebhookError } from '../errors.js';
import { parseWebhook } from '../parse.js';
import type { Recorder } from './record.js';

export interface Delivery {
  time: string;
  /** The event name (`ReceivedCallback.text`), when the body could be parsed. */
  event?: string;
  warnings: string[];
  /** Why parseWebhook refused the body; it is forwarded all the same. */
  error?: string;
  forward: { status: number; ms: number } | { error: string };
  /** The fixture written, with --record. */
  recorded?: string;
  recordError?: string;
}

export interface ReceiverOptions {
  forwardTo: URL;
  host?: string;
  port: number;
  recorder?: Recorder;
  maxBodyBytes?: number;
  onDelivery(delivery: Delivery): void;
}

export interface RunningReceiver {
  url: string;
  close(): Promise<void>;
}

/** Z-API's bodies are small; media come as URLs. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

async function readDelivery(req: IncomingMessage, limit: number) {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  const raw = Buffer.from(await readBodyWithLimit(req, limit, declared));
  const encoding = req.headers['content-encoding'];
  let body: Uint8Array = raw;
  let decodeError: string | undefined;
  try {
    body = await decodeBody(raw, encoding);
  } catch (error) {
    decodeError = `body could not be decoded (${String(encoding)}): ${(error as Error).message}`;
  }
  return { raw, body, decodeError, decodedFrom: body !== raw && encoding ? String(encoding) : undefined };
}

export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('zapi-webhooks listen: Z-API sends webhooks with POST\n');
      return;
    }
    const time = new Date().toISOString();
    let delivery;
    try {
      delivery = await readDelivery(req, options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      req.resume();
      const status = error instanceof BodyTooLargeError ? 413 : 400;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`zapi-webhooks listen: ${(error as Error).message}\n`);
      options.onDelivery({ time, warnings: [], error: (error as Error).message, forward: { error: 'not forwarded' } });
      return;
    }

    const report: Delivery = { time, warnings: [], forward: { error: 'not forwarded' } };
    if (delivery.decodeError) report.error = delivery.decodeError;
    else {
      try {
        const event = parseWebhook(delivery.body);
        report.event = event.name;
        report.warnings = event.warnings.map((w) => w.message);
      } catch (error) {
        if (!(error instanceof WebhookError)) throw error;
        report.error = error.message;
      }
    }

    // Recorded before forwarding: whatever the user's endpoint does, the delivery is kept.
    if (options.recorder) {
      try {
        report.recorded = await options.recorder.record(report.event ?? 'unparsed', {
          method: req.method,
          url: req.url ?? '/',
          headers: req.headers,
          body: delivery.body,
          ...(delivery.decodedFrom && { decodedFrom: delivery.decodedFrom }),
        });
      } catch (error) {
        report.recordError = (error as Error).message;
      }
    }

    const started = performance.now();
    try {
      const answer = await relay(options.forwardTo, { method: 'POST', headers: req.headers, body: delivery.raw }, { timeoutMs: 30_000 });
      report.forward = { status: answer.status, ms: Math.round(performance.now() - started) };
      res.writeHead(answer.status, { ...endToEndHeaders(answer.headers), 'content-length': answer.body.length }).end(answer.body);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      report.forward = { error: reason };
      const body = JSON.stringify({ error: `zapi-webhooks listen: could not forward to ${options.forwardTo.origin}: ${reason}` });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    }
    options.onDelivery(report);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
