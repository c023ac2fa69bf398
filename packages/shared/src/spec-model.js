// The only reader of the bundled OpenAPI document. Everything that needs to know an operation (the
// client's table and method types, the mock's routes, the tests, `npm start`) reads the operation
// model this module writes to generated/operations.json, never the document itself: a rule about
// scopes, `$ref`s or response kinds then lives here and nowhere else.

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The prefix that carries the instance credentials in every instance operation's path. */
export const INSTANCE_PREFIX = '/instances/{instanceId}/token/{token}';

/** The path parameters of the prefix (`instanceId`, `token`): the instance client binds them once, in its base URL. */
export const INSTANCE_PARAMETERS = [...INSTANCE_PREFIX.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/**
 * The prefix of one instance: `instancePrefix('I1', 'T1')` is `/instances/I1/token/T1`. The values go
 * in as given (a function replacer, so `$&` in a token stays text): encode them first for a URL.
 */
export const instancePrefix = (instanceId, token) =>
  INSTANCE_PREFIX.replace('{instanceId}', () => instanceId).replace('{token}', () => token);

/** Matches the instance prefix at the start of a concrete path (`/instances/I1/token/T1/...`): each placeholder is one segment. */
export const instancePrefixPattern = (flags = '') =>
  new RegExp(
    `^${INSTANCE_PREFIX.split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\/]/g, '\\$&'))
      .join('[^/]+')}`,
    flags,
  );

/** A concrete path with its instance id and token put back as placeholders, so paths group across instances. */
export const templatePath = (pathname) => pathname.replace(instancePrefixPattern(), INSTANCE_PREFIX);

/** A JSON pointer fragment (`#/a/b~1c`, URI-encoded) for a path of keys, as ajv and `$ref`s address schemas. */
export const pointerOf = (...keys) =>
  `#/${keys.map((k) => encodeURIComponent(String(k).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

/** `Instance` → `instance`, `Chats` → `chats`: the client property a tag's methods hang from. */
export const tagProperty = (tag) => tag.charAt(0).toLowerCase() + tag.slice(1);

/**
 * Follows local `$ref`s (`#/components/...`), chains included, and says where the value really
 * lives: `{ node, pointer }`. Every object read out of the document goes through here, so no reader
 * can look at a `$ref` and take it for an empty object (the bug that dropped 41 response bodies).
 */
export function createResolver(doc) {
  const at = (pointer) => {
    if (!pointer.startsWith('#/')) throw new Error(`only local $refs are supported, got ${pointer}`);
    let node = doc;
    for (const raw of pointer.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = node?.[key];
      if (node === undefined) throw new Error(`unresolved $ref ${pointer}`);
    }
    return node;
  };
  return function resolve(node, pointer) {
    const seen = new Set();
    while (node && typeof node === 'object' && typeof node.$ref === 'string') {
      if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
      seen.add(node.$ref);
      pointer = node.$ref;
      node = at(node.$ref);
    }
    return { node, pointer };
  };
}

const JSON_TYPE = (t) => t === 'application/json' || t.endsWith('+json');

/** How a successful answer is read, from the media type of its first 2xx response. */
function responseOf(resolve, operation, opPointer) {
  const status = Object.keys(operation.responses ?? {}).find((s) => /^2/.test(s));
  if (!status) throw new Error(`operation ${operation.operationId} documents no 2xx response`);
  const { node: response, pointer } = resolve(operation.responses[status], pointerOf(...opPointer, 'responses', status));
  const types = Object.keys(response.content ?? {});
  const mediaType = types.find(JSON_TYPE) ?? types.find((t) => t.startsWith('text/')) ?? types[0];
  const kind = !mediaType ? 'empty' : JSON_TYPE(mediaType) ? 'json' : mediaType.startsWith('text/') ? 'text' : 'binary';
  const media = mediaType ? response.content[mediaType] : undefined;
  return {
    status: Number(status),
    kind,
    ...(mediaType && { mediaType, schemaPointer: pointerOf(...pointerPath(pointer), 'content', mediaType, 'schema') }),
    ...(media && exampleOf(resolve, media) !== undefined && { example: exampleOf(resolve, media) }),
  };
}

/**
 * Every response the operation documents, keyed as the document keys them (`200`, `4XX`, `default`):
 * for each, the schema of each media type (null for a media type without one).
 */
function responsesOf(resolve, operation, opPointer) {
  return Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, raw]) => {
      const { node: response, pointer } = resolve(raw, pointerOf(...opPointer, 'responses', status));
      const content = Object.fromEntries(
        Object.entries(response.content ?? {}).map(([mediaType, media]) => [
          mediaType,
          media.schema === undefined ? null : pointerOf(...pointerPath(pointer), 'content', mediaType, 'schema'),
        ]),
      );
      return [status, { content }];
    }),
  );
}

