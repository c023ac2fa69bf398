// Reads the operations out of the bundled OpenAPI document: the one list every consumer (client,
// mock, contract tests) derives its behaviour from.
import { INSTANCE_PREFIX } from '../lib/paths.mjs';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `Instance` → `instance`, `Chats` → `chats`: the property a tag's methods hang from. */
export const tagProperty = (tag) => tag.charAt(0).toLowerCase() + tag.slice(1);

/** How a successful answer is read, from the media type of its 2xx response. */
function responseKind(operation) {
  const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status));
  const types = Object.keys(success?.[1]?.content ?? {});
  if (types.length === 0) return 'empty';
  if (types.some((t) => t === 'application/json' || t.endsWith('+json'))) return 'json';
  if (types.some((t) => t.startsWith('text/'))) return 'text';
  return 'binary';
}

/**
 * `instance` operations are called with the instance credentials in the path and the Client-Token
 * header; `partner` operations with the partner bearer token (some of them under the instance path).
 */
function scopeOf(doc, operation) {
  const security = operation.security ?? doc.security ?? [];
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes('PartnerToken')) return 'partner';
  if (schemes.includes('ClientToken')) return 'instance';
  throw new Error(`operation ${operation.operationId} has no ClientToken or PartnerToken security`);
}

function resolveParameter(doc, p) {
  return p.$ref ? doc.components.parameters[p.$ref.replace('#/components/parameters/', '')] : p;
}

function resolveSchema(doc, schema) {
  return schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
}

/** The object shapes a body schema allows: itself, or each branch of its oneOf/anyOf. */
function objectShapes(doc, schema) {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return branches.map((b) => resolveSchema(doc, b));
  return [schema];
}

/** `object` bodies (or unions of objects) are passed as the method's own fields; any other JSON (a bare array) as `body`. */
function bodyKind(doc, operation) {
  const schema = resolveSchema(doc, operation.requestBody?.content?.['application/json']?.schema);
  if (!schema) return 'none';
  return objectShapes(doc, schema).every((s) => s.type === 'object') ? 'object' : 'raw';
}

export function listOperations(doc) {
  const operations = [];
  for (const [pathKey, pathItem] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const scope = scopeOf(doc, operation);
      const relative = scope === 'instance' && pathKey.startsWith(INSTANCE_PREFIX);
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveParameter(doc, p));
      const bound = relative ? new Set(['instanceId', 'token']) : new Set();
      const pathParams = parameters.filter((p) => p.in === 'path' && !bound.has(p.name)).map((p) => p.name);
      const queryParams = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const body = bodyKind(doc, operation);
      if (body === 'object') {
        const shapes = objectShapes(doc, resolveSchema(doc, operation.requestBody.content['application/json'].schema));
        const fields = shapes.flatMap((shape) => Object.keys(shape.properties ?? {}));
        const clash = fields.find((f) => pathParams.includes(f) || queryParams.includes(f));
        // Methods take path, query and body fields in one object: a name in two places would be ambiguous.
        if (clash) throw new Error(`${operation.operationId}: body field "${clash}" is also a path or query parameter`);
      }
      operations.push({
        operationId: operation.operationId,
        tag: operation.tags[0],
        method,
        path: pathKey,
        // Instance operations are addressed relative to the instance base URL, which binds the credentials once.
        clientPath: relative ? pathKey.slice(INSTANCE_PREFIX.length) : pathKey,
        scope,
        pathParams,
        queryParams,
        body,
        bodyRequired: Boolean(operation.requestBody?.required),
        responseKind: responseKind(operation),
        idempotent: operation['x-zapi-idempotent'] ?? method === 'get',
        pagination: operation['x-zapi-pagination'] ?? null,
        summary: operation.summary,
        description: operation.description,
      });
    }
  }
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}
