import { freePort } from '../../scripts/lib/ports.mjs';

export { freePort };

/** A loopback URL where nothing listens: a port the OS just handed out and that was closed again. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
