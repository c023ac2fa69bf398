/** A request body larger than the receiver accepts. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`body is over the limit of ${limit} bytes`);
  }
}

/**
 * Reads a body chunk by chunk and stops as soon as it passes `limit`, so an oversized upload costs
 * at most `limit` bytes of memory. `declaredLength` (Content-Length) fails fast before reading.
 */
export async function readBodyWithLimit(chunks: AsyncIterable<Uint8Array>, limit: number, declaredLength?: number): Promise<Uint8Array> {
  if (declaredLength !== undefined && declaredLength > limit) throw new BodyTooLargeError(limit);
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    parts.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}
