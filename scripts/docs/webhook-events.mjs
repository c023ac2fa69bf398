// Webhook examples as the dispatcher sees them: the event name each example fires, and the order the
// docs show them in (the plainest first). Event names come from @zapi-kit/webhooks' own parser, so the
// docs name exactly what `dispatcher.on(...)` receives.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/paths.mjs';

const webhooksPackage = path.join(root, 'packages/webhooks/dist/index.js');

/** The built @zapi-kit/webhooks (the docs build runs after `turbo run build`). */
export async function loadWebhooksPackage() {
  try {
    return await import(pathToFileURL(webhooksPackage).href);
  } catch (error) {
    throw new Error(
      `the docs need the built @zapi-kit/webhooks (${path.relative(root, webhooksPackage)}): run \`pnpm build\` first (${error.message})`,
      { cause: error },
    );
  }
}

/** The event name an example payload fires, refusing one the strict parser would not accept. */
export function eventNameOf(webhooks, payload, where) {
  try {
    return webhooks.parseWebhook(payload, { strict: true }).name;
  } catch (error) {
    throw new Error(`${where}: the example does not parse as a webhook: ${error.message}`, { cause: error });
  }
}

/**
 * The order variants are shown in. `x-zapi-variants` is a detection order: `notification` leads it
 * because system events can carry content keys too, not because it is the common case. A reader
 * starts with an ordinary message, so notifications go after the content variants, before
 * `waitingMessage` (no content at all).
 */
export function readingOrder(variants) {
  const rest = variants.filter((v) => v !== 'notification' && v !== 'waitingMessage');
  return [...rest, ...variants.filter((v) => v === 'notification'), ...variants.filter((v) => v === 'waitingMessage')];
}

/**
 * Sorts a kind's examples plainest first: by variant in reading order, then, for kinds whose
 * examples differ by `status`, in the order the schema lists the status values (their lifecycle:
 * SENT before READ). Ties keep the spec's order, which already puts `Kind.variant` before its cases.
 */
export function orderExamples(examples, { variants, statuses }) {
  const order = readingOrder(variants);
  const variantRank = (e) => (e.variant ? order.indexOf(e.variant) : -1);
  const statusRank = (e) => {
    const i = statuses.indexOf(e.payload?.status);
    return i === -1 ? statuses.length : i;
  };
  return examples
    .map((e, index) => ({ e, index }))
    .sort((a, b) => variantRank(a.e) - variantRank(b.e) || statusRank(a.e) - statusRank(b.e) || a.index - b.index)
    .map(({ e }) => e);
}

/** What to log in a kind's or a variant's sample handler: the narrowed content, or the whole payload. */
export const handlerBody = (variant) => (variant ? `console.log(payload.phone, payload.${variant});` : 'console.log(payload);');

/** How an example is labelled: its event name, and the case it shows when it is not the plain one. */
export function exampleLabel({ name, eventName, variant }) {
  if (name === variant || name === 'default') return eventName;
  const detail = variant && name.startsWith(`${variant}.`) ? name.slice(variant.length + 1) : name;
  return `${eventName} (${detail})`;
}
