// A bot's whole loop against startSandbox(), through the generated client, with webhooks checked
// on the wire by a real receiver and parsed in strict mode by @zapi-kit/webhooks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZapiClient } from '../../packages/client/src/index.js';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { parseWebhook } from '../../packages/webhooks/src/index.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const CLIENT_TOKEN = 'account-security-token-1';
const MARIA = '5511999999999';
const ZAAP_ID = /^[0-9A-F]{32}$/;
const MESSAGE_ID = /^3EB0[0-9A-F]{16}$/;

let sandbox: RunningSandbox;
let receiver: Receiver;
let zapi: ReturnType<typeof createZapiClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, speed: 0, seed: 7, clientToken: CLIENT_TOKEN });
  receiver = await startReceiver();
  zapi = createZapiClient({
    instanceId: sandbox.instanceId,
    token: sandbox.instanceToken,
    clientToken: CLIENT_TOKEN,
    baseUrl: sandbox.url,
  });
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

afterEach(async () => {
  await sandbox.settled();
  // Everything the sandbox fired, on the wire and as recorded, is a valid webhook in strict mode.
  for (const r of receiver.received) expect(() => parseWebhook(r.raw, { strict: true }), JSON.stringify(r.json)).not.toThrow();
  for (const d of sandbox.deliveries()) {
    const event = parseWebhook(d.payload, { strict: true });
    expect(event.name).toBe(d.event);
  }
  sandbox.reset();
  receiver.received.length = 0;
});

