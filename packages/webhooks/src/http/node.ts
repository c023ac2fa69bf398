// The webhook endpoint as a Node `http` / Express handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { handleWebhook, type WebhookHandlerOptions } from './handle.js';

type Next = (error?: unknown) => void;

/**
 * `http.createServer(createNodeWebhookHandler(dispatcher))` or `app.post('/zapi', handler)`. Works
 * after `express.json()` too: an already-parsed `req.body` is used as it is.
 */
export function createNodeWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions = {}) {
  return async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, next?: Next): Promise<void> => {
    try {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const answer = await handleWebhook(
        dispatcher,
        {
          method: req.method,
          contentType: header('content-type'),
          zapiToken: header('z-api-token'),
          body: async (limit) => {
            if (req.body !== undefined) return req.body as object;
            const declared = header('content-length');
            return readBodyWithLimit(req, limit, declared === undefined ? undefined : Number(declared));
          },
        },
        options,
      );
      if (!req.readableEnded) req.resume(); // drain an unread body so the connection stays usable
      res.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (error) {
      if (next) return next(error);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error', code: 'handler_failed' }));
    }
  };
}
