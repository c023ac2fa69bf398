// Z-API's docs never mention Accept, and HTTP tools send `Accept: application/json` by habit:
// the mock must answer the documented media type instead of refusing with 406.
import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('mockUrl');
const instance = `${baseUrl}/instances/3C4A1B2D5E6F7A8B9C0D1E2F3A4B5C6D/token/F1E2D3C4B5A6978812345ABC`;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('the mock does not refuse on Accept', () => {
  it('GET /qr-code/image with Accept: application/json answers the PNG', async () => {
    const res = await fetch(`${instance}/qr-code/image`, {
      headers: { 'Client-Token': 'account-security-token-1', accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/png/);
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it('the partner subscription and cancel calls with Accept: application/json answer 201 "OK"', async () => {
    for (const path of ['/integrator/on-demand/subscription', '/integrator/on-demand/cancel']) {
      const res = await fetch(`${instance}${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer partner-token-1', accept: 'application/json' },
      });
      expect(res.status, path).toBe(201);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/plain/);
      expect(await res.text(), path).toBe('OK');
    }
  });
});
