/**
 * Z-API has two secrets that end up in places people print: the instance token sits in the URL path
 * (`/instances/{id}/token/{token}/...`) and the account security token travels in the `Client-Token`
 * header (and Z-API sends the instance token back in the `z-api-token` header of webhooks). Every
 * message, log line and serialised error of zapi-kit goes through these helpers first.
 */

const REDACTED = '[redacted]';

/** Header names whose values are secrets, lower-case. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['client-token', 'authorization', 'z-api-token']);

// The value after `/token/` in a URL, but not the spec's own `{token}` placeholder. Any case: a path
// spelled `/Token/...` still carries the token (and is echoed in the 404 that explains it).
const TOKEN_IN_PATH = /(\/token\/)(?!\{token\})[^/?#\s"']+/gi;

/** Replaces the instance token in any Z-API URL or path, and every given secret wherever it appears. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text.replace(TOKEN_IN_PATH, `$1${REDACTED}`);
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; Z-API's tokens are long.
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A copy of the headers with the values of the secret ones replaced. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, SECRET_HEADERS.has(name.toLowerCase()) && value ? REDACTED : value]),
  );
}
