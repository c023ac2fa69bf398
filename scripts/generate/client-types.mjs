// Types and the operation table for @zapi-kit/client.
import openapiTS, { astToString } from 'openapi-typescript';
import path from 'node:path';
import { GENERATED_BANNER, writeText } from '../lib/write.mjs';
import { HTTP_METHODS } from './operations.mjs';

const CREDENTIAL_PARAMETERS = new Set(['#/components/parameters/InstanceId', '#/components/parameters/InstanceToken']);

const withoutCredentials = (parameters) => parameters?.filter((p) => !CREDENTIAL_PARAMETERS.has(p.$ref));

/**
 * The part of the document one client sees: the operations of one scope, keyed by the path that
 * client calls. For the instance client the credentials prefix is part of the base URL, so its paths
 * are relative and carry no instanceId/token parameters.
 */
function scopedDocument(doc, operations, scope) {
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
  return `/** ${GENERATED_BANNER} */\n\n${astToString(ast)}`;
}

function operationTable(operations) {
  const rows = operations.map((op) => {
    const entry = {
      tag: op.tag,
      method: op.method,
      path: op.clientPath,
      scope: op.scope,
      hasBody: op.hasBody,
      response: op.responseKind,
    };
    return `  ${op.operationId}: ${JSON.stringify(entry)},`;
  });
  return `/** ${GENERATED_BANNER} */

/** Every operation of the spec: how the client addresses it and how it reads the answer. */
export const operations = {
${rows.join('\n')}
} as const;

export type OperationId = keyof typeof operations;
export type InstanceOperationId = { [K in OperationId]: (typeof operations)[K]['scope'] extends 'instance' ? K : never }[OperationId];
export type PartnerOperationId = Exclude<OperationId, InstanceOperationId>;
`;
}

export async function generateClientTypes(doc, operations, outDir) {
  const dir = path.join(outDir, 'client');
  await writeText(path.join(dir, 'openapi.ts'), await typesOf({ ...doc }));
  await writeText(path.join(dir, 'instance.ts'), await typesOf(scopedDocument(doc, operations, 'instance')));
  await writeText(path.join(dir, 'partner.ts'), await typesOf(scopedDocument(doc, operations, 'partner')));
  await writeText(path.join(dir, 'operations.ts'), operationTable(operations));
}

export { HTTP_METHODS };
