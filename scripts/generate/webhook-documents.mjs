// The parts of the two bundled documents that repeat per webhook kind or per example, made from
// what spec/ says once: the AsyncAPI channels and `send` operations (one per message of
// spec/asyncapi/asyncapi.yaml), and every example of spec/examples/ in the AsyncAPI messages and
// in the OpenAPI `webhooks`. The hand-written parts (messages, summaries, schemas) are left as they are.
import { examplesOf } from './webhook-examples.mjs';

/** The operation every kind's URL can also be set with. */
const SET_ALL = 'updateEveryWebhooks';

/** The generator's own extensions on an AsyncAPI message, read here and not shown to readers of the bundle. */
const EVENT = 'x-zapi-event';
const SET_BY = 'x-zapi-set-by';

/** Every webhook kind must be a message of the AsyncAPI document and a webhook of the OpenAPI one, and nothing else may be. */
function checkKinds(where, names, kinds) {
  const missing = kinds.filter((k) => !names.includes(k));
  const unknown = names.filter((n) => !kinds.includes(n));
  if (missing.length > 0) throw new Error(`${where} has no entry for the webhook kind(s) ${missing.join(', ')}`);
  if (unknown.length > 0)
    throw new Error(`${where}: ${unknown.join(', ')} is not a webhook kind (a spec/schemas/ schema whose \`type\` is that constant)`);
}

/**
 * The bundled AsyncAPI document with its channels, operations and examples. `operations` is the
 * REST operation model: each `x-zapi-set-by` must name one of its operations.
 */
export function completeAsyncApi(bundled, { kinds, examples }, operations) {
  const { channels, operations: sends, ...rest } = bundled;
  if (channels || sends)
    throw new Error('spec/asyncapi/asyncapi.yaml: channels and operations are generated from its messages; remove them');
  const messages = bundled.components.messages;
  checkKinds('spec/asyncapi/asyncapi.yaml components.messages', Object.keys(messages), kinds);
  const operationIds = new Set(operations.map((o) => o.operationId));
  const out = {
    asyncapi: rest.asyncapi,
    info: rest.info,
    defaultContentType: rest.defaultContentType,
    channels: {},
    operations: {},
    ...rest,
  };
  for (const [kind, message] of Object.entries(messages)) {
    const where = `spec/asyncapi/asyncapi.yaml components.messages.${kind}`;
    const { [EVENT]: event, [SET_BY]: setBy, ...shown } = message;
    if (typeof event !== 'string')
      throw new Error(`${where}: ${EVENT} must name Z-API's event (its page https://developer.z-api.io/en/webhooks/<event>)`);
    for (const id of [setBy, SET_ALL]) {
      if (!operationIds.has(id))
        throw new Error(`${where}: ${SET_BY} must name the REST operation that sets this webhook's URL; "${id}" is no operationId`);
    }
    out.channels[kind] = {
      address: '{webhookUrl}',
      parameters: { webhookUrl: { description: 'The HTTPS URL you registered for this kind of event.' } },
      title: kind,
      description: `Z-API's \`${event}\` event. The address is the URL you set with \`${setBy}\` (or\n\`${SET_ALL}\`).\n`,
      messages: { [kind]: { $ref: `#/components/messages/${kind}` } },
    };
    out.operations[`send${kind}`] = {
      action: 'send',
      security: [{ $ref: '#/components/securitySchemes/ZapiToken' }],
      title: `Z-API sends ${kind}`,
      summary: message.summary,
      channel: { $ref: `#/channels/${kind}` },
      messages: [{ $ref: `#/channels/${kind}/messages/${kind}` }],
    };
    messages[kind] = { ...shown, examples: examplesOf(examples, kind).map((e) => ({ name: e.name, payload: e.payload })) };
  }
  return out;
}

/** The bundled OpenAPI document with every example of each kind on its webhook's request body. */
export function addWebhookExamples(bundled, { kinds, examples }) {
  checkKinds('spec/openapi/openapi.yaml webhooks', Object.keys(bundled.webhooks ?? {}), kinds);
  for (const [kind, item] of Object.entries(bundled.webhooks)) {
    const media = item.post?.requestBody?.content?.['application/json'];
    if (!media) throw new Error(`spec/openapi/webhooks/${kind}.yaml: post.requestBody.content has no application/json`);
    if (media.examples) throw new Error(`spec/openapi/webhooks/${kind}.yaml: examples are the files of spec/examples/; remove the list`);
    media.examples = Object.fromEntries(examplesOf(examples, kind).map((e) => [e.name, { value: e.payload }]));
  }
  return bundled;
}
