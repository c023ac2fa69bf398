// Routing: by name, by kind, '*', unknown variants; handlers run concurrently, failures aggregated.
import { describe, expect, it } from 'vitest';
import { createWebhookDispatcher, WebhookError, WebhookHandlerError } from '../../packages/webhooks/src/index.js';

const image = { type: 'ReceivedCallback', messageId: 'M1', image: { imageUrl: 'https://example.com/a.jpg', mimeType: 'image/jpeg' } };

describe('WebhookDispatcher', () => {
  it('calls the handlers of the name, of the kind and of "*", once each', async () => {
    const calls: string[] = [];
    const dispatcher = createWebhookDispatcher()
      .on('ReceivedCallback.image', (e) => void calls.push(`image:${e.payload.image.mimeType}`))
      .on('ReceivedCallback', (e) => void calls.push(`kind:${e.name}`))
      .on('*', (e) => void calls.push(`all:${e.kind}`))
      .on('ReceivedCallback.text', () => void calls.push('text'))
      .on(['MessageStatusCallback', 'DeliveryCallback'], (e) => void calls.push(`status-or-delivery:${e.kind}`));
    await dispatcher.receive(JSON.stringify(image));
    expect(calls.sort()).toEqual(['all:ReceivedCallback', 'image:image/jpeg', 'kind:ReceivedCallback.image']);
    calls.length = 0;
    await dispatcher.receive({ type: 'DeliveryCallback', messageId: 'M2' });
    expect(calls.sort()).toEqual(['all:DeliveryCallback', 'status-or-delivery:DeliveryCallback']);
  });

  it('runs the handlers of one event concurrently', async () => {
    const order: string[] = [];
    const wait = (ms: number, label: string) => new Promise<void>((r) => setTimeout(() => (order.push(label), r()), ms));
    const dispatcher = createWebhookDispatcher()
      .on('ReceivedCallback.image', () => wait(60, 'slow'))
      .on('ReceivedCallback.image', () => wait(5, 'fast'));
    const started = performance.now();
    await dispatcher.receive(image);
    expect(order).toEqual(['fast', 'slow']);
    expect(performance.now() - started).toBeLessThan(110);
  });

  it('waits for every handler, then rejects with all failures in one WebhookHandlerError, also given to onError', async () => {
    const seen: unknown[] = [];
    let finished = false;
    const dispatcher = createWebhookDispatcher()
      .on('ReceivedCallback', () => {
        throw new Error('database down');
      })
      .on('*', async () => {
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
      })
      .on('ReceivedCallback.image', async () => Promise.reject(new Error('queue full')))
      .onError((error) => void seen.push(error));
    const error = (await dispatcher.receive(image).catch((e: unknown) => e)) as WebhookHandlerError;
    expect(error).toBeInstanceOf(WebhookHandlerError);
    expect(error.errors.map((e: Error) => e.message).sort()).toEqual(['database down', 'queue full']);
    expect(error.message).toBe('2 handlers of ReceivedCallback.image failed: queue full; database down');
    expect(finished).toBe(true);
    expect(seen).toEqual([error]);
  });

  it('rejects an unreadable body with the WebhookError and tells onError', async () => {
    const seen: unknown[] = [];
    const dispatcher = createWebhookDispatcher().onError((e) => void seen.push(e));
    await expect(dispatcher.receive('{"type":')).rejects.toBeInstanceOf(WebhookError);
    expect((seen[0] as WebhookError).code).toBe('not_json');
  });

  it('sends payloads of an unknown variant to onUnknown and to the kind handlers', async () => {
    const unknown: string[] = [];
    const kind: string[] = [];
    const dispatcher = createWebhookDispatcher()
      .onUnknown((e) => void unknown.push(e.name))
      .on('ReceivedCallback', (e) => void kind.push(e.name));
    await dispatcher.receive({ type: 'ReceivedCallback', viewOnceMessageV3: { url: 'x' } });
    expect(unknown).toEqual(['ReceivedCallback']);
    expect(kind).toEqual(['ReceivedCallback']);
  });

  it('strict dispatchers refuse what tolerant ones warn about', async () => {
    await expect(
      createWebhookDispatcher({ strict: true }).receive({ type: 'ReceivedCallBack', text: { message: 'x' } }),
    ).rejects.toMatchObject({
      code: 'unknown_type',
    });
  });
});
