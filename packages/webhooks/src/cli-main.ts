// The zapi-webhooks command line, as a function the tests can call with their own streams. Each
// command is described once below; the description is both its --help and its parser (see
// @zapi-kit/shared cli.ts). listen lives in listen/, the durable inbox in inbox/cli.ts.
import { readFile } from 'node:fs/promises';
import { formatDriftSummary, summariseDrift } from '@zapi-kit/shared';
import { packageVersion, runCommandLine, type CliCommand, type CliProgram, type CliStreams } from '@zapi-kit/shared/cli';
import { webhookEventNames } from './generated/types.js';
import { WebhookError } from './errors.js';
import { driftOfDirectory } from './drift.js';
import { LISTEN_COMMAND, listenCommand } from './listen/command.js';
import { parseWebhook } from './parse.js';
import { INBOX_COMMAND, inboxCommand } from './inbox/cli.js';

const VALIDATE: CliCommand = {
  name: 'validate',
  usage: 'FILE... [options]',
  summary: 'checks webhook payloads ("-" reads stdin)',
  description: `Checks webhook payloads ("-" reads stdin) and prints one line per file, "ok <event name>" or
"error <reason>". Exits 1 if any failed.`,
  args: { min: 1, max: Infinity, missing: 'missing FILE (- reads stdin)' },
  options: [
    { name: 'json', help: 'print a JSON array, one object per file: file, ok, event, warnings, error, code' },
    { name: 'strict', help: 'refuse what tolerant parsing only warns about (unknown fields, schema faults)' },
  ],
};

const EVENTS: CliCommand = {
  name: 'events',
  usage: '[--json]',
  summary: 'lists every event name (the names of zapi-mock trigger and of dispatcher.on)',
  options: [{ name: 'json', help: 'print a JSON array of {name, kind, variant}' }],
};

const DRIFT: CliCommand = {
  name: 'drift',
  usage: 'DIR [--json]',
  summary: 'what recorded deliveries say the spec lacks',
  description: `Reads every *.json of DIR (listen --record's fixtures) and summarises per event what the spec
should learn, most frequent first.`,
  args: { min: 1, max: 1, missing: 'missing DIR, the recorded deliveries of listen --record DIR' },
  options: [{ name: 'json', help: 'print the summary as JSON' }],
};

const program = async (): Promise<CliProgram> => ({
  name: 'zapi-webhooks',
  version: await packageVersion(new URL('../package.json', import.meta.url)),
  summary: "Z-API's webhooks: check payloads, list events, forward real deliveries, keep them in an inbox",
  commands: [VALIDATE, EVENTS, LISTEN_COMMAND, DRIFT, INBOX_COMMAND],
});

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
    return {
      file,
      ok: false,
      error: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      code: 'unreadable',
    };
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

async function driftCommand([dir]: string[], json: boolean, out: CliStreams['out'], err: CliStreams['err']): Promise<number> {
  let drift;
  try {
    drift = await driftOfDirectory(dir!);
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

function eventsCommand(json: boolean, out: CliStreams['out']): number {
  if (!json) {
    out.write(`${webhookEventNames.join('\n')}\n`);
    return 0;
  }
  const events = webhookEventNames.map((name) => {
    const [kind, variant = null] = name.split('.');
    return { name, kind, variant };
  });
  out.write(`${JSON.stringify(events, null, 2)}\n`);
  return 0;
}

async function validateCommand(files: string[], values: { json?: boolean; strict?: boolean }, out: CliStreams['out']): Promise<number> {
  const results: Result[] = [];
  for (const file of files) results.push(await validateFile(file, Boolean(values.strict)));
  if (values.json) {
    out.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      const label = files.length > 1 ? `${r.file}: ` : '';
      out.write(r.ok ? `${label}ok ${r.event}${r.warnings?.length ? ` (${r.warnings.join('; ')})` : ''}\n` : `${label}error ${r.error}\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

/** Runs `zapi-webhooks ARGS` and resolves with the exit status. */
export async function main(
  argv: string[],
  out: CliStreams['out'] = process.stdout,
  err: CliStreams['err'] = process.stderr,
): Promise<number> {
  const streams = { out, err };
  return runCommandLine(await program(), argv, streams, async ({ path, values, positionals }) => {
    switch (path[0]) {
      case 'validate':
        return validateCommand(positionals, values, out);
      case 'events':
        return eventsCommand(Boolean(values.json), out);
      case 'listen':
        return listenCommand(
          {
            instanceId: values['instance-id'] as string | undefined,
            instanceToken: values['instance-token'] as string | undefined,
            clientToken: values['client-token'] as string | undefined,
            publicUrl: values['public-url'] as string | undefined,
            forwardTo: values['forward-to'] as string | undefined,
            port: values.port as string | undefined,
            record: values.record as string | undefined,
            baseUrl: values['base-url'] as string | undefined,
            json: Boolean(values.json),
            restore: Boolean(values.restore),
          },
          streams,
        );
      case 'drift':
        return driftCommand(positionals, Boolean(values.json), out, err);
      default:
        return inboxCommand({ path, values, positionals }, streams);
    }
  });
}
