// The webhook docs bundle: generated/asyncapi.json with one message per dispatcher event. The spec
// has one message per kind (`ReceivedCallback`), whose examples mix thirty kinds of content; a
// reader looks for the event their handler registers (`ReceivedCallback.image`), so each event gets
// its own message: its name, its `dispatcher.on(...)` sample and its examples, plainest first.
import { dispatcherSample } from './samples.mjs';
import { eventNameOf, exampleLabel, handlerBody, orderExamples, readingOrder } from './webhook-events.mjs';
import { typeConstants } from './schema-display.mjs';

const refName = (ref) => ref.slice(ref.lastIndexOf('/') + 1);

/** One line about a variant, from its content schema (or the property's own description). */
function variantSummary(doc, schema, variant) {
  const property = schema.properties?.[variant] ?? {};
  const target = property.$ref ? doc.components.schemas[refName(property.$ref)] : property;
  const text = (property.description ?? target?.description ?? '').trim();
  const sentence = text.split(/(?<=\.)\s/)[0];
  return sentence || `A received message with \`${variant}\` content.`;
}

function eventDescription(kind, eventName, variant, firstExample) {
  const lines = [
    `**Dispatcher event:** \`${eventName}\``,
    '',
    variant
      ? `Fired for a \`${kind}\` whose first present content key (in \`x-zapi-variants\` order) is \`${variant}\`. \`dispatcher.on('${kind}', ...)\` receives it too.`
      : `Fired for every \`${kind}\`.`,
    '',
    '```typescript',
    dispatcherSample(eventName, handlerBody(variant)),
    '```',
  ];
  if (firstExample) lines.push('', `Try it against your endpoint: \`zapi-mock trigger ${eventName} --to http://localhost:3000/webhooks\`.`);
  return lines.join('\n');
}

export function webhooksDocsBundle(asyncapi, webhooks) {
  const doc = structuredClone(asyncapi);
  const events = [];
  for (const [operationId, operation] of Object.entries(doc.operations)) {
    const channelName = refName(operation.channel.$ref);
    const channel = doc.channels[channelName];
    const [message] = Object.values(channel.messages).map((m) => doc.components.messages[refName(m.$ref)]);
    const kind = message.name;
    const schema = doc.components.schemas[refName(message.payload.$ref)];
    const variants = schema['x-zapi-variants'] ?? [];
    const statuses = variants.length === 0 ? (schema.properties?.status?.examples ?? []) : [];
    const examples = message.examples.map((e) => {
      const eventName = eventNameOf(webhooks, e.payload, `${kind} example ${e.name}`);
      return { ...e, eventName, variant: eventName.includes('.') ? eventName.slice(kind.length + 1) : undefined };
    });
    // Every event the dispatcher can fire for this kind, examples or not, in reading order.
    const names = variants.length > 0 ? readingOrder(variants).map((v) => `${kind}.${v}`) : [kind];
    const unknown = examples.find((e) => !names.includes(e.eventName));
    if (unknown) throw new Error(`${kind} example ${unknown.name} fires ${unknown.eventName}, which ${kind} does not list`);
    delete doc.components.messages[kind];
    channel.messages = {};
    operation.messages = [];
    for (const eventName of names) {
      const variant = eventName.includes('.') ? eventName.slice(kind.length + 1) : undefined;
      const own = orderExamples(
        examples.filter((e) => e.eventName === eventName),
        { variants, statuses },
      );
      doc.components.messages[eventName] = {
        name: eventName,
        title: eventName,
        summary: variant ? variantSummary(doc, schema, variant) : message.summary,
        description: eventDescription(kind, eventName, variant, own[0]),
        traits: message.traits,
        payload: message.payload,
        ...(own.length > 0 && { examples: own.map((e) => ({ name: e.name, summary: exampleLabel(e), payload: e.payload })) }),
      };
      channel.messages[eventName] = { $ref: `#/components/messages/${eventName}` };
      operation.messages.push({ $ref: `#/channels/${channelName}/messages/${eventName}` });
      events.push({ kind, eventName, variant, examples: own.length, operationId });
    }
    if (variants.length > 0) {
      const detection = variants.map((v) => `\`${v}\``).join(', ');
      channel.description = `${channel.description.trimEnd()}\n\nOne message per dispatcher event below; \`dispatcher.on('${kind}', ...)\` receives every one of them. The event is named by the first content key present, tried in this order: ${detection}.`;
    }
  }
  typeConstants(doc);
  doc.info.description = `[← zapi-kit docs](index.html) · [REST API](rest.html) · [Receiving webhooks](receiving-webhooks.html)\n\n${doc.info.description}`;
  return { doc, events };
}
