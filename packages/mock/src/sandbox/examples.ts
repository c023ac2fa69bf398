// The documented examples the sandbox starts from: an operation's answer (for what it does not
// model, and as the shape of what it does), and a webhook payload per event. Starting from the
// spec's own examples keeps every answer and payload valid against the spec.
import webhookExamples from '../../../../generated/webhooks/examples.json' with { type: 'json' };
import type { OpenApiDocument } from '../routes.js';

export interface DocumentedAnswer {
  status: number;
  /** JSON value, or bytes for binary media types, or undefined when the answer has no body. */
  body?: unknown;
  contentType?: string;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { example?: unknown; examples?: Record<string, { value?: unknown }> }>;
}

const isBinary = (type: string) => /^(image|audio|video)\/|^application\/(octet-stream|pdf)/i.test(type);

function resolve(doc: OpenApiDocument, node: ResponseObject): ResponseObject {
  if (!node.$ref) return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return resolve(doc, target as ResponseObject);
}

/** The first success answer an operation documents, with its first example. */
export function documentedAnswers(doc: OpenApiDocument): Map<string, DocumentedAnswer> {
  const answers = new Map<string, DocumentedAnswer>();
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, ResponseObject> }>) {
      if (!operation?.operationId || !operation.responses) continue;
      const code = Object.keys(operation.responses)
        .filter((c) => /^2\d\d$/.test(c))
        .sort()[0];
      if (!code) continue;
      const response = resolve(doc, operation.responses[code]!);
      const [contentType, media] = Object.entries(response.content ?? {})[0] ?? [];
      if (!contentType || !media) {
        answers.set(operation.operationId, { status: Number(code) });
        continue;
      }
      let body = media.example ?? Object.values(media.examples ?? {})[0]?.value;
      // Binary examples can only be written as base64 in the spec; the answer is the bytes.
      if (isBinary(contentType) && typeof body === 'string') body = Buffer.from(body, 'base64');
      answers.set(operation.operationId, { status: Number(code), body, contentType });
    }
  }
  return answers;
}

/** A fresh copy of the documented payload of a webhook event (`ReceivedCallback.image`, `DeliveryCallback`). */
export function webhookExample(event: string): Record<string, unknown> {
  const example = (webhookExamples as Record<string, Record<string, unknown>>)[event];
  if (!example) throw new Error(`no documented example for webhook event ${event}`);
  return structuredClone(example);
}

/** The content object of a received variant's example (`image` → `{ imageUrl, ... }`). */
export function contentExample(variant: string): Record<string, unknown> {
  const example = webhookExample(`ReceivedCallback.${variant}`);
  return (example[variant] ?? {}) as Record<string, unknown>;
}
