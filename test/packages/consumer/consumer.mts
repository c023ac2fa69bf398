// A user's ESM program, type-checked under --strict against the installed packages, then run:
// node consumer.mjs MOCK_URL CLIENT_TOKEN prints what the installed client got from the mock.
import { createZapiClient, ZapiHttpError, type ResponseData } from '@zapi-kit/client';
import { createWebhookDispatcher, parseWebhook, type ReceivedCallback } from '@zapi-kit/webhooks';
import type { RunningMock } from '@zapi-kit/mock';

const [baseUrl, clientToken] = process.argv.slice(2);
if (!baseUrl || !clientToken) throw new Error('usage: consumer.mjs MOCK_URL CLIENT_TOKEN');

const zapi = createZapiClient({ instanceId: 'I1', token: 'INSTANCETOKEN1', clientToken, baseUrl });
const status: ResponseData<'getStatus'> = await zapi.instance.getStatus();
const sent = await zapi.messages.sendText({ phone: '5511999999999', message: 'Hello from a consumer' });
// @ts-expect-error a wrong field name is a compile error: Z-API's field is `message`
void (() => zapi.messages.sendText({ phone: '5511999999999', text: 'no' }));

let refused: { status: number; body: unknown } | undefined;
try {
  await createZapiClient({ instanceId: 'I1', token: 'INSTANCETOKEN1', clientToken: 'not-the-account-token', baseUrl }).instance.getStatus();
} catch (error) {
  if (error instanceof ZapiHttpError) refused = { status: error.status, body: error.body };
}

const texts: string[] = [];
const dispatcher = createWebhookDispatcher().on('ReceivedCallback.text', ({ payload }) => {
  texts.push(payload.text.message);
});
const payload = {
  type: 'ReceivedCallback',
  instanceId: 'I1',
  messageId: 'M1',
  phone: '5511999999999',
  fromMe: false,
  momment: 1708457193876,
  status: 'RECEIVED',
  chatName: 'Test',
  isGroup: false,
  text: { message: 'hi there' },
};
const event = parseWebhook(JSON.stringify(payload));
await dispatcher.dispatch(event);
const received: ReceivedCallback | undefined = event.kind === 'ReceivedCallback' ? event.payload : undefined;
const mockType: Pick<RunningMock, 'url'> = { url: baseUrl };

console.log(
  JSON.stringify({
    connected: status.connected,
    messageId: sent.messageId,
    refused,
    event: event.name,
    texts,
    phone: received?.phone,
    mock: mockType.url,
  }),
);
