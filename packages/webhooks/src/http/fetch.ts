// The webhook endpoint as a fetch handler (Request → Response): Deno, Bun, Cloudflare Workers,
// Next.js route handlers, Hono.
import { readBodyWithLimit } from '@zapi-kit/shared';
import type { WebhookDispatcher } from '../dispatcher.js';
import { chunksOf } from './body.js';
import { checkHandlerOptions, handleWebhook, type WebhookHandlerOptions } from './handle.js';

/** Throws at once if `instanceToken` is undefined or empty (see WebhookHandlerOptions). */
export function createFetchWebhookHandler(dispatcher: WebhookDispatcher, options: WebhookHandlerOptions) {
  const checked = checkHandlerOptions('createFetchWebhookHandler', options);
  return async (request: Request): Promise<Response> => {
    const answer = await handleWebhook(
      dispatcher,
      {
        method: request.method,
        contentType: request.headers.get('content-type'),
        contentEncoding: request.headers.get('content-encoding'),
        zapiToken: request.headers.get('z-api-token'),
        body: async (limit) => {
          const declared = request.headers.get('content-length');
          if (!request.body) return new Uint8Array();
          return readBodyWithLimit(chunksOf(request.body), limit, declared === null ? undefined : Number(declared));
        },
      },
      checked,
    );
    // An unread (refused) body is cancelled rather than left to the runtime.
    if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
