/**
 * Forwards an HTTP request with its headers and body bytes unchanged, and reads the answer whole,
 * bytes unchanged too (no decompression, unlike fetch). Node only: the proxy and `listen` use it,
 * so it is not part of the shared index that browser-safe packages import.
 */
import http from 'node:http';
import https from 'node:https';

export interface RelayedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Headers that describe one connection, not the message; every other header passes unchanged. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/** The headers to send on: the message's own, without the hop-by-hop ones. */
export function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())));
}

export function relay(
  target: URL,
  request: { method: string; headers: http.IncomingHttpHeaders; body: Uint8Array },
  options: { timeoutMs?: number } = {},
): Promise<RelayedResponse> {
  const send = target.protocol === 'https:' ? https.request : http.request;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const attempt = (retried: boolean): Promise<RelayedResponse> =>
    new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method: request.method,
          headers: {
            ...endToEndHeaders(request.headers),
            ...(request.body.length > 0 || request.method !== 'GET' ? { 'content-length': request.body.length } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error(`no answer from ${target.origin} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as it was reused: the request never
        // reached the server, so sending it again on a new connection is safe (Node's docs' advice).
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(attempt(true));
        else reject(error);
      });
      req.end(request.body);
    });
  return attempt(false);
}

/** The body's bytes as the sender meant them: gzip, deflate and br undone. */
export async function decodeBody(body: Buffer, contentEncoding: string | string[] | undefined): Promise<Buffer> {
  const encoding = String(contentEncoding ?? '')
    .trim()
    .toLowerCase();
  if (!encoding || encoding === 'identity') return body;
  const zlib = await import('node:zlib');
  const { promisify } = await import('node:util');
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return promisify(zlib.gunzip)(body);
    case 'deflate':
      return promisify(zlib.inflate)(body);
    case 'br':
      return promisify(zlib.brotliDecompress)(body);
    default:
      throw new Error(`unsupported content-encoding "${encoding}"`);
  }
}
