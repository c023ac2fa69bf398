#!/usr/bin/env node
// Compile time a user pays for the client's types: tsc on a file that calls 20 operations, against
// tsc on a file that only imports the client, in alternating runs. Prints both and their ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root } from '../lib/paths.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-tsc-'));
const client = JSON.stringify(path.join(root, 'packages/client/dist/index.js'));
const calls = [
  `zapi.instance.getStatus()`, `zapi.instance.getMe()`, `zapi.instance.getDevice()`, `zapi.instance.getQrCode()`,
  `zapi.instance.getQrCodeImage()`, `zapi.instance.getPhoneCode({ phone: '5511999999999' })`, `zapi.instance.restartInstance()`,
  `zapi.instance.disconnectInstance()`, `zapi.instance.restoreSession()`, `zapi.instance.updateName({ value: 'Shop' })`,
  `zapi.instance.updateProfileName({ value: 'Shop' })`, `zapi.instance.updateProfileDescription({ value: 'Hi' })`,
  `zapi.instance.updateAutoReadMessage({ value: true })`, `zapi.instance.updateCallRejectAuto({ value: true })`,
  `zapi.webhooks.updateWebhookReceived({ value: 'https://example.com/h' })`,
  `zapi.webhooks.updateWebhookDelivery({ value: 'https://example.com/h' })`,
  `zapi.webhooks.updateEveryWebhooks({ value: 'https://example.com/h', notifySentByMe: true })`,
  `zapi.webhooks.updateNotifySentByMe({ notifySentByMe: true })`,
  `partner.listInstances({ page: 1, pageSize: 10 })`, `partner.createInstance({ name: 'Shop' })`,
];
const header = `import { createZapiClient, createZapiPartnerClient } from ${client};
const zapi = createZapiClient({ instanceId: 'I1', token: 'T1', clientToken: 'C1' });
const partner = createZapiPartnerClient({ partnerToken: 'P1' });
`;
const files = {
  baseline: `${header}export { zapi, partner };\n`,
  '20 calls': `${header}export async function run() {\n${calls.map((c, i) => `  const r${i} = await ${c};`).join('\n')}\n  return [${calls.map((_, i) => `r${i}`).join(', ')}];\n}\n`,
};
const tsc = (file) => {
  const started = performance.now();
  execFileSync(bin('tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--types', 'node', file], { cwd: root });
  return performance.now() - started;
};
const samples = { baseline: [], '20 calls': [] };
try {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name.replace(' ', '-')}.ts`), text);
  for (let run = 0; run < 5; run++) {
    for (const name of Object.keys(files)) samples[name].push(tsc(path.join(dir, `${name.replace(' ', '-')}.ts`)));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`tsc --noEmit, median of 5 (${calls.length} calls):`);
for (const name of Object.keys(samples)) console.log(`  ${name.padEnd(9)} ${Math.round(median(samples[name]))} ms`);
console.log(`ratio 20 calls / baseline: ${(median(samples['20 calls']) / median(samples.baseline)).toFixed(2)}`);
