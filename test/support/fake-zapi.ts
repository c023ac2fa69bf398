// A small fake Z-API for the listen tests: GET /me, the update-webhook-* calls and
// update-every-webhooks, checked for the instance token in the path and the Client-Token header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WEBHOOK_FIELDS = [
  'receivedCallbackUrl',
  'deliveryCallbackUrl',
  'messageStatusCallbackUrl',
  'presenceChatCallbackUrl',
  'connectedCallbackUrl',
  'disconnectedCallbackUrl',
] as const;

/** Z-API's path for each URL field (https://developer.z-api.io/en/webhooks/...). */
const SETTERS: Record<string, (typeof WEBHOOK_FIELDS)[number]> = {
  'update-webhook-received': 'receivedCallbackUrl',
  'update-webhook-delivery': 'deliveryCallbackUrl',
  'update-webhook-message-status': 'messageStatusCallbackUrl',
  'update-webhook-chat-presence': 'presenceChatCallbackUrl',
  'update-webhook-connected': 'connectedCallbackUrl',
  'update-webhook-disconnected': 'disconnectedCallbackUrl',
};

export interface FakeZapi {
  url: string;
  me: Record<string, unknown>;
  /** Every call: `PUT update-every-webhooks {"value":...}`. */
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeZapi(options: {
  instanceId: string;
  token: string;
  clientToken: string;
  me: Record<string, unknown>;
}): Promise<FakeZapi> {
  const me = { ...options.me };
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const prefix = `/instances/${options.instanceId}/token/${options.token}/`;
      if (!req.url?.startsWith(prefix)) return send(404, { error: 'Instance not found' });
      if (req.headers['client-token'] !== options.clientToken) return send(400, { error: 'your client-token is not configured' });
      const operation = req.url.slice(prefix.length);
      const text = Buffer.concat(chunks).toString();
      calls.push(`${req.method} ${operation}${text ? ` ${text}` : ''}`);
      if (req.method === 'GET' && operation === 'me') return send(200, me);
      if (req.method !== 'PUT') return send(405, { error: 'method not allowed' });
      const body = JSON.parse(text || '{}') as { value?: string; notifySentByMe?: boolean };
      if (operation === 'update-every-webhooks') {
        for (const field of WEBHOOK_FIELDS) me[field] = body.value;
        if (body.notifySentByMe !== undefined) me.receiveCallbackSentByMe = body.notifySentByMe;
        return send(200, { value: true });
      }
      if (operation === 'update-notify-sent-by-me') {
        me.receiveCallbackSentByMe = body.notifySentByMe;
        return send(200, { value: true });
      }
      const field = SETTERS[operation];
      if (!field) return send(404, { error: `unknown ${operation}` });
      me[field] = body.value;
      return send(200, { value: true });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    me,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
