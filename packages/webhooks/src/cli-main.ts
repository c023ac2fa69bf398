// The zapi-webhooks command line, as a function the tests can call with their own streams.
// zapi-webhooks validate FILE... | -   checks payloads; zapi-webhooks events   lists event names;
// zapi-webhooks listen ...   real webhooks forwarded to your endpoint; zapi-webhooks drift DIR.
// zapi-webhooks inbox ...   the durable inbox (inbox/cli.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatDriftSummary, summariseDrift } from '@zapi-kit/shared';
import { webhookEventNames } from './generated/types.js';
import { WebhookError } from './errors.js';
import { driftOfDirectory } from './drift.js';
import { listenCommand } from './listen/command.js';
import { parseWebhook } from './parse.js';
import { INBOX_USAGE, inboxMain } from './inbox/cli.js';

const USAGE = `Usage:
  zapi-webhooks validate [--json] [--strict] FILE...   check webhook payloads ("-" reads stdin)
  zapi-webhooks events                                  list every event name
  zapi-webhooks listen --instance-id ID --instance-token T --client-token CT
                       --public-url URL --forward-to URL [--port P] [--record DIR]
                       [--base-url URL] [--json]           real webhooks to your endpoint
  zapi-webhooks listen --restore --instance-id ID --instance-token T --client-token CT [--base-url URL]
  zapi-webhooks drift [--json] DIR                      what recorded deliveries say the spec lacks

validate prints one line per file, "ok <event name>" or "error <reason>", and exits 1 if any failed.

listen reads the instance's webhook URLs (GET /me), saves them, points every webhook at --public-url
(your tunnel to --port, default 4567), and forwards each delivery to --forward-to with Z-API's
headers and body unchanged, printing one line per delivery (--json: one JSON object). --record DIR
writes each delivery as DIR/NNNN-<event>.json (the body) and .headers beside it. Ctrl-C or SIGTERM
puts the URLs back; after a crash, listen --restore does. --base-url points it at another Z-API
(such as zapi-mock sandbox). The saved URLs live in $XDG_STATE_HOME/zapi-kit (~/.local/state).

drift reads every *.json of DIR (listen --record's fixtures) and summarises per event what the spec
should learn, most frequent first.

${INBOX_USAGE}`;

async function readInput(file: string): Promise<Uint8Array> {
  if (file !== '-') return readFile(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Result {
  file: string;
  ok: boolean;
  event?: string;
  warnings?: string[];
  error?: string;
  code?: string;
}

async function validateFile(file: string, strict: boolean): Promise<Result> {
  let body: Uint8Array;
  try {
    body = await readInput(file);
  } catch (error) {
    return { file, ok: false, error: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, code: 'unreadable' };
  }
  try {
    const event = parseWebhook(body, { strict });
    return { file, ok: true, event: event.name, warnings: event.warnings.map((w) => w.message) };
  } catch (error) {
    if (error instanceof WebhookError) return { file, ok: false, error: error.message, code: error.code };
    // parseWebhook throws only WebhookError; if that ever breaks, the file still gets its line.
    return { file, ok: false, error: `internal error: ${(error as Error)?.message ?? String(error)}`, code: 'internal' };
  }
}

async function driftCommand(args: string[], json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [dir] = args;
  if (!dir || args.length > 1) {
    err.write(`zapi-webhooks: drift needs one DIR of recorded deliveries (listen --record DIR)\n`);
    return 2;
  }
  let drift;
  try {
    drift = await driftOfDirectory(dir);
  } catch (error) {
    err.write(`zapi-webhooks: cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  for (const problem of drift.problems) err.write(`zapi-webhooks: ${problem}\n`);
  if (drift.files === 0) {
    err.write(`zapi-webhooks: no .json deliveries in ${dir}\n`);
    return 1;
  }
  const summary = summariseDrift(drift.findings);
  out.write(json ? `${JSON.stringify(summary, null, 2)}\n` : `${drift.files} deliveries read\n${formatDriftSummary(summary, 'delivery')}`);
  return drift.problems.length > 0 ? 1 : 0;
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv[0] === 'inbox') return inboxMain(argv.slice(1), out, err);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
        'instance-id': { type: 'string' },
        'instance-token': { type: 'string' },
        'client-token': { type: 'string' },
        'public-url': { type: 'string' },
        'forward-to': { type: 'string' },
        port: { type: 'string' },
        record: { type: 'string' },
        'base-url': { type: 'string' },
        restore: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    err.write(`zapi-webhooks: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...files] = parsed.positionals;
  if (parsed.values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const { values } = parsed;
  if (command === 'listen') {
    if (files.length > 0) {
      err.write(`zapi-webhooks: listen takes no arguments, got ${JSON.stringify(files.join(' '))}\n\n${USAGE}\n`);
      return 2;
    }
    return listenCommand(
      {
        instanceId: values['instance-id'],
        instanceToken: values['instance-token'],
        clientToken: values['client-token'],
        publicUrl: values['public-url'],
        forwardTo: values['forward-to'],
        port: values.port,
        record: values.record,
        baseUrl: values['base-url'],
        json: Boolean(values.json),
        restore: Boolean(values.restore),
      },
      { out, err },
    );
  }
  if (command === 'drift') return driftCommand(files, Boolean(values.json), out, err);
  if (command === 'events' && files.length === 0) {
    out.write(`${webhookEventNames.join('\n')}\n`);
    return 0;
  }
  if (command !== 'validate' || files.length === 0) {
    err.write(`zapi-webhooks: ${command === 'validate' ? 'validate needs at least one FILE (or -)' : `unknown command ${JSON.stringify(command ?? '')}`}\n\n${USAGE}\n`);
    return 2;
  }
  const results: Result[] = [];
  for (const file of files) results.push(await validateFile(file, Boolean(parsed.values.strict)));
  if (parsed.values.json) {
    out.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      const label = files.length > 1 ? `${r.file}: ` : '';
      out.write(r.ok ? `${label}ok ${r.event}${r.warnings?.length ? ` (${r.warnings.join('; ')})` : ''}\n` : `${label}error ${r.error}\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

