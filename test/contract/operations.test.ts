// The user's path, end to end, for every operation of the spec: its generated @zapi-kit/client method
// is called against the mock with the spec's examples, and the same request is sent again with plain
// fetch. The method must resolve to exactly what the mock sent on the wire (parsed JSON, the same
// bytes, the same text, or nothing when the mock sent nothing): the expectation comes from the wire,
// not from the spec reader the generator and the client share. The answer is also validated with ajv.
import { describe, expect, inject, it } from 'vitest';
import { createZapiClient, createZapiPartnerClient } from '../../packages/client/src/index.js';
import { createSpecValidator } from '../../packages/mock/src/spec-validator.js';
import { declaredOperationCount, openapi, specOperations, type SpecOperation } from '../support/spec.js';

const validator = createSpecValidator(openapi);
const instanceId = openapi.components.parameters.InstanceId!.example as string;
const token = openapi.components.parameters.InstanceToken!.example as string;
const clientToken = 'account-security-token-1';
const partnerToken = 'partner-token-1';
const baseUrl = inject('mockUrl');
const zapi = createZapiClient({ instanceId, token, clientToken, baseUrl });
const partner = createZapiPartnerClient({ partnerToken, baseUrl });

/** Path, query and body values of a call, from the spec's examples; fails loudly when one is missing. */
function exampleCall(op: SpecOperation) {
  const path: Record<string, string> = { instanceId, token };
  const query = new URLSearchParams();
  const params: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    if (p.in === 'path' && op.scope === 'instance' && (p.name === 'instanceId' || p.name === 'token')) continue;
    if (p.example === undefined) {
      if (p.required) throw new Error(`${op.operationId}: parameter ${p.name} has no example`);
      continue;
    }
    params[p.name] = p.example;
    if (p.in === 'path') path[p.name] = String(p.example);
    else query.append(p.name, String(p.example));
  }
  const body = op.body.kind === 'none' ? undefined : op.body.example;
  if (op.body.kind !== 'none' && body === undefined && op.body.required) throw new Error(`${op.operationId}: request body has no example`);
  if (body !== undefined) Object.assign(params, op.body.kind === 'raw' ? { body } : body);
  const pathname = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name]!));
  return { params, url: `${baseUrl}${pathname}${query.size > 0 ? `?${query}` : ''}`, body };
}

/** The same request, by hand: what a user would send with fetch and the headers Z-API asks for. */
async function sentByFetch(op: SpecOperation, url: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> =
    op.scope === 'instance' ? { 'Client-Token': clientToken } : { Authorization: `Bearer ${partnerToken}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(url, { method: op.method.toUpperCase(), headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

type Method = (params?: Record<string, unknown>) => Promise<unknown>;
const methodOf = (op: SpecOperation): Method | undefined =>
  op.scope === 'instance'
    ? (zapi as unknown as Record<string, Record<string, Method> | undefined>)[op.tagProperty]?.[op.operationId]
    : (partner as unknown as Record<string, Method | undefined>)[op.operationId];

const covered = new Set<string>();

describe('every operation: the method resolves to what the mock sent', () => {
  it.each(specOperations.map((op) => [op.operationId, op] as const))('%s', async (operationId, op) => {
    const method = methodOf(op);
    expect(method, `${operationId} has a generated method`).toBeTypeOf('function');
    const { params, url, body } = exampleCall(op);
    const [data, wire] = await Promise.all([method!(params), sentByFetch(op, url, body)]);

    expect(wire.status, `${operationId}: the plain fetch was answered ${wire.status}`).toBeLessThan(300);
    const type = (wire.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const bytes = new Uint8Array(await wire.arrayBuffer());
    if (bytes.length === 0) {
      expect(data, `${operationId}: the mock sent no body`).toBeUndefined();
    } else if (type === 'application/json' || type.endsWith('+json')) {
      const sent: unknown = JSON.parse(new TextDecoder().decode(bytes));
      expect(data, `${operationId}: the method's value is the JSON body the mock sent`).toEqual(sent);
      const validate = validator.schemaAt(op.response.schemaPointer!);
      expect(validate(data), `response of ${operationId}: ${JSON.stringify(validate.errors)}`).toBe(true);
    } else if (type.startsWith('text/')) {
      expect(data).toBe(new TextDecoder().decode(bytes));
    } else {
      expect(data, `${operationId}: the method's value is the bytes the mock sent`).toEqual(bytes);
    }
    covered.add(operationId);
  });
});

describe('coverage', () => {
  it('every operation the document declares was called end to end through its method', () => {
    expect(specOperations).toHaveLength(declaredOperationCount);
    expect([...covered].sort()).toEqual(specOperations.map((op) => op.operationId).sort());
  });
});
