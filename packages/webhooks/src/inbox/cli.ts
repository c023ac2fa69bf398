// zapi-webhooks inbox serve | list | retry | replay
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { redact } from '@zapi-kit/shared';
import { createWebhookInbox, summarize } from './inbox.js';
import { openStore } from './store.js';

export const INBOX_USAGE = `Usage:
  zapi-webhooks inbox serve --port P [--host H] --store URL [--instance-token T | --no-instance-token]
      receive webhooks (POST, any path) and keep each one before answering 200
  zapi-webhooks inbox list [--store URL] [--failed] [--since 1h] [--json]
      kept deliveries, oldest first (--json: one JSON object per line)
  zapi-webhooks inbox retry ID [--store URL]
      put a dead letter back in line
  zapi-webhooks inbox replay [--store URL] --to URL [--since 1h] [--failed] [--instance-token T]
      POST kept deliveries again, in arrival order, with their own bytes and content type

--store is sqlite:PATH (default sqlite:zapi-inbox.db, or $ZAPI_INBOX_STORE) or redis://HOST:PORT.
--instance-token defaults to $ZAPI_INSTANCE_TOKEN. --since takes 30s, 15m, 1h, 2d or a date.`;

type Out = Pick<NodeJS.WriteStream, 'write'>;

class UsageError extends Error {}

/** `1h` → the time one hour ago; an ISO date → that time. */
export function sinceOf(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value.trim());
  if (match) return now - Number(match[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[match[2] as 's' | 'm' | 'h' | 'd'];
  const date = Date.parse(value);
  if (Number.isNaN(date)) throw new UsageError(`--since must be a duration (30s, 15m, 1h, 2d) or a date, got ${JSON.stringify(value)}`);
  return date;
}

const storeOf = (value: string | undefined) => value ?? process.env.ZAPI_INBOX_STORE ?? 'sqlite:zapi-inbox.db';

async function serve(values: Record<string, string | boolean | undefined>, out: Out, signal?: AbortSignal): Promise<number> {
  const port = Number(values.port);
  if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${JSON.stringify(values.port ?? '')}`);
  const token = (values['instance-token'] as string | undefined) ?? process.env.ZAPI_INSTANCE_TOKEN;
  if (values['no-instance-token'] && token) throw new UsageError('--no-instance-token and an instance token were both given');
  if (!values['no-instance-token'] && !token) {
    throw new UsageError('no instance token: pass --instance-token T (or set ZAPI_INSTANCE_TOKEN) so only Z-API is accepted, or --no-instance-token to accept anyone');
  }
  const inbox = createWebhookInbox({ store: storeOf(values.store as string | undefined), instanceToken: values['no-instance-token'] ? false : token! });
  await inbox.ready();
  const server = http.createServer(inbox.nodeHandler);
  const host = (values.host as string | undefined) ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  out.write(`zapi-webhooks inbox: listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}, keeping deliveries in ${storeOf(values.store as string | undefined).replace(/\/\/[^@/]*@/, '//***@')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signal?.addEventListener('abort', stop);
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await inbox.close();
  return 0;
}

export async function inboxMain(argv: string[], out: Out = process.stdout, err: Out = process.stderr, signal?: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        store: { type: 'string' },
        'instance-token': { type: 'string' },
        'no-instance-token': { type: 'boolean' },
        failed: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        since: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err.write(`zapi-webhooks inbox: ${(error as Error).message}\n\n${INBOX_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    out.write(`${INBOX_USAGE}\n`);
    return 0;
  }
  const secrets = [values['instance-token'], process.env.ZAPI_INSTANCE_TOKEN];
  try {
    switch (command) {
      case 'serve':
        return await serve(values, out, signal);
      case 'list':
        return await list(values, out);
      case 'retry':
        if (rest.length !== 1) throw new UsageError('retry takes one delivery ID (see inbox list --failed)');
        return await retry(rest[0]!, values, out, err);
      case 'replay':
        return await replay(values, out, err);
      default:
        throw new UsageError(`unknown inbox command ${JSON.stringify(command ?? '')}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`zapi-webhooks inbox: ${error.message}\n\n${INBOX_USAGE}\n`);
      return 2;
    }
    err.write(`zapi-webhooks inbox: ${redact((error as Error).message ?? String(error), secrets)}\n`);
    return 1;
  }
}

async function list(values: Record<string, string | boolean | undefined>, out: Out): Promise<number> {
  const store = await openStore(storeOf(values.store as string | undefined));
  try {
    for await (const delivery of store.list({ failed: Boolean(values.failed), since: sinceOf(values.since as string | undefined) })) {
      const s = summarize(delivery);
      out.write(
        values.json
          ? `${JSON.stringify(s)}\n`
          : `${[s.id, s.receivedAt, s.status, s.event ?? '-', s.messageId ?? '-', s.error ?? (s.duplicateOf ? `duplicate of ${s.duplicateOf}` : '')].join('\t').trimEnd()}\n`,
      );
    }
  } finally {
    await store.close();
  }
  return 0;
}

async function retry(id: string, values: Record<string, string | boolean | undefined>, out: Out, err: Out): Promise<number> {
  const store = await openStore(storeOf(values.store as string | undefined));
  try {
    const found = await store.get(id);
    if (!found) {
      err.write(`zapi-webhooks inbox: no delivery ${JSON.stringify(id)} in ${store.location}\n`);
      return 1;
    }
    if (!(await store.retry(id))) {
      err.write(`zapi-webhooks inbox: delivery ${id} is ${found.status}: only a finished delivery (failed, duplicate or done) can be retried\n`);
      return 1;
    }
    out.write(`delivery ${id} is pending again (was ${found.status})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function replay(values: Record<string, string | boolean | undefined>, out: Out, err: Out): Promise<number> {
  const to = values.to as string | undefined;
  if (!to || !/^https?:\/\//.test(to)) throw new UsageError(`--to must be an http(s) URL, got ${JSON.stringify(to ?? '')}`);
  const token = (values['instance-token'] as string | undefined) ?? process.env.ZAPI_INSTANCE_TOKEN;
  const store = await openStore(storeOf(values.store as string | undefined));
  let sent = 0;
  let refused = 0;
  try {
    for await (const delivery of store.list({ failed: Boolean(values.failed), since: sinceOf(values.since as string | undefined) })) {
      const headers: Record<string, string> = { 'content-type': delivery.headers['content-type'] || 'application/json', 'x-zapi-kit-replay-of': delivery.id };
      if (token) headers['z-api-token'] = token;
      let status: number | string;
      try {
        const response = await fetch(to, { method: 'POST', headers, body: delivery.body as Uint8Array<ArrayBuffer> });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        status = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      }
      if (typeof status === 'number' && status >= 200 && status < 300) sent++;
      else {
        refused++;
        err.write(`delivery ${delivery.id} (${delivery.event ?? 'unparsed'}): ${status}\n`);
      }
    }
  } finally {
    await store.close();
  }
  out.write(`replayed ${sent + refused} deliveries to ${redact(to, [token])}: ${sent} accepted, ${refused} refused\n`);
  return refused > 0 ? 1 : 0;
}
