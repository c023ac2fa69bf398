// The webhook endpoint as a fetch handler (Request → Response): Deno, Bun, Cloudflare Workers,
// Next.js route handlers, Hono.
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { chunksOf } from './body.js';
import { checkHandlerOptions, handleWebhook, type IncomingWebhook, type WebhookAnswer, type WebhookHandlerOptions } from './handle.js';

/** What the request core sees of a fetch Request. */
export function incomingFromRequest(request: Request): IncomingWebhook {
  return {
    method: request.method,
    contentType: request.headers.get('content-type'),
    contentEncoding: request.headers.get('content-encoding'),
    zapiToken: request.headers.get('z-api-token'),
    headers: () => Object.fromEntries(request.headers),
    body: async (limit) => {
      const declared = request.headers.get('content-length');
      if (!request.body) return new Uint8Array();
      return readBodyWithLimit(chunksOf(request.body), limit, declared === null ? undefined : Number(declared));
    },
  };
}

/** A fetch handler that answers with what `answer` makes of the request (the dispatching handler, the inbox). */
export function fetchHandlerOf(answer: (incoming: IncomingWebhook) => Promise<WebhookAnswer>) {
  return async (request: Request): Promise<Response> => {
    const reply = await answer(incomingFromRequest(request));
    // An unread (refused) body is cancelled rather than left to the runtime.
    if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

/** Throws at once if `instanceToken` is undefined or empty (see WebhookHandlerOptions). */
export function createFetchWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions) {
  const checked = checkHandlerOptions('createFetchWebhookHandler', options);
  return fetchHandlerOf((incoming) => handleWebhook(dispatcher, incoming, checked));
}
