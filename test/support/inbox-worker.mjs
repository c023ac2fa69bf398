#!/usr/bin/env node
// A worker process for the inbox crash tests: processes the inbox with the built package and
// appends one line per handled ReceivedCallback.text to a log file ("<messageId> <text> <pid>"), so a
// killed worker's work survives it. SIGTERM stops it gracefully.
//   node inbox-worker.mjs STORE LOG [concurrency] [leaseMs]
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createWebhookDispatcher, createWebhookInbox } = await import(path.join(root, 'packages/webhooks/dist/index.js'));
const [store, log, concurrency = '8', leaseMs = '5000'] = process.argv.slice(2);

const inbox = createWebhookInbox({ store, instanceToken: false, leaseMs: Number(leaseMs) });
await inbox.ready();
const worker = inbox.process(
  createWebhookDispatcher().on('ReceivedCallback.text', async ({ payload }) => {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    appendFileSync(log, `${payload.messageId} ${payload.text.message} ${process.pid}\n`); // O_APPEND: workers share one log, in time order
  }),
  { concurrency: Number(concurrency), onError: (error) => process.stderr.write(`worker: ${error?.message ?? error}\n`) },
);
process.once('SIGTERM', async () => {
  await worker.stop();
  await inbox.close();
  process.exit(0);
});
process.stdout.write('ready\n');
