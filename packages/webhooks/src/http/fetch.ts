// The webhook endpoint as a fetch handler (Request → Response): Deno, Bun, Cloudflare Workers,
// Next.js route handlers, Hono.
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { handleWebhook, type WebhookHandlerOptions } from './handle.js';

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

export function createFetchWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions = {}) {
  return async (request: Request): Promise<Response> => {
    const answer = await handleWebhook(
      dispatcher,
      {
        method: request.method,
        contentType: request.headers.get('content-type'),
        zapiToken: request.headers.get('z-api-token'),
        body: async (limit) => {
          const declared = request.headers.get('content-length');
          if (!request.body) return new Uint8Array();
          return readBodyWithLimit(chunksOf(request.body), limit, declared === null ? undefined : Number(declared));
        },
      },
      options,
    );
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
