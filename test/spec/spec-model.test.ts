// The operation model (packages/shared/src/spec-model.js) on small documents written here: each row
// gives a document and the model it must read out of it, written out literally.
import { describe, expect, it } from 'vitest';
import {
  documentedResponse,
  instancePrefix,
  instancePrefixPattern,
  readOperations,
  templatePath,
  type SpecOperation,
} from '../../packages/shared/src/index.js';

const PREFIX = '/instances/{instanceId}/token/{token}';
const credentials = [
  { name: 'instanceId', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
];
const json = (schema: object = { type: 'object' }) => ({ content: { 'application/json': { schema } } });
const ok = { '200': { description: 'ok', ...json() } };

/** A document with the given paths (and components), instance credentials by default. */
const doc = (paths: object, extra: object = {}) => ({ openapi: '3.1.0', security: [{ ClientToken: [] }], paths, ...extra });
/** A document with one operation. */
const one = (path: string, method: string, operation: object, extra: object = {}) =>
  doc({ [path]: { [method]: { operationId: 'op', tags: ['Chats'], responses: ok, ...operation } } }, extra);
const read = (d: object): SpecOperation => readOperations(d)[0]!;

describe('readOperations', () => {
  it.each([
    ['the document-wide ClientToken', {}, 'instance'],
    ['its own ClientToken', { security: [{ ClientToken: [] }] }, 'instance'],
    ['the PartnerToken', { security: [{ PartnerToken: [] }] }, 'partner'],
    ['PartnerToken beside another scheme', { security: [{ ClientToken: [] }, { PartnerToken: [] }] }, 'partner'],
    ['`security: []`', { security: [] }, 'none'],
  ])('scope: an operation with %s is %s', (_, operation, scope) => {
    expect(read(one('/x', 'get', operation)).scope).toBe(scope);
  });

  it.each([
    ['an unknown scheme', { security: [{ ApiKey: [] }] }, 'operation op has no ClientToken or PartnerToken security'],
    ['no 2xx response', { responses: { '400': { description: 'no' } } }, 'operation op documents no 2xx response'],
    ['no tag', { tags: [] }, 'operation op has no tag'],
    [
      'a body that is not JSON',
      { requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } },
      'operation op has a request body that is not application/json',
    ],
    [
      'a body field named like a query parameter',
      {
        parameters: [{ name: 'phone', in: 'query', schema: { type: 'string' } }],
        requestBody: json({ type: 'object', properties: { phone: { type: 'string' } } }),
      },
      'op: body field "phone" is also a path or query parameter',
    ],
    [
      'a $ref to nothing',
      { requestBody: { $ref: '#/components/requestBodies/Missing' } },
      'unresolved $ref #/components/requestBodies/Missing',
    ],
  ])('refuses an operation with %s', (_, operation, message) => {
    expect(() => readOperations(one('/x', 'post', operation))).toThrow(message);
  });

  it('refuses one operationId used twice', () => {
    const op = { operationId: 'same', tags: ['Chats'], responses: ok };
    expect(() => readOperations(doc({ '/a': { get: op }, '/b': { get: op } }))).toThrow('operationId same is used twice');
  });

  it.each([
    ['application/json', { '200': { description: 'ok', ...json() } }, { status: 200, kind: 'json', mediaType: 'application/json' }],
    [
      'a +json type',
      { '200': { description: 'ok', content: { 'application/problem+json': { schema: {} } } } },
      { status: 200, kind: 'json', mediaType: 'application/problem+json' },
    ],
    [
      'an image',
      { '200': { description: 'ok', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } } },
      { status: 200, kind: 'binary', mediaType: 'image/png' },
    ],
    [
      'text',
      { '201': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
      { status: 201, kind: 'text', mediaType: 'text/plain' },
    ],
    [
      'JSON beside text (JSON wins)',
      { '200': { description: 'ok', content: { 'text/plain': {}, 'application/json': {} } } },
      { status: 200, kind: 'json', mediaType: 'application/json' },
    ],
    ['no content', { '204': { description: 'done' } }, { status: 204, kind: 'empty' }],
    [
      'an error first, then the 2xx',
      { '400': { description: 'no', ...json() }, '200': { description: 'ok', content: { 'image/png': {} } } },
      { status: 200, kind: 'binary', mediaType: 'image/png' },
    ],
  ])('response kind: %s', (_, responses, want) => {
    expect(read(one('/x', 'get', { responses })).response).toMatchObject(want);
  });

  it('follows $refs to parameters, bodies and responses (chains too) and points at where each really is', () => {
    const components = {
      parameters: {
        Phone: { name: 'phone', in: 'path', required: true, schema: { type: 'string' }, example: '5511999999999' },
        PhoneAgain: { $ref: '#/components/parameters/Phone' },
      },
      requestBodies: {
        Text: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Text' }, example: { message: 'hi' } } },
        },
      },
      schemas: { Text: { type: 'object', properties: { message: { type: 'string' }, delayMessage: { type: 'integer' } } } },
      responses: {
        Sent: { description: 'sent', content: { 'application/json': { schema: { type: 'object' }, example: { zaapId: 'Z1' } } } },
      },
    };
    const op = read(
      one(
        '/chats/{phone}',
        'post',
        {
          parameters: [{ $ref: '#/components/parameters/PhoneAgain' }],
          requestBody: { $ref: '#/components/requestBodies/Text' },
          responses: { '200': { $ref: '#/components/responses/Sent' } },
        },
        { components },
      ),
    );
    expect(op.parameters).toEqual([{ name: 'phone', in: 'path', required: true, schema: { type: 'string' }, example: '5511999999999' }]);
    expect(op.pathParams).toEqual(['phone']);
    expect(op.body).toEqual({
      kind: 'object',
      required: true,
      schemaPointer: '#/components/requestBodies/Text/content/application~1json/schema',
      fields: ['delayMessage', 'message'],
      example: { message: 'hi' },
    });
    expect(op.response).toEqual({
      status: 200,
      kind: 'json',
      mediaType: 'application/json',
      schemaPointer: '#/components/responses/Sent/content/application~1json/schema',
      example: { zaapId: 'Z1' },
    });
    expect(op.responses).toEqual({
      '200': { content: { 'application/json': '#/components/responses/Sent/content/application~1json/schema' } },
    });
  });

  it.each([
    ['an object', { type: 'object', properties: { b: {}, a: {} } }, { kind: 'object', fields: ['a', 'b'] }],
    [
      'a union of objects (fields of every branch)',
      {
        oneOf: [
          { type: 'object', properties: { a: {} } },
          { type: 'object', properties: { b: {} } },
        ],
      },
      { kind: 'object', fields: ['a', 'b'] },
    ],
    ['an array', { type: 'array', items: { type: 'string' } }, { kind: 'raw', fields: [] }],
  ])('body: %s', (_, schema, want) => {
    expect(read(one('/x', 'post', { requestBody: json(schema) })).body).toMatchObject(want);
  });

  it('an operation without a body has body kind none', () => {
    expect(read(one('/x', 'get', {})).body).toEqual({ kind: 'none' });
  });

  it.each([
    ['GET', 'get', {}, true],
    ['POST', 'post', {}, false],
    ['PUT marked x-zapi-idempotent: true', 'put', { 'x-zapi-idempotent': true }, true],
    ['GET marked x-zapi-idempotent: false', 'get', { 'x-zapi-idempotent': false }, false],
  ])('idempotent: %s → %s', (_, method, operation, idempotent) => {
    expect(read(one('/x', method, operation)).idempotent).toBe(idempotent);
  });

  it.each([
    ['none', {}, null, []],
    [
      'page pagination and mistaken paths',
      { 'x-zapi-pagination': { style: 'page', items: 'chats' }, 'x-zapi-mistaken-paths': ['GET /chat', 'POST /chats'] },
      { style: 'page', items: 'chats' },
      ['GET /chat', 'POST /chats'],
    ],
    [
      'cursor pagination',
      { 'x-zapi-pagination': { style: 'cursor', cursor: 'nextCursor', next: 'nextCursor' } },
      { style: 'cursor', cursor: 'nextCursor', next: 'nextCursor' },
      [],
    ],
  ])('extensions: %s', (_, operation, pagination, mistakenPaths) => {
    const op = read(one('/x', 'get', operation));
    expect(op.pagination).toEqual(pagination);
    expect(op.mistakenPaths).toEqual(mistakenPaths);
  });

  it.each([
    ['an instance operation under the prefix is relative to it', `${PREFIX}/chats/{phone}`, {}, '/chats/{phone}', ['phone']],
    [
      'a partner operation under the prefix keeps the whole path and its credentials',
      `${PREFIX}/integrator/on-demand/cancel`,
      { security: [{ PartnerToken: [] }] },
      `${PREFIX}/integrator/on-demand/cancel`,
      ['instanceId', 'token'],
    ],
    [
      'a partner operation elsewhere keeps its path',
      '/instances/integrator/on-demand',
      { security: [{ PartnerToken: [] }] },
      '/instances/integrator/on-demand',
      [],
    ],
    [
      'a control-API operation keeps its path',
      '/_sandbox/instances/{instanceId}',
      { security: [] },
      '/_sandbox/instances/{instanceId}',
      ['instanceId'],
    ],
  ])('client path: %s', (_, path, operation, clientPath, pathParams) => {
    const params = [...credentials, { name: 'phone', in: 'path', required: true, schema: { type: 'string' } }].filter((p) =>
      path.includes(`{${p.name}}`),
    );
    const op = read(one(path, 'get', { parameters: params, ...operation }));
    expect(op.path).toBe(path);
    expect(op.clientPath).toBe(clientPath);
    expect(op.pathParams).toEqual(pathParams);
  });

  it('path-level and operation-level parameters, tag and its client property, sorted by operationId', () => {
    const d = doc({
      [`${PREFIX}/chats`]: {
        parameters: credentials,
        get: {
          operationId: 'listChats',
          tags: ['Chats'],
          parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' }, example: 1 }],
          responses: ok,
        },
      },
      [`${PREFIX}/send-text`]: { parameters: credentials, post: { operationId: 'sendText', tags: ['Messages'], responses: ok } },
      [`${PREFIX}/business/tags`]: { parameters: credentials, get: { operationId: 'getTags', tags: ['Tags'], responses: ok } },
    });
    expect(readOperations(d).map((o) => [o.operationId, o.tag, o.tagProperty, o.method, o.clientPath, o.queryParams])).toEqual([
      ['getTags', 'Tags', 'tags', 'get', '/business/tags', []],
      ['listChats', 'Chats', 'chats', 'get', '/chats', ['page']],
      ['sendText', 'Messages', 'messages', 'post', '/send-text', []],
    ]);
  });
});

