// The webhook endpoint as a fetch handler (Request → Response): Deno, Bun, Cloudflare Workers,
// Next.js route handlers, Hono.
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { handleWebhook, type IncomingWebhook, type WebhookAnswer, type WebhookHandlerOptions } from './handle.js';

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** What the request core sees of a fetch Request. */
export function incomingFromRequest(request: Request): IncomingWebhook {
  return {
    method: request.method,
    contentType: request.headers.get('content-type'),
    zapiToken: request.headers.get('z-api-token'),
    headers: () => Object.fromEntries(request.headers),
    body: async (limit) => {
      const declared = request.headers.get('content-length');
      if (!request.body) return new Uint8Array();
      return readBodyWithLimit(chunksOf(request.body), limit, declared === null ? undefined : Number(declared));
    },
  };
}

/** A fetch handler that answers with what `answer` makes of the request. */
export function fetchHandlerOf(answer: (incoming: IncomingWebhook) => Promise<WebhookAnswer>) {
  return async (request: Request): Promise<Response> => {
    const reply = await answer(incomingFromRequest(request));
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

export function createFetchWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions = {}) {
  return fetchHandlerOf((incoming) => handleWebhook(dispatcher, incoming, options));
}
