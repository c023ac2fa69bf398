// Code samples shown beside each operation and webhook in the docs, written from the spec's own
// examples: the @zapi-kit/client call a user types, the same request as curl, and the dispatcher
// handler of a webhook event. The test suite compiles every TypeScript sample against the packages.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const INLINE_WIDTH = 72;

const quote = (text) =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
const key = (name) => (IDENTIFIER.test(name) ? name : quote(name));

/** A JSON value as a TypeScript literal, one property a line once it no longer fits on one. */
export function tsLiteral(value, indent = '') {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? quote(value) : JSON.stringify(value);
  const inner = `${indent}  `;
  const isArray = Array.isArray(value);
  const parts = isArray
    ? value.map((v) => tsLiteral(v, inner))
    : Object.entries(value).map(([k, v]) => `${key(k)}: ${tsLiteral(v, inner)}`);
  if (parts.length === 0) return isArray ? '[]' : '{}';
  const [open, close] = isArray ? ['[', ']'] : ['{ ', ' }'];
  const flat = isArray ? `[${parts.join(', ')}]` : `${open}${parts.join(', ')}${close}`;
  if (flat.length + indent.length <= INLINE_WIDTH && !flat.includes('\n')) return flat;
  return `${open.trim()}\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}${close.trim()}`;
}

/** Every request-body example of an operation, in the spec's order, with its summary. */
export function bodyExamples(requestBody, resolve) {
  const media = requestBody?.content?.['application/json'];
  if (!media) return [];
  if (media.example !== undefined) return [{ summary: undefined, value: media.example }];
  return Object.entries(media.examples ?? {}).map(([name, ref]) => {
    const e = resolve(ref).node;
    return { summary: e.summary ?? name, value: e.value };
  });
}

/**
 * One call per body example (or one call when there is no body): the path and query parameters
 * with their examples, and the body's fields, in one object, as the generated methods take them.
 * `op` is the operation model (packages/shared/src/spec-model.js); `bodies` its body examples.
 */
export function callArguments(op, bodies) {
  const fromParameters = {};
  for (const p of op.parameters) {
    if (!op.pathParams.includes(p.name) && !op.queryParams.includes(p.name)) continue;
    if (p.example === undefined) {
      if (p.required) throw new Error(`${op.operationId}: required ${p.in} parameter "${p.name}" has no example to write a sample with`);
      continue;
    }
    fromParameters[p.name] = p.example;
  }
  if (op.body.required && bodies.length === 0) throw new Error(`${op.operationId}: the request body has no example to write a sample with`);
  if (bodies.length === 0) return [{ summary: undefined, params: fromParameters }];
  return bodies.map(({ summary, value }) =>
    op.body.kind === 'raw' ? { summary, params: { ...fromParameters, body: value } } : { summary, params: { ...fromParameters, ...value } },
  );
}

/** `zapi.messages.sendText` on the instance client, `partner.createInstance` on the partner client. */
export const methodName = (op) => (op.scope === 'partner' ? `partner.${op.operationId}` : `zapi.${op.tagProperty}.${op.operationId}`);

const CLIENT_SETUP = {
  instance: [
    "import { createZapiClient } from '@zapi-kit/client';",
    '',
    'const zapi = createZapiClient({',
    '  instanceId: process.env.ZAPI_INSTANCE_ID!,',
    '  token: process.env.ZAPI_INSTANCE_TOKEN!,',
    '  clientToken: process.env.ZAPI_CLIENT_TOKEN,',
    '});',
  ],
  partner: [
    "import { createZapiPartnerClient } from '@zapi-kit/client';",
    '',
    'const partner = createZapiPartnerClient({ partnerToken: process.env.ZAPI_PARTNER_TOKEN! });',
  ],
};

/** What the call resolves to, named for the reader: nothing for an empty answer. */
const RESULT_NAME = { json: 'const result = ', text: 'const answer = ', binary: 'const bytes = ', empty: '' };

/** The TypeScript sample of an operation: the client set up from the environment, then one call per example. */
export function clientSample(op, calls) {
  const lines = [...CLIENT_SETUP[op.scope], ''];
  calls.forEach(({ summary, params }, i) => {
    if (calls.length > 1) lines.push(`${i > 0 ? '\n' : ''}// ${summary}`);
    const args = Object.keys(params).length > 0 ? tsLiteral(params) : '';
    const result = calls.length > 1 ? '' : RESULT_NAME[op.response.kind];
    lines.push(`${result}await ${methodName(op)}(${args});`);
  });
  return lines.join('\n');
}

const shellQuote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The URL of a call: the instance credentials from the environment, other path parameters from the example. */
function curlUrl(op, serverUrl, params) {
  let url = op.path.replace(/\{(\w+)\}/g, (match, name) => {
    if (op.scope === 'instance' && name === 'instanceId') return '$ZAPI_INSTANCE_ID';
    if (op.scope === 'instance' && name === 'token') return '$ZAPI_INSTANCE_TOKEN';
    if (params[name] === undefined) throw new Error(`${op.operationId}: path parameter "${name}" has no example`);
    return encodeURIComponent(String(params[name]));
  });
  const query = op.queryParams
    .filter((q) => params[q] !== undefined)
    .map((q) => `${encodeURIComponent(q)}=${encodeURIComponent(String(params[q]))}`);
  if (query.length > 0) url += `?${query.join('&')}`;
  return `"${serverUrl}${url}"`;
}

/** The curl sample of an operation: one command per example, credentials from the environment. */
export function curlSample(op, calls, serverUrl) {
  return calls
    .map(({ summary, params }) => {
      const body = Object.fromEntries(
        Object.entries(params).filter(([name]) => !op.pathParams.includes(name) && !op.queryParams.includes(name)),
      );
      const lines = [`curl -X ${op.method.toUpperCase()} ${curlUrl(op, serverUrl, params)}`];
      lines.push(op.scope === 'partner' ? '-H "Authorization: Bearer $ZAPI_PARTNER_TOKEN"' : '-H "Client-Token: $ZAPI_CLIENT_TOKEN"');
      if (op.body.kind !== 'none' && (Object.keys(body).length > 0 || op.body.required)) {
        lines.push("-H 'Content-Type: application/json'");
        lines.push(`-d ${shellQuote(JSON.stringify(op.body.kind === 'raw' ? body.body : body))}`);
      }
      if (op.response.kind === 'binary') lines.push(`-o ${op.operationId}.bin`);
      const command = lines.join(' \\\n  ');
      return summary && calls.length > 1 ? `# ${summary}\n${command}` : command;
    })
    .join('\n\n');
}

/** The dispatcher sample of a webhook event: a handler registered under the event's name. */
export function dispatcherSample(eventName, payloadLine) {
  return [
    "import { createWebhookDispatcher } from '@zapi-kit/webhooks';",
    '',
    'export const dispatcher = createWebhookDispatcher();',
    '',
    `dispatcher.on('${eventName}', ({ payload }) => {`,
    `  ${payloadLine}`,
    '});',
  ].join('\n');
}
