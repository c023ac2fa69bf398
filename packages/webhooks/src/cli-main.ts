// The zapi-webhooks command line, as a function the tests can call with their own streams.
// zapi-webhooks validate FILE... | -   checks payloads; zapi-webhooks events   lists event names;
// zapi-webhooks inbox ...   the durable inbox (inbox/cli.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { webhookEventNames } from './generated/types.js';
import { WebhookError } from './errors.js';
import { parseWebhook } from './parse.js';
import { INBOX_USAGE, inboxMain } from './inbox/cli.js';

const USAGE = `Usage:
  zapi-webhooks validate [--json] [--strict] FILE...   check webhook payloads ("-" reads stdin)
  zapi-webhooks events                                  list every event name

validate prints one line per file, "ok <event name>" or "error <reason>", and exits 1 if any failed.

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

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv[0] === 'inbox') return inboxMain(argv.slice(1), out, err);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
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