/**
 * The response an operation documents for a status, as OpenAPI picks it: the exact code, then its
 * range (`4XX`), then `default`. Undefined when none applies.
 */
export function documentedResponse(operation, status) {
  const key = [String(status), `${Math.floor(status / 100)}XX`, 'default'].find((k) => operation.responses[k] !== undefined);
  return key === undefined ? undefined : { key, ...operation.responses[key] };
}

/** `#/a/b` → `['a', 'b']`, unescaped. */
const pointerPath = (pointer) =>
  pointer
    .slice(2)
    .split('/')
    .map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~'));

/** The first example of a media object or parameter, whichever way it is written. */
function exampleOf(resolve, holder) {
  if (holder.example !== undefined) return holder.example;
  const first = Object.values(holder.examples ?? {})[0];
  return first === undefined ? undefined : resolve(first).node.value;
}

/**
 * `instance` operations are called with the instance credentials in the path and the Client-Token
 * header; `partner` operations with the partner bearer token (some of them under the instance path).
 */
function scopeOf(doc, operation) {
  const security = operation.security ?? doc.security;
  // `security: []` says "no credentials": the sandbox's own control API.
  if (Array.isArray(security) && security.length === 0) return 'none';
  const schemes = (security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.includes('PartnerToken')) return 'partner';
  if (schemes.includes('ClientToken')) return 'instance';
  throw new Error(`operation ${operation.operationId} has no ClientToken or PartnerToken security`);
}

/** `object` bodies (or unions of objects) are passed as a method's own fields; other JSON (a bare array) as `body`. */
function bodyOf(resolve, operation, opPointer) {
  if (!operation.requestBody) return { kind: 'none' };
  const { node: requestBody, pointer } = resolve(operation.requestBody, pointerOf(...opPointer, 'requestBody'));
  const media = requestBody.content?.['application/json'];
  if (!media) throw new Error(`operation ${operation.operationId} has a request body that is not application/json`);
  const schema = resolve(media.schema).node;
  const shapes = (schema.oneOf ?? schema.anyOf ?? [schema]).map((s) => resolve(s).node);
  const isObject = shapes.every((s) => s.type === 'object');
  const example = exampleOf(resolve, media);
  return {
    kind: isObject ? 'object' : 'raw',
    required: Boolean(requestBody.required),
    schemaPointer: pointerOf(...pointerPath(pointer), 'content', 'application/json', 'schema'),
    fields: isObject ? [...new Set(shapes.flatMap((s) => Object.keys(s.properties ?? {})))].sort() : [],
    ...(example !== undefined && { example }),
  };
}

/** The operation model: one entry per operation, sorted by operationId. */
export function readOperations(doc) {
  const resolve = createResolver(doc);
  const operations = [];
  for (const [path, pathItem] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const opPointer = ['paths', path, method];
      const scope = scopeOf(doc, operation);
      // Instance operations are addressed relative to the instance base URL, which binds the credentials once.
      const relative = scope === 'instance' && path.startsWith(INSTANCE_PREFIX);
      const bound = relative ? INSTANCE_PARAMETERS : [];
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => {
        const { node } = resolve(p);
        return {
          name: node.name,
          in: node.in,
          required: Boolean(node.required),
          ...(node.schema && { schema: resolve(node.schema).node }),
          ...(exampleOf(resolve, node) !== undefined && { example: exampleOf(resolve, node) }),
        };
      });
      const pathParams = parameters.filter((p) => p.in === 'path' && !bound.includes(p.name)).map((p) => p.name);
      const queryParams = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const body = bodyOf(resolve, operation, opPointer);
      // Methods take path, query and body fields in one object: a name in two places would be ambiguous.
      const clash = (body.fields ?? []).find((f) => pathParams.includes(f) || queryParams.includes(f));
      if (clash) throw new Error(`${operation.operationId}: body field "${clash}" is also a path or query parameter`);
      if (!operation.tags?.[0]) throw new Error(`operation ${operation.operationId} has no tag`);
      operations.push({
        operationId: operation.operationId,
        tag: operation.tags[0],
        tagProperty: tagProperty(operation.tags[0]),
        method,
        path,
        clientPath: relative ? path.slice(INSTANCE_PREFIX.length) : path,
        scope,
        parameters,
        pathParams,
        queryParams,
        body,
        response: responseOf(resolve, operation, opPointer),
        responses: responsesOf(resolve, operation, opPointer),
        idempotent: operation['x-zapi-idempotent'] ?? method === 'get',
        pagination: operation['x-zapi-pagination'] ?? null,
        mistakenPaths: operation['x-zapi-mistaken-paths'] ?? [],
        summary: operation.summary ?? '',
        description: operation.description ?? '',
      });
    }
  }
  const ids = operations.map((o) => o.operationId);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`operationId ${duplicate} is used twice`);
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}
