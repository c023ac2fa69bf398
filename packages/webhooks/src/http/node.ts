// The webhook endpoint as a Node `http` / Express handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { checkHandlerOptions, handleWebhook, type IncomingWebhook, type WebhookAnswer, type WebhookHandlerOptions } from './handle.js';

type Next = (error?: unknown) => void;

/** Writes the answer; for a refused oversized body, closes the connection instead of reading the rest. */
function send(req: IncomingMessage, res: ServerResponse, answer: WebhookAnswer): void {
  if (answer.close) {
    res.shouldKeepAlive = false;
    // Destroyed once the answer is flushed: the client may still be sending gigabytes.
    res.writeHead(answer.status, answer.headers).end(answer.body, () => req.socket.destroy());
    return;
  }
  if (!req.readableEnded) req.resume(); // drain an unread (small) body so the connection stays usable
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

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
    contentEncoding: req.body === undefined ? header('content-encoding') : undefined,
    zapiToken: header('z-api-token'),
    headers: () =>
      Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
      ),
    body: async (limit) => {
      if (req.body !== undefined) return req.body as object;
      const declared = header('content-length');
      // Stopping at the limit must not destroy the request: the 413 still has to be written.
      return readBodyWithLimit(req.iterator({ destroyOnReturn: false }), limit, declared === undefined ? undefined : Number(declared));
    },
  };
}

/** A Node handler that answers with what `answer` makes of the request (the dispatching handler, the inbox). */
export function nodeHandlerOf(answer: (incoming: IncomingWebhook) => Promise<WebhookAnswer>) {
  return async (req: NodeRequest, res: ServerResponse, next?: Next): Promise<void> => {
    try {
      send(req, res, await answer(incomingFromNode(req)));
    } catch (error) {
      if (next) return next(error);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error', code: 'handler_failed' }));
    }
  };
}

/**
 * `http.createServer(createNodeWebhookHandler(dispatcher, { instanceToken }))` or
 * `app.post('/zapi', handler)`. Works after `express.json()` too: an already-parsed `req.body` is
 * used as it is. Throws at once if `instanceToken` is undefined or empty (see WebhookHandlerOptions).
 */
export function createNodeWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions) {
  const checked = checkHandlerOptions('createNodeWebhookHandler', options);
  return nodeHandlerOf((incoming) => handleWebhook(dispatcher, incoming, checked));
}
