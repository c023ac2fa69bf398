// The REST docs bundle: generated/openapi.json plus what a reader needs to go from the page to code.
// Every operation gets its @zapi-kit/client call and curl (`x-codeSamples`, which Redoc shows beside
// it) and names its SDK method and operationId in its description, which Redoc's search indexes.
// Every webhook shows its examples plainest first, each named by the dispatcher event it fires.
import { createResolver, readOperations } from '../../packages/shared/src/spec-model.js';
import { bodyExamples, callArguments, clientSample, curlSample, dispatcherSample, methodName } from './samples.mjs';
import { eventNameOf, exampleLabel, handlerBody, orderExamples } from './webhook-events.mjs';
import { typeConstants } from './schema-display.mjs';

/** The line that makes an operation findable by the name a user of the client knows. */
export const sdkLine = (op) => `**SDK:** \`${methodName(op)}()\` · operationId \`${op.operationId}\``;

export function addCodeSamples(doc) {
  const serverUrl = doc.servers[0].url;
  const resolve = createResolver(doc);
  const operations = readOperations(doc);
  for (const op of operations) {
    const operation = doc.paths[op.path][op.method];
    const requestBody = operation.requestBody && resolve(operation.requestBody).node;
    const calls = callArguments(op, bodyExamples(requestBody, resolve));
    operation['x-codeSamples'] = [
      { lang: 'typescript', label: 'TypeScript', source: clientSample(op, calls) },
      { lang: 'shell', label: 'curl', source: curlSample(op, calls, serverUrl) },
    ];
    operation.description = `${operation.description.trimEnd()}\n\n${sdkLine(op)}\n`;
    // Redoc's search ranks title words first: the method name there finds `sendText` before `sendTextStatus`.
    operation.summary = `${operation.summary} · ${op.operationId}`;
  }
  return operations.length;
}

/** The schema a webhook's payload `$ref`s, from this document's components. */
const schemaOf = (doc, ref) => doc.components.schemas[ref.replace('#/components/schemas/', '')];

export function describeWebhooks(doc, webhooks) {
  for (const [kind, item] of Object.entries(doc.webhooks)) {
    const media = item.post.requestBody.content['application/json'];
    const schema = schemaOf(doc, media.schema.$ref);
    const variants = schema['x-zapi-variants'] ?? [];
    const statuses = variants.length === 0 ? (schema.properties?.status?.examples ?? []) : [];
    const examples = Object.entries(media.examples).map(([name, e]) => {
      const eventName = eventNameOf(webhooks, e.value, `webhook ${kind} example ${name}`);
      const variant = eventName.includes('.') ? eventName.slice(kind.length + 1) : undefined;
      return { name, value: e.value, payload: e.value, eventName, variant };
    });
    const ordered = orderExamples(examples, { variants, statuses });
    media.examples = Object.fromEntries(ordered.map((e) => [e.name, { summary: exampleLabel(e), value: e.value }]));
    const events = [...new Set(ordered.map((e) => e.eventName))];
    const first = ordered[0];
    // Redoc shows only the payload beside a webhook (no code samples): the handler goes in the text.
    const names = events.map((n) => `\`${n}\``).join(', ');
    item.post.description = [
      item.post.description.trimEnd(),
      '',
      `**Dispatcher events:** ${names}${variants.length > 0 ? ` (or \`${kind}\` for all of them)` : ''}. The [webhook reference](webhooks.html) shows each event's payload and examples.`,
      '',
      '```typescript',
      dispatcherSample(first.eventName, handlerBody(first.variant)),
      '```',
      '',
    ].join('\n');
  }
}

/** Builds the REST docs bundle from the bundled OpenAPI document (not modified). */
export function restDocsBundle(openapi, webhooks) {
  const doc = structuredClone(openapi);
  const operations = addCodeSamples(doc);
  describeWebhooks(doc, webhooks);
  typeConstants(doc);
  doc.info.description = `[← zapi-kit docs](index.html) · [Webhooks](webhooks.html) · [Quick start](quick-start.html)\n\n${doc.info.description}`;
  return { doc, operations };
}
