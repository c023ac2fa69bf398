// The documented examples the sandbox starts from: an operation's answer (for what it does not
// model, and as the shape of what it does), and a webhook payload per event. Starting from the
// spec's own examples keeps every answer and payload valid against the spec.
import webhookExamples from '../generated/examples.json' with { type: 'json' };
import type { SpecOperation } from '@zapi-kit/shared';

export interface DocumentedAnswer {
  status: number;
  /** JSON value, or bytes for binary media types, or undefined when the answer has no body. */
  body?: unknown;
  contentType?: string;
}

/** The success answer each operation documents, with its first example (from the one reader of the spec). */
export function documentedAnswers(operations: readonly SpecOperation[]): Map<string, DocumentedAnswer> {
  const answers = new Map<string, DocumentedAnswer>();
  for (const { operationId, response } of operations) {
    let body = response.example;
    // Binary examples can only be written as base64 in the spec; the answer is the bytes.
    if (response.kind === 'binary' && typeof body === 'string') body = Buffer.from(body, 'base64');
    answers.set(operationId, {
      status: response.status,
      ...(response.kind !== 'empty' && body !== undefined && { body }),
      ...(response.mediaType && { contentType: response.mediaType }),
    });
  }
  return answers;
}

/** A fresh copy of the documented payload of a webhook event (`ReceivedCallback.image`, `DeliveryCallback`). */
export function webhookExample(event: string): Record<string, unknown> {
  const example = (webhookExamples as Record<string, Record<string, unknown>>)[event];
  if (!example) throw new Error(`no documented example for webhook event ${event}`);
  return structuredClone(example);
}

const contents = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * The content object of a received variant's example (`image` → `{ imageUrl, ... }`), as a shallow
 * copy: it is on every send's path, and the sandbox replaces nested values rather than changing them.
 */
export function contentExample(variant: string): Record<string, unknown> {
  let content = contents.get(variant);
  if (!content) {
    content = Object.freeze((webhookExample(`ReceivedCallback.${variant}`)[variant] ?? {}) as Record<string, unknown>);
    contents.set(variant, content);
  }
  return { ...content };
}
