// A webhook receiver for sandbox tests: records what arrives on the wire (headers, raw bytes),
// the independent view of what the sandbox really sent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** The JSON body, gunzipped first when the request says gzip. */
  json: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `count` requests have arrived. */
  waitForCount(count: number, timeoutMs?: number): Promise<Received[]>;
  /** How to answer: a status, or 'hang' to never answer. */
  respond: (r: Received) => number | 'hang';
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const listeners = new Set<() => void>();
  const receiver: Receiver = {
    url: '',
    received,
    respond: () => 200,
    waitForCount(count, timeoutMs = 5000) {
      if (received.length >= count) return Promise.resolve(received.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`receiver got ${received.length} of ${count} webhooks: ${received.map((r) => r.json.type).join(', ')}`));
        }, timeoutMs);
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(received.slice(0, count));
        };
        listeners.add(check);
      });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const entry: Received = { path: req.url ?? '/', headers: req.headers, raw, json: JSON.parse(text) as Record<string, unknown> };
      received.push(entry);
      for (const listener of [...listeners]) listener();
      const answer = receiver.respond(entry);
      if (answer !== 'hang') res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
