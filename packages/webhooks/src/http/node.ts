// The webhook endpoint as a Node `http` / Express handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { handleWebhook, type IncomingWebhook, type WebhookAnswer, type WebhookHandlerOptions } from './handle.js';

type Next = (error?: unknown) => void;
export type NodeRequest = IncomingMessage & { body?: unknown };

/** What the request core sees of a Node request. */
export function incomingFromNode(req: NodeRequest): IncomingWebhook {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    method: req.method,
    contentType: header('content-type'),
    zapiToken: header('z-api-token'),
    headers: () => Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
    body: async (limit) => {
      if (req.body !== undefined) return req.body as object;
      const declared = header('content-length');
      return readBodyWithLimit(req, limit, declared === undefined ? undefined : Number(declared));
    },
  };
}

/** A Node handler that answers with what `answer` makes of the request. */
export function nodeHandlerOf(answer: (incoming: IncomingWebhook) => Promise<WebhookAnswer>) {
  return async (req: NodeRequest, res: ServerResponse, next?: Next): Promise<void> => {
    try {
      const reply = await answer(incomingFromNode(req));
      if (!req.readableEnded) req.resume(); // drain an unread body so the connection stays usable
      res.writeHead(reply.status, reply.headers).end(reply.body);
    } catch (error) {
      if (next) return next(error);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error', code: 'handler_failed' }));
    }
  };
}

/**
 * `http.createServer(createNodeWebhookHandler(dispatcher))` or `app.post('/zapi', handler)`. Works
 * after `express.json()` too: an already-parsed `req.body` is used as it is.
 */
export function createNodeWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions = {}) {
  return nodeHandlerOf((incoming) => handleWebhook(dispatcher, incoming, options));
}
