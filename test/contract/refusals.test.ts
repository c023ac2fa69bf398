// What the mock refuses, the way Z-API refuses it: each answer names the fault.
import { describe, expect, inject, it } from 'vitest';
import { createZapiClient, createZapiPartnerClient, ZapiHttpError } from '../../packages/client/src/index.js';

const baseUrl = inject('mockUrl');
const instance = `${baseUrl}/instances/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D/token/F1E2D3C4B5A6978812345ABC`;
const headers = { 'Client-Token': 'account-security-token-1', 'content-type': 'application/json' };

async function refusal(path: string, init: RequestInit = {}): Promise<{ status: number; error: string }> {
  const res = await fetch(`${instance}${path}`, { ...init, headers: { ...headers, ...(init.headers as object) } });
  const body = (await res.json()) as { error: string };
  return { status: res.status, error: body.error };
}

describe('the mock refuses what Z-API refuses', () => {
  it('a call without Client-Token gets Z-API\'s "null not allowed", and the client explains it', async () => {
    const zapi = createZapiClient({ instanceId: 'ABC', token: 'F1E2D3C4B5A6978812345ABC', baseUrl });
    const error = await zapi.call('getStatus').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZapiHttpError);
    const http = error as ZapiHttpError;
    expect(http.status).toBe(400);
    expect(http.body).toEqual({ error: 'null not allowed' });
    expect(http.hint).toMatch(/Client-Token/);
    expect(http.message).not.toContain('F1E2D3C4B5A6978812345ABC');
  });

  it('a body that breaks the schema gets 400 naming the field', async () => {
    const unknown = await refusal('/update-name', { method: 'PUT', body: JSON.stringify({ name: 'Shop' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toContain('body.name is not a documented field');
    expect(unknown.error).toContain('body.value is missing');
    const wrongType = await refusal('/update-auto-read-message', { method: 'PUT', body: JSON.stringify({ value: 'yes' }) });
    expect(wrongType).toEqual({ status: 400, error: 'Invalid request: body.value must be boolean, not string' });
  });

  it('a webhook URL that is not HTTPS gets 400 (Z-API only calls HTTPS)', async () => {
    const r = await refusal('/update-webhook-received', { method: 'PUT', body: JSON.stringify({ value: 'http://example.com/hook' }) });
    expect(r.status).toBe(400);
    expect(r.error).toContain('body.value must match pattern "^https://"');
  });

  it('malformed JSON gets 400 saying so', async () => {
    const r = await refusal('/update-name', { method: 'PUT', body: '{"value": ' });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^Malformed JSON body/);
  });

  it('a body without Content-Type: application/json gets 415', async () => {
    const r = await refusal('/update-name', { method: 'PUT', body: '{"value":"Shop"}', headers: { 'content-type': 'text/plain' } });
    expect(r).toEqual({ status: 415, error: 'Content-Type must be application/json, got "text/plain"' });
  });

  it('an unknown path gets 404 with the path, the token redacted, and the closest real path', async () => {
    const r = await refusal('/update-webhook-recieved', { method: 'PUT', body: '{}' });
    expect(r.status).toBe(404);
    expect(r.error).toContain('Unknown path: PUT /instances/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D/token/[redacted]/update-webhook-recieved');
    expect(r.error).toContain('did you mean /instances/{instanceId}/token/{token}/update-webhook-received?');
  });

  it('a known path with the wrong method gets 405 and an Allow header', async () => {
    const res = await fetch(`${instance}/update-name`, { method: 'POST', headers, body: '{"value":"Shop"}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT');
    expect(((await res.json()) as { error: string }).error).toContain('use PUT');
  });

  it('a query parameter outside its documented values gets 400 naming it', async () => {
    const partner = createZapiPartnerClient({ partnerToken: 'partner-token-1', baseUrl });
    const error = (await partner
      .call('listInstances', { query: { page: 1, pageSize: 10, middleware: 'desktop' } as never })
      .catch((e: unknown) => e)) as ZapiHttpError;
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ error: 'Invalid request: query.middleware must be one of "web", "mobile"' });
  });

  it('a phone sent as a number gets a sentence about its type, not its format', async () => {
    const r = await refusal('/send-text', { method: 'POST', body: JSON.stringify({ phone: 5511999999999, message: 'Hi' }) });
    expect(r.status).toBe(400);
    expect(r.error).toBe('Invalid request: body.phone must be string, not number');
  });

  it('a partner call without the bearer token gets 401', async () => {
    const res = await fetch(`${baseUrl}/instances?page=1&pageSize=10`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Unauthorized/);
  });

  it('updateInstanceSubscription refuses a downgrade (withCalls must be true)', async () => {
    const res = await fetch(`${instance}/integrator/on-demand/subscription/update`, {
      method: 'PUT',
      headers: { authorization: 'Bearer partner-token-1', 'content-type': 'application/json' },
      body: JSON.stringify({ withCalls: false }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('Invalid request: body.withCalls must be true');
  });
});

describe('gateway limits', () => {
  it('413 for a body over the limit, declared or streamed, without reaching Prism', async () => {
    const { createGateway } = await import('../../packages/mock/src/gateway.js');
    const { openapi } = await import('../support/spec.js');
    const server = createGateway({ prismUrl: 'http://127.0.0.1:1', doc: openapi as never, maxBodyBytes: 64 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/instances/I1/token/TOKEN1/send-text`;
    const body = JSON.stringify({ phone: '5511999999999', message: 'x'.repeat(200) });
    const res = await fetch(url, { method: 'POST', headers, body });
    server.close();
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'Request body is over the limit of 64 bytes' });
  });
});
