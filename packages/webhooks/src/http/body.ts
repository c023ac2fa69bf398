// Reading a webhook body as bytes, within a size limit, inflating gzip (Z-API announced gzip
// webhooks). Web streams only, so the Node and fetch handlers share it and it runs anywhere.
import { BodyTooLargeError, readBodyWithLimit } from '@zapi-kit/shared';
import { WebhookError } from '../errors.js';

/** A web stream as chunks; stopping early cancels the stream, so nothing more is read. */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The content codings accepted, lower-case: none, or gzip (and its old alias). */
const CODINGS = new Set(['', 'identity', 'gzip', 'x-gzip']);

/** The coding named by a Content-Encoding header, or a 415 for one this receiver cannot read. */
export function contentCoding(header: string | null | undefined): 'identity' | 'gzip' {
  const coding = (header ?? '').trim().toLowerCase();
  if (!CODINGS.has(coding)) {
    throw new WebhookError(
      'unsupported_encoding',
      `content encoding ${JSON.stringify(coding.slice(0, 40))} is not supported: send the body as it is or gzip it`,
    );
  }
  return coding === 'gzip' || coding === 'x-gzip' ? 'gzip' : 'identity';
}

/**
 * Inflates a gzip body chunk by chunk and stops as soon as the inflated size passes `limit`: a gzip
 * bomb (a few KB that inflate to gigabytes) costs at most `limit` bytes.
 */
export async function gunzipWithLimit(compressed: Uint8Array, limit: number): Promise<Uint8Array> {
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(compressed as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  const inflated = source.pipeThrough(new DecompressionStream('gzip'));
  try {
    return await readBodyWithLimit(chunksOf(inflated), limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new WebhookError('body_too_large', `body is over the limit of ${limit} bytes once inflated`);
    throw new WebhookError('not_gzip', `body is not valid gzip: ${(error as Error).message}`);
  }
}
