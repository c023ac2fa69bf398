// Types and the operation table for @zapi-kit/client.
import openapiTS, { astToString } from 'openapi-typescript';
import path from 'node:path';
import { GENERATED_BANNER, writeText } from '../lib/write.mjs';
import { INSTANCE_PARAMETERS, createResolver } from '../../packages/shared/src/spec-model.js';

/**
 * The part of the document one client sees: the operations of one scope, keyed by the path that
 * client calls. For the instance client the credentials prefix is part of the base URL, so its paths
 * are relative and carry no instanceId/token parameters.
 */
function scopedDocument(doc, operations, scope) {
  const resolve = createResolver(doc);
  // The instance client's base URL carries the prefix: its calls take no instanceId or token.
  const withoutCredentials = (parameters) =>
    parameters?.filter((p) => {
      const { node } = resolve(p);
      return !(node.in === 'path' && INSTANCE_PARAMETERS.includes(node.name));
    });
  const paths = {};
  for (const op of operations.filter((o) => o.scope === scope)) {
    const source = doc.paths[op.path];
    const relative = op.clientPath !== op.path;
    const target = (paths[op.clientPath] ??= relative
      ? { ...(source.parameters && { parameters: withoutCredentials(source.parameters) }) }
      : { ...(source.parameters && { parameters: source.parameters }) });
    const operation = structuredClone(source[op.method]);
    if (relative && operation.parameters) operation.parameters = withoutCredentials(operation.parameters);
    target[op.method] = operation;
  }
  return { ...doc, paths, webhooks: undefined };
}

async function typesOf(doc) {
  const ast = await openapiTS(doc, { alphabetize: true });
  // openapi-typescript writes descriptions as an `@description` tag, which editors show apart from
  // (or not at all in) the hover text: make them the comment's own text.
  const text = astToString(ast).replace(/(\/\*\* |^\s*\* )@description /gm, '$1');
  return `/** ${GENERATED_BANNER} */\n\n${text}`;
}

/**
 * The types of one client's scope: its paths and operations, with the component types imported
 * from openapi.ts instead of declared a second time.
 */
async function scopedTypesOf(doc) {
  const lines = (await typesOf(doc)).split('\n');
  const start = lines.indexOf('export interface components {');
  const end = lines.indexOf('}', start);
  if (start === -1 || end === -1) throw new Error('openapi-typescript output has no components interface to share');
  lines.splice(start, end - start + 1);
  lines.splice(2, 0, "import type { components } from './openapi.js';", '');
  return lines.join('\n');
}

function operationTable(operations) {
  const rows = operations.map((op) => {
    // Compact: the client ships this table, so defaults are left out (see packages/client/src/table.ts).
    const entry = {
      tag: op.tag,
      method: op.method,
      path: op.clientPath,
      ...(op.scope !== 'instance' && { scope: op.scope }),
      ...(op.pathParams.length > 0 && { pathParams: op.pathParams }),
      ...(op.queryParams.length > 0 && { queryParams: op.queryParams }),
      ...(op.body.kind !== 'none' && { body: op.body.kind }),
      ...(op.response.kind !== 'json' && { response: op.response.kind }),
      ...(op.idempotent && { idempotent: true }),
      ...(op.pagination && { pagination: op.pagination }),
    };
    return `  ${op.operationId}: ${JSON.stringify(entry)},`;
  });
  return `/** ${GENERATED_BANNER} */

/**
 * Every operation of the spec: how the client addresses it and how it reads the answer. Defaults
 * are left out: scope "instance", no path or query parameters, body "none", response "json",
 * not idempotent.
 */
export const operations = {
${rows.join('\n')}
} as const;

export type OperationId = keyof typeof operations;
export type InstanceOperationId = { [K in OperationId]: (typeof operations)[K] extends { scope: 'partner' } ? never : K }[OperationId];
export type PartnerOperationId = Exclude<OperationId, InstanceOperationId>;
`;
}

/** JSDoc from the spec's summary and description, with the HTTP call it makes. */
function jsDoc(op, indent) {
  const lines = [
    op.summary,
    '',
    ...op.description
      .trimEnd()
      .split('\n')
      .map((l) => l.trim()),
    '',
    `\`${op.method.toUpperCase()} ${op.path}\``,
  ];
  if (op.idempotent) lines.push('', 'Safe to repeat: retried on network errors, 429 and 5xx.');
  const body = lines.map((l) => `${indent} *${l ? ` ${l.replace(/\*\//g, '*\\/')}` : ''}`).join('\n');
  return `${indent}/**\n${body}\n${indent} */`;
}

function methodSignature(op, indent) {
  return `${jsDoc(op, indent)}\n${indent}readonly ${op.operationId}: M['${op.operationId}'];`;
}

/** Interfaces of the generated methods: `zapi.<tag>.<operationId>(params, options)` and the partner client's flat methods. */
function methodInterfaces(operations) {
  const instance = operations.filter((o) => o.scope === 'instance');
  const tags = [...new Set(instance.map((o) => o.tag))].sort();
  const groups = tags.map((tag) => {
    const methods = instance.filter((o) => o.tag === tag).map((o) => methodSignature(o, '    '));
    return `  /** ${tag} operations. */\n  readonly ${instance.find((o) => o.tag === tag).tagProperty}: {\n${methods.join('\n')}\n  };`;
  });
  const partner = operations.filter((o) => o.scope === 'partner').map((o) => methodSignature(o, '  '));
  return `/** ${GENERATED_BANNER} */
import type { InstanceOperationId, PartnerOperationId } from './operations.js';

/**
 * The instance client's methods, one per operation, grouped by the spec's tags, with the spec's
 * documentation. \`M\` gives each operation's method type (the client defines it).
 */
export interface InstanceMethods<M extends Record<InstanceOperationId, unknown>> {
${groups.join('\n')}
}

/** The partner client's methods, one per partner operation. */
export interface PartnerMethods<M extends Record<PartnerOperationId, unknown>> {
${partner.join('\n')}
}
`;
}

export async function generateClientTypes(doc, operations, dir) {
  await writeText(path.join(dir, 'openapi.ts'), await typesOf({ ...doc }));
  await writeText(path.join(dir, 'instance.ts'), await scopedTypesOf(scopedDocument(doc, operations, 'instance')));
  await writeText(path.join(dir, 'partner.ts'), await scopedTypesOf(scopedDocument(doc, operations, 'partner')));
  await writeText(path.join(dir, 'operations.ts'), operationTable(operations));
  await writeText(path.join(dir, 'methods.ts'), methodInterfaces(operations));
}