/** A send on the wire (the client's send methods answer through the generator's operation table). */
async function send(operation: string, body: object, target = sandbox): Promise<{ zaapId: string; messageId: string }> {
  const response = await fetch(`${target.url}/instances/${target.instanceId}/token/${target.instanceToken}/${operation}`, {
    method: 'POST',
    headers: { 'client-token': target.clientToken ?? 'x', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { zaapId: string; messageId: string; error?: string };
  if (response.status !== 200) throw new Error(`${operation} → ${response.status} ${json.error}`);
  return json;
}

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('sandbox bot loop', () => {
  it('send → DeliveryCallback → RECEIVED → READ, with Z-API headers and id formats', async () => {
    await zapi.webhooks.updateEveryWebhooks({ value: `${receiver.url}/zapi` });
    const me = await zapi.instance.getMe();
    expect(me.receivedCallbackUrl).toBe(`${receiver.url}/zapi`);
    expect(me.messageStatusCallbackUrl).toBe(`${receiver.url}/zapi`);

    const sent = await send('send-text', { phone: MARIA, message: 'Your order has shipped' });
    expect(sent.zaapId).toMatch(ZAAP_ID);
    expect(sent.messageId).toMatch(MESSAGE_ID);

    const wire = await receiver.waitForCount(3);
    expect(wire.map((r) => [r.json.type, r.json.status])).toEqual([
      ['DeliveryCallback', undefined],
      ['MessageStatusCallback', 'RECEIVED'],
      ['MessageStatusCallback', 'READ'],
    ]);
    expect(wire[0]!.json).toMatchObject({ phone: MARIA, zaapId: sent.zaapId, messageId: sent.messageId, instanceId: sandbox.instanceId });
    expect(wire[1]!.json.ids).toEqual([sent.messageId]);
    expect(wire[2]!.json.ids).toEqual([sent.messageId]);
    for (const r of wire) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['z-api-token']).toBe(sandbox.instanceToken);
    }
    // Each send gets ids of its own.
    const second = await send('send-text', { phone: MARIA, message: 'Again' });
    expect(second.messageId).not.toBe(sent.messageId);
    expect(second.zaapId).not.toBe(sent.zaapId);
  });

  it('waits for the contact to read when automatic reading is off, then READ on markRead', async () => {
    const manual = await startSandbox({ port: 0, speed: 0, readAfterMs: null });
    try {
      const { messageId } = await send('send-image', { phone: MARIA, image: 'https://example.com/a.jpg', caption: 'look' }, manual);
      await manual.waitForWebhook('MessageStatusCallback', (p) => p.status === 'RECEIVED');
      await new Promise((r) => setTimeout(r, 20));
      expect(manual.deliveries('MessageStatusCallback').map((d) => d.payload.status)).toEqual(['RECEIVED']);
      const res = await fetch(`${manual.url}/_sandbox/instances/${manual.instanceId}/read`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messageIds: [messageId] }),
      });
      expect(await res.json()).toEqual({ read: [messageId] });
      const read = await manual.waitForWebhook('MessageStatusCallback', (p) => p.status === 'READ');
      expect(read.payload.ids).toEqual([messageId]);
    } finally {
      await manual.close();
    }
  });

  it('inbound → the bot replies → the chat is listed with its messages', async () => {
    await zapi.webhooks.updateWebhookReceived({ value: `${receiver.url}/received` });
    const res = await post(`/_sandbox/instances/${sandbox.instanceId}/inbound`, { from: MARIA, text: 'hi', senderName: 'Maria' });
    expect(res.status).toBe(200);
    const inbound = (await res.json()) as { messageId: string; event: string };
    expect(inbound.event).toBe('ReceivedCallback.text');
    const [received] = await receiver.waitForCount(1);
    expect(received!.json).toMatchObject({
      type: 'ReceivedCallback',
      phone: MARIA,
      fromMe: false,
      messageId: inbound.messageId,
      senderName: 'Maria',
      text: { message: 'hi' },
    });
    expect(received!.json.chatLid).toMatch(/^[0-9]{14}@lid$/);

    const reply = await send('send-text', { phone: MARIA, message: 'Hello Maria!', messageId: inbound.messageId });
    const chats = await zapi.chats.listChats({ page: 1, pageSize: 10 });
    expect(chats).toHaveLength(1);
    expect(chats[0]).toMatchObject({ phone: MARIA, name: 'Maria', unread: '1' });
    expect(Number(chats[0]!.lastMessageTime)).toBeGreaterThan(Date.now() / 1000 - 60);
    const history = await zapi.chats.getChatMessages({ phone: MARIA, amount: 10, lastMessageId: '3EB0000000000000NONE' });
    expect(history.map((m) => m.messageId)).toEqual([reply.messageId, inbound.messageId]);
    // Z-API pages backwards: the messages before lastMessageId.
    const older = await zapi.chats.getChatMessages({ phone: MARIA, amount: 10, lastMessageId: reply.messageId });
    expect(older.map((m) => m.messageId)).toEqual([inbound.messageId]);

    await zapi.messages.readMessage({ phone: MARIA, messageId: inbound.messageId });
    expect((await zapi.chats.getChat({ phone: MARIA })).unread).toBe('0');
  });

  it('inbound of every content key the control API takes', async () => {
    const cases = [
      { image: { imageUrl: 'https://example.com/p.jpg', caption: 'photo' } },
      { audio: { audioUrl: 'https://example.com/a.ogg', ptt: true } },
      { location: { latitude: -23.5, longitude: -46.6, name: 'Sé' } },
      { reaction: { value: '👍', referencedMessage: { messageId: '3EB0AAAAAAAAAAAAAAAA' } } },
      { document: { documentUrl: 'https://example.com/d.pdf', fileName: 'd.pdf' } },
      { sticker: {} },
      { video: { caption: 'v' } },
      { contact: { displayName: 'Ana' } },
    ];
    for (const content of cases) {
      const result = sandbox.inbound({ from: MARIA, ...content });
      const key = Object.keys(content)[0]!;
      expect(result.event).toBe(`ReceivedCallback.${key}`);
      const delivery = await sandbox.waitForWebhook(`ReceivedCallback.${key}`, (p) => p.messageId === result.messageId);
      expect(delivery.payload[key]).toMatchObject(Object.values(content)[0]!);
    }
    expect(() => sandbox.inbound({ from: MARIA })).toThrow(/exactly one content key/);
    expect(() => sandbox.inbound({ from: MARIA, text: 'a', image: {} })).toThrow(/exactly one content key.*text, image/);
    const bad = await post(`/_sandbox/instances/${sandbox.instanceId}/inbound`, { from: '+55 11', text: 'hi' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/from/);
  });

  it('group create → GROUP_CREATE; add participant → GROUP_PARTICIPANT_ADD; metadata follows', async () => {
    await zapi.webhooks.updateWebhookReceived({ value: `${receiver.url}/received` });
    const group = await zapi.groups.createGroup({ groupName: 'Acme customers', phones: [MARIA], autoInvite: false });
    expect(group.phone).toMatch(/^120363[0-9]{12}-group$/);
    await zapi.groups.addParticipant({ groupId: group.phone, phones: ['5511988887777'], autoInvite: false });
    const wire = await receiver.waitForCount(2);
    expect(wire.map((r) => [r.json.notification, r.json.notificationParameters])).toEqual([
      ['GROUP_CREATE', ['Acme customers']],
      ['GROUP_PARTICIPANT_ADD', ['5511988887777']],
    ]);
    expect(wire[1]!.json).toMatchObject({ phone: group.phone, isGroup: true });
    const metadata = await zapi.groups.getGroupMetadata({ groupId: group.phone });
    expect(metadata.participants?.map((p) => p.phone).sort()).toEqual(['5511900000000', MARIA, '5511988887777'].sort());
    // A member writes in the group.
    const inGroup = sandbox.inbound({ from: MARIA, groupId: group.phone, text: 'hello group' });
    const delivery = await sandbox.waitForWebhook('ReceivedCallback.text', (p) => p.messageId === inGroup.messageId);
    expect(delivery.payload).toMatchObject({ phone: group.phone, isGroup: true, participantPhone: MARIA });
    await zapi.groups.removeParticipant({ groupId: group.phone, phones: [MARIA] });
    await sandbox.waitForWebhook('ReceivedCallback.notification', (p) => p.notification === 'GROUP_PARTICIPANT_REMOVE');
  });

  it('disconnect → sends wait in the queue → reconnect flushes them', async () => {
    await zapi.webhooks.updateEveryWebhooks({ value: `${receiver.url}/zapi` });
    await zapi.instance.disconnectInstance();
    expect((await zapi.instance.getStatus()).connected).toBe(false);
    await sandbox.waitForWebhook('DisconnectedCallback');
    const a = await send('send-text', { phone: MARIA, message: 'one' });
    const b = await send('send-text', { phone: MARIA, message: 'two' });
    expect(await zapi.queue.countQueue()).toEqual({ count: 2 });
    const queued = await zapi.queue.listQueue({ page: 1, pageSize: 10 });
    expect(queued.messages?.map((m) => [m.ZaapId, m.Message])).toEqual([
      [a.zaapId, 'one'],
      [b.zaapId, 'two'],
    ]);
    expect(sandbox.deliveries('DeliveryCallback')).toHaveLength(0);
    // The phone scans the QR code again.
    const qr = await zapi.instance.getQrCode();
    expect(qr.value).toMatch(/^2@/);
    expect((await zapi.instance.getQrCode()).value).not.toBe(qr.value);
    const scan = await post(`/_sandbox/instances/${sandbox.instanceId}/connect`, {});
    expect(await scan.json()).toEqual({ connected: true });
    await sandbox.waitForWebhook('ConnectedCallback');
    const delivered = [
      await sandbox.waitForWebhook('DeliveryCallback', (p) => p.messageId === a.messageId),
      await sandbox.waitForWebhook('DeliveryCallback', (p) => p.messageId === b.messageId),
    ];
    expect(delivered[0]!.id).toBeLessThan(delivered[1]!.id);
    expect(await zapi.queue.countQueue()).toEqual({ count: 0 });
    const types = (await receiver.waitForCount(3)).map((r) => r.json.type);
    expect(types.slice(0, 2)).toEqual(['DisconnectedCallback', 'ConnectedCallback']);
  });

  it('a number not on WhatsApp: DeliveryCallback with error, phone-exists false', async () => {
    sandbox.setContact('5511900001111', { onWhatsApp: false });
    expect(await zapi.contacts.phoneExists({ phone: '5511900001111' })).toMatchObject({ exists: false });
    expect(await zapi.contacts.phoneExists({ phone: MARIA })).toMatchObject({ exists: true, lid: expect.stringMatching(/@lid$/) });
    const { messageId } = await send('send-text', { phone: '5511900001111', message: 'hello?' });
    const delivery = await sandbox.waitForWebhook('DeliveryCallback', (p) => p.messageId === messageId);
    expect(delivery.payload.error).toMatch(/not on WhatsApp/);
    await new Promise((r) => setTimeout(r, 20));
    expect(sandbox.deliveries('MessageStatusCallback')).toHaveLength(0);
  });

  it('notify sent by me: a fromMe ReceivedCallback whose chat is the contact LID; LID-only senders', async () => {
    await zapi.webhooks.updateNotifySentByMe({ notifySentByMe: true });
    expect((await zapi.instance.getMe()).receiveCallbackSentByMe).toBe(true);
    const lid = sandbox.setContact(MARIA, { name: 'Maria' }).lid;
    const { messageId } = await send('send-location', {
      phone: MARIA,
      title: 'Shop',
      address: 'Rua A, 1',
      latitude: '-23.5',
      longitude: '-46.6',
    });
    const echo = await sandbox.waitForWebhook('ReceivedCallback.location', (p) => p.messageId === messageId);
    expect(echo.payload).toMatchObject({ fromMe: true, phone: lid, chatLid: lid, location: { latitude: -23.5, longitude: -46.6 } });

    const hidden = sandbox.setContact('5511977776666', { lidOnly: true });
    const inbound = sandbox.inbound({ from: '5511977776666', text: 'who am I?' });
    expect(inbound.phone).toBe(hidden.lid);
    const delivery = await sandbox.waitForWebhook('ReceivedCallback.text', (p) => p.messageId === inbound.messageId);
    expect(JSON.stringify(delivery.payload)).not.toContain('5511977776666');
    expect(delivery.payload).toMatchObject({ phone: hidden.lid, chatLid: hidden.lid, senderLid: hidden.lid });
  });

  it('edits, reactions and deletes change the chat history', async () => {
    const { messageId } = await send('send-text', { phone: MARIA, message: 'Teh price is 10' });
    await send('send-text', { phone: MARIA, message: 'The price is 10', editMessageId: messageId });
    await send('send-reaction', { phone: MARIA, reaction: '❤️', messageId });
    let history = await zapi.chats.getChatMessages({ phone: MARIA, amount: 50, lastMessageId: '3EB0000000000000NONE' });
    const original = history.find((m) => m.messageId === messageId) as Record<string, { message?: string }>;
    expect(original.text?.message).toBe('The price is 10');
    expect(history.some((m) => (m as { reaction?: { value: string } }).reaction?.value === '❤️')).toBe(true);
    await zapi.messages.deleteMessage({ phone: MARIA, messageId, owner: true });
    history = await zapi.chats.getChatMessages({ phone: MARIA, amount: 50, lastMessageId: '3EB0000000000000NONE' });
    expect(history.map((m) => m.messageId)).not.toContain(messageId);
    await expect(zapi.messages.sendText({ phone: MARIA, message: 'x', editMessageId: '3EB0FFFFFFFFFFFFFFFF' })).rejects.toThrow(
      /editMessageId/,
    );
  });

  it('delayMessage and delayTyping are waited for, scaled by speed', async () => {
    const slow = await startSandbox({ port: 0, speed: 0.01 });
    try {
      const started = performance.now();
      const { messageId } = await send('send-text', { phone: MARIA, message: 'slow', delayMessage: 10, delayTyping: 5 }, slow);
      await slow.waitForWebhook('DeliveryCallback', (p) => p.messageId === messageId);
      // (10 + 5) s × 0.01 = 150 ms at least: timers never fire early.
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    } finally {
      await slow.close();
    }
  });

  it('refuses like serve: Client-Token, body schema, unknown path, wrong instance, http:// off loopback', async () => {
    const base = `${sandbox.url}/instances/${sandbox.instanceId}/token/${sandbox.instanceToken}`;
    const noToken = await fetch(`${base}/status`);
    expect([noToken.status, await noToken.json()]).toEqual([400, { error: 'null not allowed' }]);
    const wrongClientToken = await fetch(`${base}/status`, { headers: { 'client-token': 'nope' } });
    expect(wrongClientToken.status).toBe(400);
    const headers = { 'client-token': CLIENT_TOKEN, 'content-type': 'application/json' };
    const bad = await fetch(`${base}/send-location`, { method: 'POST', headers, body: JSON.stringify({ phone: MARIA, lat: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('body.lat is not a documented field');
    const unknown = await fetch(`${base}/send-reaction-remove`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    const wrongInstance = await fetch(`${sandbox.url}/instances/OTHER/token/${sandbox.instanceToken}/status`, { headers });
    expect(wrongInstance.status).toBe(400);
    expect(await wrongInstance.text()).not.toContain(sandbox.instanceToken);
    for (const value of ['http://localhost:3000/hook', 'http://[::1]:3000/hook', 'https://example.com/hook']) {
      const ok = await fetch(`${base}/update-webhook-delivery`, { method: 'PUT', headers, body: JSON.stringify({ value }) });
      expect(ok.status, value).toBe(200);
    }
    for (const value of ['http://example.com/hook', 'http://127.0.0.1.example.com/hook', 'ftp://127.0.0.1/x']) {
      const refused = await fetch(`${base}/update-webhook-delivery`, { method: 'PUT', headers, body: JSON.stringify({ value }) });
      expect(refused.status, value).toBe(400);
    }
  });
});
