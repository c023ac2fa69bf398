// Every operation of the spec against the sandbox, called with the spec's own examples (ids
// swapped for ones the sandbox created): each answer must have the documented status and validate
// against the documented response schema. Plus the meta-test over the modelled list.
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../packages/mock/src/index.js';
import { createSpecValidator } from '../../packages/mock/src/spec-validator.js';
import { generated, openapi, specOperations, type SpecOperation } from '../support/spec.js';

const validator = createSpecValidator(openapi);
const MARIA = '5511999999999';
const OTHER = '5511988887777';
const EXAMPLE_GROUP = /^[0-9]+-group$/;
const EXAMPLE_LINK = /^https:\/\/chat\.whatsapp\.com\/\w+$/;
/** Sections whose every operation the sandbox must model (the issue's goal). */
const MODELLED_TAGS = ['Instance', 'Webhooks', 'Messages', 'Status', 'Queue', 'Chats', 'Contacts', 'Groups'];
/** Run last: they take away what other operations use. */
const DESTRUCTIVE = [
  'modifyChat',
  'removeParticipant',
  'removeAdmin',
  'deleteMessage',
  'deleteQueue',
  'removeContacts',
  'leaveGroup',
  'disconnectInstance',
];

let sandbox: RunningSandbox;
const state = { sent: '', inbound: '', group: '', link: '', queued: '' };

async function call(method: string, path: string, body?: unknown) {
  return fetch(`${sandbox.url}${path}`, {
    method: method.toUpperCase(),
    headers: {
      'client-token': 'account-token-1',
      authorization: 'Bearer partner-token-1',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}
const instancePath = (rest: string) => `/instances/${sandbox.instanceId}/token/${sandbox.instanceToken}${rest}`;

async function sendText(message: string): Promise<{ zaapId: string; messageId: string }> {
  return (await call('post', instancePath('/send-text'), { phone: MARIA, message })).json() as Promise<{
    zaapId: string;
    messageId: string;
  }>;
}

/** Swaps the examples' ids for the sandbox's own. */
function swap(value: unknown, operationId: string, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => swap(v, operationId));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, operationId, k)]));
  if (typeof value !== 'string') return value;
  if (EXAMPLE_GROUP.test(value)) return state.group;
  if (EXAMPLE_LINK.test(value)) return state.link;
  if (key === 'zaapId') return state.queued;
  if (key === 'messageId' && operationId === 'readMessage') return state.inbound;
  if (key === 'messageId') return state.sent;
  return value;
}

function request(op: SpecOperation): { path: string; body?: unknown } {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    const value =
      p.name === 'instanceId' ? sandbox.instanceId : p.name === 'token' ? sandbox.instanceToken : swap(p.example, op.operationId, p.name);
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query' && value !== undefined) query.set(p.name, String(value));
  }
  const body = op.body.kind === 'none' ? undefined : swap(op.body.example, op.operationId);
  return { path: `${path}${query.size ? `?${query}` : ''}`, ...(body !== undefined && { body }) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, speed: 0, readAfterMs: null });
  state.inbound = sandbox.inbound({ from: MARIA, text: 'hi' }).messageId;
  state.sent = (await sendText('hello')).messageId;
  const group = (await (
    await call('post', instancePath('/create-group'), { groupName: 'Acme', phones: [MARIA, OTHER], autoInvite: false })
  ).json()) as {
    phone: string;
    invitationLink: string;
  };
  state.group = group.phone;
  state.link = group.invitationLink;
});
afterAll(() => sandbox.close());

describe('every operation against the sandbox', () => {
  const ordered = [...specOperations].sort((a, b) => DESTRUCTIVE.indexOf(a.operationId) - DESTRUCTIVE.indexOf(b.operationId));
  for (const op of ordered) {
    it(`${op.operationId} answers its documented status and schema`, async () => {
      if (op.operationId === 'deleteQueueMessage') {
        sandbox.disconnect();
        state.queued = (await sendText('queued')).zaapId;
        sandbox.connect();
        sandbox.disconnect();
        state.queued = (await sendText('queued again')).zaapId;
      }
      const { path, body } = request(op);
      const response = await call(op.method, path, body);
      const { status, mediaType, schemaPointer } = op.response;
      const text = Buffer.from(await response.arrayBuffer());
      expect(response.status, `${op.operationId}: ${text.toString().slice(0, 300)}`).toBe(status);
      if (!mediaType || !schemaPointer) return;
      expect(response.headers.get('content-type')).toBe(mediaType);
      if (mediaType !== 'application/json') return;
      const validate = validator.schemaAt(schemaPointer);
      const json = JSON.parse(text.toString()) as unknown;
      expect(validate(json), `${op.operationId}: ${JSON.stringify(validate.errors)}\n${text.toString().slice(0, 500)}`).toBe(true);
      sandbox.connect();
    });
  }
});

describe('what the sandbox models', () => {
  it('lists every operation once, modelled or fallback, the same through the control API and startSandbox', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/operations`);
    const listed = (await res.json()) as { modelled: string[]; fallback: string[] };
    expect(listed).toEqual({ modelled: sandbox.modelled, fallback: sandbox.fallback });
    const all = specOperations.map((o) => o.operationId).sort();
    expect([...listed.modelled, ...listed.fallback].sort()).toEqual(all);
    expect(listed.modelled.filter((id) => listed.fallback.includes(id))).toEqual([]);
  });

  it('models every Instance, Webhooks, Messages, Status, Queue, Chats, Contacts and Groups operation', () => {
    const goal = specOperations.filter((o) => MODELLED_TAGS.includes(o.tag)).map((o) => o.operationId);
    expect(goal.length).toBeGreaterThan(100);
    expect(goal.filter((id) => !sandbox.modelled.includes(id))).toEqual([]);
  });

  it('the control API is its own bundled document, and only its paths are under /_sandbox/', () => {
    const control = JSON.parse(readFileSync(generated('sandbox', 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
    expect(Object.keys(control.paths).every((p) => p.startsWith('/_sandbox/'))).toBe(true);
    expect(specOperations.some((o) => o.path.startsWith('/_sandbox'))).toBe(false);
    expect(Object.keys(control.paths)).toContain('/_sandbox/instances/{instanceId}/inbound');
  });

  it('qr-code/image is a PNG whose QR code decodes to the code qr-code gave', async () => {
    const res = await call('get', instancePath('/qr-code/image'));
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toMatch(/^2@[A-Za-z0-9+/=]+,/);
    // Each call shows a new code, as the phone's screen does.
    const next = (await (await call('get', instancePath('/qr-code'))).json()) as { value: string };
    expect(next.value).not.toBe(decoded?.data);
  });
});