describe('documentedResponse', () => {
  const op = read(
    one('/x', 'get', {
      responses: {
        '200': { description: 'ok', ...json() },
        '404': { description: 'no', ...json() },
        '4XX': { description: 'client', content: { 'text/plain': {} } },
        default: { description: 'any' },
      },
    }),
  );
  it.each([
    [200, { key: '200', content: { 'application/json': '#/paths/~1x/get/responses/200/content/application~1json/schema' } }],
    [404, { key: '404', content: { 'application/json': '#/paths/~1x/get/responses/404/content/application~1json/schema' } }],
    [429, { key: '4XX', content: { 'text/plain': null } }],
    [503, { key: 'default', content: {} }],
  ])('status %s → %o', (status, want) => {
    expect(documentedResponse(op, status)).toEqual(want);
  });
  it('undefined when nothing applies', () => {
    expect(documentedResponse(read(one('/x', 'get', {})), 500)).toBeUndefined();
  });
});

describe('the instance prefix', () => {
  it.each([
    ['/instances/I1/token/T1/status', '/instances/{instanceId}/token/{token}/status'],
    ['/instances/I1/token/T1', '/instances/{instanceId}/token/{token}'],
    ['/instances/integrator/on-demand', '/instances/integrator/on-demand'],
    ['/INSTANCES/I1/TOKEN/T1/status', '/INSTANCES/I1/TOKEN/T1/status'],
    ['/x/instances/I1/token/T1', '/x/instances/I1/token/T1'],
  ])('templatePath(%s) = %s', (pathname, want) => {
    expect(templatePath(pathname)).toBe(want);
  });
  it('instancePrefix fills the placeholders with the values as given', () => {
    expect(instancePrefix('I1', 'T1')).toBe('/instances/I1/token/T1');
    expect(instancePrefix('I1', '$&$1')).toBe('/instances/I1/token/$&$1');
  });
  it('instancePrefixPattern matches one segment per placeholder, in any case when asked', () => {
    expect(instancePrefixPattern().exec('/instances/I1/token/T1/status')?.[0]).toBe('/instances/I1/token/T1');
    expect(instancePrefixPattern().test('/instances//token/T1/status')).toBe(false);
    expect(instancePrefixPattern('i').exec('/Instances/I1/TOKEN/T1/status')?.[0]).toBe('/Instances/I1/TOKEN/T1');
  });
});
