// zapi-webhooks drift DIR on recorded deliveries (the files listen --record writes) carrying
// fields the spec does not describe, a content key no variant knows, other casings, wrong types,
// an unknown kind and a body that is not JSON. Expected findings are read off the payloads below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhooksCli } from '../support/cli.js';
import { root } from '../support/spec.js';

const text = JSON.parse(readFileSync(path.join(root, 'spec/examples/ReceivedCallback.text.json'), 'utf8')) as Record<string, unknown>;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-drift-'));
  const put = (name: string, body: unknown) => writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  put('0001-ReceivedCallback.text.json', { ...text, newFlag: true, text: { message: 'hi', linkPreviewKind: 'site' } });
  put('0001-ReceivedCallback.text.headers', 'POST / HTTP/1.1\nz-api-token: [redacted]\n'); // the sidecar is not a delivery
  put('0002-ReceivedCallback.text.json', { ...text, newFlag: false });
  put('0003-ReceivedCallback.json', {
    type: 'ReceivedCallback',
    phone: '5544999999999',
    momment: 1632228638000,
    stickerPack: { id: 'p1' },
  });
  put('0004-ReceivedCallback.text.json', { ...text, type: 'ReceivedCallBack' });
  put('0005-MessageStatusCallback.json', { type: 'MessageStatusCallback', status: 'READ', ids: 'A20DA9C0183A2D35A260F53F5D2B9244' });
  put('0006-unparsed.json', { type: 'CallCallback', status: 'RINGING' });
  put('0007-unparsed.json', '{"type": "ReceivedCallback", ');
  put('0008-ReceivedCallback.text.json', text); // as the spec describes it: no finding
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zapi-webhooks drift', () => {
  it('summarises per event what the spec should learn, most frequent first', () => {
    const r = spawnSync(process.execPath, [webhooksCli, 'drift', dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      '8 deliveries read',
      'ReceivedCallback.text: 4 findings',
      '     2× undescribed-field payload.newFlag (boolean) → describe payload.newFlag (boolean)',
      '     1× undescribed-field payload.text.linkPreviewKind (string) → describe payload.text.linkPreviewKind (string)',
      '     1× type-casing payload.type → note the casing Z-API really sends (type "ReceivedCallBack" read as "ReceivedCallback")',
      'ReceivedCallback: 2 findings',
      '     1× unknown-variant payload → add the new content key to x-zapi-variants and its schema',
      '     1× undescribed-field payload.stickerPack (object) → describe payload.stickerPack (object)',
      'CallCallback: 1 finding',
      '     1× unknown-kind type "CallCallback" → add a channel and a payload schema for type "CallCallback"',
      'MessageStatusCallback: 1 finding',
      '     1× type-mismatch payload.ids (string) → widen the type of payload.ids to allow string',
      'unreadable: 1 finding',
      '     1× unreadable-body body → document what Z-API really sends at body',
    ]);
  });

  it('--json gives the same summary as data; an empty or missing directory is an error', () => {
    const r = spawnSync(process.execPath, [webhooksCli, 'drift', '--json', dir], { encoding: 'utf8' });
    const summary = JSON.parse(r.stdout) as Array<{
      subject: string;
      count: number;
      findings: Array<{ kind: string; where: string; count: number }>;
    }>;
    expect(summary.map((s) => [s.subject, s.count])).toEqual([
      ['ReceivedCallback.text', 4],
      ['ReceivedCallback', 2],
      ['CallCallback', 1],
      ['MessageStatusCallback', 1],
      ['unreadable', 1],
    ]);
    expect(summary[0]!.findings[0]).toMatchObject({ kind: 'undescribed-field', where: 'payload.newFlag', count: 2 });
    const empty = mkdtempSync(path.join(os.tmpdir(), 'zapi-drift-empty-'));
    try {
      const none = spawnSync(process.execPath, [webhooksCli, 'drift', empty], { encoding: 'utf8' });
      expect(none.status).toBe(1);
      expect(none.stderr).toContain(`no .json deliveries in ${empty}`);
    } finally {
      rmSync(empty, { recursive: true });
    }
    const missing = spawnSync(process.execPath, [webhooksCli, 'drift', path.join(dir, 'nope')], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    expect(spawnSync(process.execPath, [webhooksCli, 'drift'], { encoding: 'utf8' }).status).toBe(2);
  });
});
