// `@zapi-kit/client/raw`: the openapi-fetch client on the same base URL and headers as the typed
// client, for calls spelled as paths (`raw.GET('/status')`). An entry of its own, so that a program
// that only calls the generated methods does not ship openapi-fetch nor type-check `Client<paths>`.
import createClient, { type Client } from 'openapi-fetch';
import type { paths as InstancePaths } from './generated/instance.js';
import type { paths as PartnerPaths } from './generated/partner.js';
import { instanceTarget, partnerTarget, type Target, type ZapiClientOptions, type ZapiPartnerClientOptions } from './options.js';

export type { InstancePaths, PartnerPaths };
export type ZapiRawClient = Client<InstancePaths>;
export type ZapiPartnerRawClient = Client<PartnerPaths>;

const rawOf = <Paths extends object>({ baseUrl, headers }: Target, fetch: typeof globalThis.fetch | undefined): Client<Paths> =>
  createClient<Paths>({ baseUrl, headers, ...(fetch && { fetch }) });

/** The instance's openapi-fetch client, with paths relative to the instance (`/update-name`). Takes createZapiClient's options. */
export function createZapiRawClient(options: ZapiClientOptions): ZapiRawClient {
  return rawOf<InstancePaths>(instanceTarget(options), options.fetch);
}

/** The partner openapi-fetch client on Z-API's base URL. Takes createZapiPartnerClient's options. */
export function createZapiPartnerRawClient(options: ZapiPartnerClientOptions): ZapiPartnerRawClient {
  return rawOf<PartnerPaths>(partnerTarget(options), options.fetch);
}
