// Compile-only: `pnpm typecheck` (part of the test command) fails when a line marked with an
// expect-error directive compiles, i.e. when the client's types stop catching these mistakes.
import { createZapiClient, createZapiPartnerClient } from '../../packages/client/src/index.js';
import { createZapiPartnerRawClient, createZapiRawClient } from '../../packages/client/src/raw.js';
import type { ReceivedCallback, WebhookKind, WebhookPayload } from '../../packages/webhooks/src/index.js';

const zapi = createZapiClient({ instanceId: 'I1', token: 'T1', clientToken: 'C1' });
const partner = createZapiPartnerClient({ partnerToken: 'P1' });
const raw = createZapiRawClient({ instanceId: 'I1', token: 'T1', clientToken: 'C1' });
const partnerRaw = createZapiPartnerRawClient({ partnerToken: 'P1' });

export async function valid(): Promise<void> {
  const named: { value: boolean } = await zapi.call('updateName', { body: { value: 'Shop' } });
  const status = await zapi.call('getStatus');
  const connected: boolean = status.connected;
  const png: Uint8Array = await zapi.call('getQrCodeImage');
  const code: string = (await zapi.call('getPhoneCode', { path: { phone: '5511999999999' } })).code;
  const page = await partner.call('listInstances', { query: { page: 1, pageSize: 10, middleware: 'web' } });
  const total: number = page.total;
  const ok: string = await partner.call('cancelInstance', { path: { instanceId: 'I1', token: 'T1' } });
  await raw.PUT('/update-auto-read-message', { body: { value: true } });
  const listed = await partnerRaw.GET('/instances', { params: { query: { page: 1, pageSize: 10 } } });
  void [named, connected, png, code, total, ok, listed];
}

export async function invalid(): Promise<void> {
  // @ts-expect-error a misspelled field of the body
  await zapi.call('updateName', { body: { valeu: 'Shop' } });
  // @ts-expect-error a body field of the wrong type
  await zapi.call('updateAutoReadMessage', { body: { value: 'true' } });
  // @ts-expect-error the required body is missing
  await zapi.call('updateName', {});
  // @ts-expect-error an operation that does not exist
  await zapi.call('sendReactionRemove');
  // @ts-expect-error a partner operation on the instance client
  await zapi.call('listInstances', { query: { page: 1, pageSize: 10 } });
  // @ts-expect-error a wrong path parameter name
  await zapi.call('getPhoneCode', { path: { number: '5511999999999' } });
  // @ts-expect-error a value outside the enum
  await partner.call('listInstances', { query: { page: 1, pageSize: 10, middleware: 'desktop' } });
  // @ts-expect-error the instance credentials are bound: raw paths are relative
  await raw.GET('/instances/{instanceId}/token/{token}/status');
  // @ts-expect-error a raw call with a misspelled body field
  await raw.PUT('/update-auto-read-message', { body: { valeu: true } });
  // @ts-expect-error a downgrade is not allowed: withCalls is the constant true
  await partner.call('updateInstanceSubscription', { path: { instanceId: 'I1', token: 'T1' }, body: { withCalls: false } });
}

export function webhookTypes(payload: WebhookPayload): void {
  const kind: WebhookKind = payload.type;
  if (payload.type === 'ReceivedCallback') {
    const received: ReceivedCallback = payload;
    const text: string | undefined = received.text?.message;
    void text;
  }
  // @ts-expect-error not a kind Z-API sends
  const wrong: WebhookKind = 'ReceivedCallBack';
  void [kind, wrong];
}

export async function methods(): Promise<void> {
  const status = await zapi.instance.getStatus();
  const connected: boolean = status.connected;
  await zapi.instance.updateName({ value: 'Shop' });
  await zapi.webhooks.updateEveryWebhooks({ value: 'https://example.com/hook', notifySentByMe: true });
  await zapi.instance.getPhoneCode({ phone: '5511999999999' }, { timeoutMs: 5_000 });
  const png: Uint8Array = await zapi.instance.getQrCodeImage();
  const created = await partner.createInstance({ name: 'Shop' }, { retry: true });
  const id: string = created.id;
  for await (const instance of partner.paginate('listInstances', { pageSize: 50 })) {
    const token: string = instance.token;
    void token;
  }
  void [connected, png, id];

  // @ts-expect-error a misspelled body field
  await zapi.instance.updateName({ valeu: 'Shop' });
  // @ts-expect-error a missing required field
  await zapi.webhooks.updateEveryWebhooks({ notifySentByMe: true });
  // @ts-expect-error a method that does not exist
  await zapi.instance.sendReactionRemove();
  // @ts-expect-error an operation under the wrong tag
  await zapi.webhooks.getStatus();
  // @ts-expect-error a wrong path parameter
  await zapi.instance.getPhoneCode({ number: '5511999999999' });
  // @ts-expect-error a required parameter missing
  await partner.listInstances({ page: 1 });
  // @ts-expect-error a list that is not paginated
  partner.paginate('createInstance', { name: 'x' });
}
