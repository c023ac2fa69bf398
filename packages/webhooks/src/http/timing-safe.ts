const encoder = new TextEncoder();

/**
 * Compares a received secret with the expected one in time that depends only on the expected
 * one's length, so response timing does not reveal how much of a guess was right. Pure JavaScript:
 * it runs in Node and in fetch-only runtimes alike.
 */
export function timingSafeEqual(received: string, expected: string): boolean {
  const a = encoder.encode(received);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}
