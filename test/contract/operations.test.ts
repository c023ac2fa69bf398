// One contract test per operation of generated/openapi.json, built from the spec's own examples,
// called through its generated @zapi-kit/client method against the mock, its answer validated with ajv against the spec.
import { describe, expect, inject, it } from 'vitest';
import { createZapiClient, createZapiPartnerClient, operations } from '../../packages/client/src/index.js';
import { entryOf } from '../../packages/client/src/table.js';
import { createSpecValidator, pointer } from '../../packages/mock/src/index.js';
import { exampleOf, openapi, specOperations, successStatus, type SpecOperation } from '../support/spec.js';

const validator = createSpecValidator(openapi);
const credentials = {
  instanceId: openapi.components.parameters.InstanceId!.example as string,
  token: openapi.components.parameters.InstanceToken!.example as string,
};
const baseUrl = inject('mockUrl');
const zapi = createZapiClient({ ...credentials, clientToken: 'account-security-token-1', baseUrl });
const partner = createZapiPartnerClient({ partnerToken: 'partner-token-1', baseUrl });

/** The method's params, from the spec's examples; fails loudly when one is missing. */
function paramsFor(op: SpecOperation): Record<string, unknown> {
  const args: { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } = {};
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const scope = entryOf(op.operationId)!.scope;
    // The instance client binds the credentials itself.
    if (scope === 'instance' && (p.name === 'instanceId' || p.name === 'token')) continue;
    if (p.example === undefined) throw new Error(`${op.operationId}: parameter ${p.name} has no example`);
    (args[p.in] ??= {})[p.name] = p.example;
  }
  const media = op.operation.requestBody?.content['application/json'];
  if (media) {
    const body = exampleOf(media);
    if (body === undefined) throw new Error(`${op.operationId}: request body has no example`);
    const validate = validator.schemaAt(pointer('paths', op.path, op.method, 'requestBody', 'content', 'application/json', 'schema'));
    expect(validate(body), `request example of ${op.operationId}: ${JSON.stringify(validate.errors)}`).toBe(true);
    args.body = body;
  }
  // A method takes path, query and body fields in one object (a non-object body as `body`).
  const bodyFields = Array.isArray(args.body) ? { body: args.body } : (args.body as object | undefined);
  return { ...args.path, ...args.query, ...bodyFields };
}

type Method = (params?: Record<string, unknown>) => Promise<unknown>;
const methodOf = (scope: string, tag: string, operationId: string): Method | undefined =>
  scope === 'instance'
    ? (zapi as unknown as Record<string, Record<string, Method>>)[tag.charAt(0).toLowerCase() + tag.slice(1)]?.[operationId]
    : (partner as unknown as Record<string, Method>)[operationId];

const tested = new Set<string>();

describe('every operation answers as documented', () => {
  it.each(specOperations.map((op) => [op.operationId, op] as const))('%s', async (operationId, op) => {
    const entry = entryOf(operationId)!;
    expect(entry, `${operationId} is missing from the generated operation table`).toBeDefined();
    const method = methodOf(entry.scope, entry.tag, operationId);
    expect(method, `${operationId} has a generated method`).toBeTypeOf('function');
    const data = await method!(paramsFor(op));

    const status = successStatus(op.operation)!;
    const [mediaType] = Object.keys(op.operation.responses[status]?.content ?? {});
    if (mediaType === 'application/json') {
      const validate = validator.schemaAt(pointer('paths', op.path, op.method, 'responses', status, 'content', mediaType, 'schema'));
      expect(validate(data), `response of ${operationId}: ${JSON.stringify(validate.errors)}`).toBe(true);
    } else if (mediaType === 'image/png') {
      expect(data).toBeInstanceOf(Uint8Array);
      expect([...(data as Uint8Array).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    } else if (mediaType === undefined) {
      expect(data, `${operationId} documents no body`).toBeUndefined();
    } else if (mediaType.startsWith('text/')) {
      expect(typeof data).toBe('string');
      expect(data).toBe(exampleOf(op.operation.responses[status]!.content![mediaType]));
    } else {
      throw new Error(`${operationId}: no contract check for response media type ${mediaType}`);
    }
    tested.add(operationId);
  });
});

describe('coverage', () => {
  it('every operation of generated/openapi.json has a passing contract test', () => {
    const all = specOperations.map((op) => op.operationId).sort();
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all).size, 'operationIds are unique').toBe(all.length);
    expect([...tested].sort()).toEqual(all);
    expect(Object.keys(operations).sort(), 'the client knows every operation').toEqual(all);
    const methods = all.filter((id) => methodOf(entryOf(id)!.scope, entryOf(id)!.tag, id));
    expect(methods, 'every operation has a method on its client').toEqual(all);
  });
});
