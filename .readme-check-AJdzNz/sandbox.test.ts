import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createZapiClient } from '@zapi-kit/client';
import { startSandbox, type RunningSandbox } from '@zapi-kit/mock';

let sandbox: RunningSandbox;
let zapi: ReturnType<typeof createZapiClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, speed: 0 }); // a free port, no simulated waiting
  zapi = createZapiClient({ instanceId: sandbox.instanceId, token: sandbox.instanceToken, clientToken: 'any', baseUrl: sandbox.url });
});
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

it('a sent message is delivered, then received and read', async () => {
  const { messageId } = await zapi.messages.sendText({ phone: '5511999999999', message: 'Your order has shipped' });
  const delivery = await sandbox.waitForWebhook('DeliveryCallback', (p) => p.messageId === messageId);
  expect(delivery.payload.zaapId).toMatch(/^[0-9A-F]{32}$/);
  const read = await sandbox.waitForWebhook('MessageStatusCallback', (p) => p.status === 'READ');
  expect(read.payload.ids).toEqual([messageId]);
});

it('answers a customer, and the chat is listed', async () => {
  const inbound = sandbox.inbound({ from: '5511999999999', text: 'hi', senderName: 'Maria' });
  const { payload } = await sandbox.waitForWebhook('ReceivedCallback.text', (p) => p.messageId === inbound.messageId);
  expect(payload.chatLid).toMatch(/@lid$/);
  await zapi.messages.sendText({ phone: inbound.phone, message: 'Hello Maria! How can I help?', messageId: inbound.messageId });
  const [chat] = await zapi.chats.listChats({ page: 1, pageSize: 10 });
  expect(chat).toMatchObject({ phone: '5511999999999', name: 'Maria', unread: '1' });
});

it('survives a flaky network', async () => {
  sandbox.setFaults({ duplicate: 0.5, reorder: 0.2, gzip: true });
  sandbox.disconnect(); // sends wait in the queue...
  await zapi.messages.sendText({ phone: '5511999999999', message: 'queued' });
  expect(await zapi.queue.countQueue()).toEqual({ count: 1 });
  sandbox.connect(); // ...and go out when the phone is back
  await sandbox.waitForWebhook('DeliveryCallback');
});
