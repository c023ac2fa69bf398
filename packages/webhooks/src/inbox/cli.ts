// zapi-webhooks inbox serve | list | retry | replay
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { redact } from '@zapi-kit/shared';
import { CliUsageError, type CliCommand, type CliRun } from '@zapi-kit/shared/cli';
import { createWebhookInbox, summarize } from './inbox.js';
import { openStore } from './store.js';

const STORE = {
  name: 'store',
  value: 'URL',
  help: 'sqlite:PATH (default sqlite:zapi-inbox.db, or $ZAPI_INBOX_STORE) or redis://HOST:PORT',
};
const SINCE = { name: 'since', value: 'WHEN', help: 'only deliveries received since: 30s, 15m, 1h, 2d or a date' };
const FAILED = { name: 'failed', help: 'only the failed ones (dead letters)' };

export const INBOX_COMMAND: CliCommand = {
  name: 'inbox',
  usage: 'COMMAND [options]',
  summary: 'the durable inbox: keep each webhook before answering 200, then list, retry, replay',
  commands: [
    {
      name: 'serve',
      usage: '--port P [--store URL] [--instance-token T | --no-instance-token] [--host H]',
      summary: 'receive webhooks (POST, any path) and keep each one before answering 200',
      options: [
        { name: 'port', value: 'P', help: 'port to listen on (required; 0 for any free port)' },
        { name: 'host', value: 'H', help: 'address to listen on (default 0.0.0.0)' },
        STORE,
        { name: 'instance-token', value: 'T', help: 'accept only deliveries whose z-api-token header is T (default $ZAPI_INSTANCE_TOKEN)' },
        { name: 'no-instance-token', help: 'accept deliveries from anyone (no token check)' },
      ],
    },
    {
      name: 'list',
      usage: '[--store URL] [--failed] [--since 1h] [--json]',
      summary: 'kept deliveries, oldest first',
      options: [STORE, FAILED, SINCE, { name: 'json', help: 'one JSON object per line' }],
    },
    {
      name: 'retry',
      usage: 'ID [--store URL]',
      summary: 'put a dead letter back in line',
      args: { min: 1, max: 1, missing: 'missing the delivery ID (inbox list --failed shows them)' },
      options: [STORE],
    },
    {
      name: 'replay',
      usage: '--to URL [--store URL] [--since 1h] [--failed] [--instance-token T]',
      summary: 'POST kept deliveries again, in arrival order, with their own bytes and content type',
      options: [
        { name: 'to', value: 'URL', help: 'where to POST them (required)' },
        STORE,
        SINCE,
        FAILED,
        { name: 'instance-token', value: 'T', help: 'send it in the z-api-token header (default $ZAPI_INSTANCE_TOKEN)' },
      ],
    },
  ],
};

type Out = Pick<NodeJS.WriteStream, 'write'>;

/** `1h` → the time one hour ago; an ISO date → that time. */
export function sinceOf(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value.trim());
  if (match) return now - Number(match[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[match[2] as 's' | 'm' | 'h' | 'd'];
  const date = Date.parse(value);
  if (Number.isNaN(date)) throw new CliUsageError(`--since must be a duration (30s, 15m, 1h, 2d) or a date, got ${JSON.stringify(value)}`);
  return date;
}

const storeOf = (value: string | undefined) => value ?? process.env.ZAPI_INBOX_STORE ?? 'sqlite:zapi-inbox.db';

async function serve(values: Record<string, string | boolean | undefined>, out: Out, signal?: AbortSignal): Promise<number> {
  if (values.port === undefined) throw new CliUsageError('missing --port P, the port to listen on');
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port as string) || port > 65535)
    throw new CliUsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  const token = (values['instance-token'] as string | undefined) ?? process.env.ZAPI_INSTANCE_TOKEN;
  if (values['no-instance-token'] && token) throw new CliUsageError('--no-instance-token and an instance token were both given');
  if (!values['no-instance-token'] && !token) {
    throw new CliUsageError(
      'no instance token: pass --instance-token T (or set ZAPI_INSTANCE_TOKEN) so only Z-API is accepted, or --no-instance-token to accept anyone',
    );
  }
  const inbox = createWebhookInbox({
    store: storeOf(values.store as string | undefined),
    instanceToken: values['no-instance-token'] ? false : token!,
  });
  await inbox.ready();
  const server = http.createServer(inbox.nodeHandler);
  const host = (values.host as string | undefined) ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  out.write(
    `zapi-webhooks inbox: listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}, keeping deliveries in ${storeOf(values.store as string | undefined).replace(/\/\/[^@/]*@/, '//***@')}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signal?.addEventListener('abort', stop);
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await inbox.close();
  return 0;
}

/** Runs `zapi-webhooks inbox COMMAND` once the command line is parsed; `signal` stops serve. */
export async function inboxCommand(
  { path: [, command], values, positionals }: CliRun,
  { out, err }: { out: Out; err: Out },
  signal?: AbortSignal,
): Promise<number> {
  const flags = values as Record<string, string | boolean | undefined>;
  const secrets = [flags['instance-token'] as string | undefined, process.env.ZAPI_INSTANCE_TOKEN];
  try {
    switch (command) {
      case 'serve':
        return await serve(flags, out, signal);
      case 'list':
        return await list(flags, out);
      case 'retry':
        return await retry(positionals[0]!, flags, out, err);
      default:
        return await replay(flags, out, err);
    }
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    err.write(`zapi-webhooks inbox: ${redact((error as Error).message ?? String(error), secrets)}\n`);
    return 1;
  }
}

async function list(values: Record<string, string | boolean | undefined>, out: Out): Promise<number> {
  // Options are checked before the store is opened: a usage error creates no database file.
  const since = sinceOf(values.since as string | undefined);
  const store = await openStore(storeOf(values.store as string | undefined));
  try {
    for await (const delivery of store.list({ failed: Boolean(values.failed), since })) {
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
      err.write(
        `zapi-webhooks inbox: delivery ${id} is ${found.status}: only a finished delivery (failed, duplicate or done) can be retried\n`,
      );
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
  if (!to || !/^https?:\/\//.test(to)) throw new CliUsageError(`--to must be an http(s) URL, got ${JSON.stringify(to ?? '')}`);
  const token = (values['instance-token'] as string | undefined) ?? process.env.ZAPI_INSTANCE_TOKEN;
  const since = sinceOf(values.since as string | undefined);
  const store = await openStore(storeOf(values.store as string | undefined));
  let sent = 0;
  let refused = 0;
  try {
    for await (const delivery of store.list({ failed: Boolean(values.failed), since })) {
      const headers: Record<string, string> = {
        'content-type': delivery.headers['content-type'] || 'application/json',
        'x-zapi-kit-replay-of': delivery.id,
      };
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
