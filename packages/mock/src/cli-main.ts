// The zapi-mock command line, as a function the tests can call with their own streams. Each command
// is described once below; the description is both its --help and its parser (see @zapi-kit/shared cli.ts).
import { readFile } from 'node:fs/promises';
import { formatDriftSummary, instancePrefix, redact, summariseDrift } from '@zapi-kit/shared';
import { CliUsageError, packageVersion, runCommandLine, type CliCommand, type CliProgram, type CliStreams } from '@zapi-kit/shared/cli';
import { readDriftReport } from './drift-report.js';
import { startMock, type RunningMock } from './mock.js';
import { SANDBOX_COMMAND, sandboxCommand, type SandboxFlags } from './sandbox/cli.js';
import { startProxy } from './proxy.js';
import { trigger, TriggerError } from './trigger.js';

const SERVE: CliCommand = {
  name: 'serve',
  usage: '[options]',
  summary: "a mock of Z-API's REST API: every documented operation answers with its documented example",
  description: `A mock of Z-API's REST API. Every documented operation answers with its documented example,
and requests are checked the way Z-API checks them (Client-Token, Content-Type, body schema).`,
  options: [
    { name: 'host', value: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
    { name: 'port', value: 'PORT', help: 'port to listen on (default 4010; 0 for any free port)' },
    { name: 'client-token', value: 'TOKEN', help: 'require exactly this Client-Token (default: any non-empty one)' },
    { name: 'spec', value: 'FILE', help: 'serve another bundled OpenAPI document (JSON)' },
    { name: 'verbose', help: 'log one line per request, with the reason of a refusal (secrets redacted)' },
  ],
};

const TRIGGER: CliCommand = {
  name: 'trigger',
  usage: 'EVENT --to URL [options]',
  summary: 'POSTs a webhook the way Z-API does: the example of EVENT, or your own payload',
  description: `POSTs the example payload of EVENT (e.g. ReceivedCallback.image; zapi-webhooks events lists them)
to URL with Z-API's headers, or your own payload with --payload. The payload must be an EVENT
webhook as zapi-webhooks validate --strict reads it; --force sends it anyway. Exits 1 unless URL
answers 2xx.`,
  args: { min: 1, max: 1, missing: 'missing EVENT, e.g. ReceivedCallback.text (zapi-webhooks events lists them)' },
  options: [
    { name: 'to', value: 'URL', help: 'the webhook URL to POST to (required)' },
    { name: 'payload', value: 'FILE', help: 'send this JSON file instead of the example' },
    { name: 'force', help: 'send --payload even if it is not a valid EVENT webhook (to test your refusals)' },
    { name: 'instance', value: 'ID', help: 'put this instance id in the payload' },
    { name: 'token', value: 'TOKEN', help: 'send this instance token in the z-api-token header' },
    { name: 'json', help: 'print the result as one JSON object: event, url, status, ok, durationMs, body' },
  ],
};

const PROXY: CliCommand = {
  name: 'proxy',
  usage: '--upstream URL [options]',
  summary: 'forwards every call to Z-API and reports where request and answer differ from the spec',
  description: `Forwards every call unchanged to --upstream (the real Z-API, https://api.z-api.io) and checks
request and answer against the spec. Where they differ (undocumented status codes, fields the spec
does not describe, documented fields missing, type mismatches, unknown paths) it appends one JSON
line to the report, secrets redacted. Point your client's baseUrl at the proxy.`,
  options: [
    { name: 'upstream', value: 'URL', help: 'where to forward (required), e.g. https://api.z-api.io' },
    { name: 'port', value: 'PORT', help: 'port to listen on, on 127.0.0.1 (default 4020; 0 for any free port)' },
    { name: 'report', value: 'FILE', help: 'the JSON-lines drift report to append to (default zapi-drift.jsonl)' },
  ],
};

const DRIFT: CliCommand = {
  name: 'drift',
  usage: 'FILE [--json]',
  summary: 'summarises a proxy report per operation: what the spec should learn',
  description: 'Summarises a report of zapi-mock proxy per operation, most frequent first: what the spec should learn.',
  args: { min: 1, max: 1, missing: 'missing FILE, a report written by zapi-mock proxy' },
  options: [{ name: 'json', help: 'print the summary as JSON' }],
};

const program = async (): Promise<CliProgram> => ({
  name: 'zapi-mock',
  version: await packageVersion(new URL('../package.json', import.meta.url)),
  summary: 'a local Z-API for tests: a mock, a stateful sandbox, webhooks on demand, a drift-checking proxy',
  commands: [SERVE, TRIGGER, SANDBOX_COMMAND, PROXY, DRIFT],
});

function portOf(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new CliUsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Stops a long-running command on Ctrl-C or SIGTERM. */
function stopOnSignal(close: () => Promise<void>): void {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

interface TriggerFlags {
  to?: string;
  payload?: string;
  force?: boolean;
  instance?: string;
  token?: string;
  json?: boolean;
}

async function readPayload(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read --payload ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--payload ${file} is not JSON: ${(error as Error).message}`);
  }
}

async function triggerCommand([event]: string[], values: TriggerFlags, { out, err }: CliStreams): Promise<number> {
  if (!values.to) throw new CliUsageError('missing --to URL, the webhook URL to POST to');
  if (values.force && !values.payload) throw new CliUsageError('--force applies to --payload FILE only');
  const payload = values.payload === undefined ? undefined : await readPayload(values.payload);
  let result;
  try {
    result = await trigger({
      event: event!,
      to: values.to,
      ...(payload !== undefined && { payload }),
      ...(values.force && { force: true }),
      ...(values.instance && { instanceId: values.instance }),
      ...(values.token && { token: values.token }),
    });
  } catch (error) {
    if (!(error instanceof TriggerError)) throw error;
    if (error.code === 'not_delivered') {
      err.write(`zapi-mock trigger: ${redact(error.message, [values.token])}\n`);
      return 1;
    }
    const about = error.code === 'wrong_event' || error.code === 'invalid_payload' ? `--payload ${values.payload} ` : '';
    const force = error.code === 'invalid_payload' ? ' (--force sends it anyway)' : '';
    throw new CliUsageError(`${about}${error.message}${force}`);
  }
  const url = redact(result.url, [values.token]);
  const ok = result.status >= 200 && result.status < 300;
  out.write(
    values.json
      ? `${JSON.stringify({ event: result.event, url, status: result.status, ok, durationMs: result.durationMs, body: result.body })}\n`
      : `POST ${url} ${result.event} → ${result.status} (${result.durationMs} ms) ${result.body}\n`,
  );
  return ok ? 0 : 1;
}

type ProxyFlags = { upstream?: string; port?: string; report?: string };

async function proxyCommand(values: ProxyFlags, { out, err }: CliStreams): Promise<number> {
  if (!values.upstream) throw new CliUsageError('missing --upstream URL, e.g. https://api.z-api.io');
  const port = portOf(values.port ?? '4020');
  const report = values.report ?? 'zapi-drift.jsonl';
  let proxy;
  try {
    proxy = await startProxy({ upstream: values.upstream, port, report, log: (line) => out.write(`${line}\n`) });
  } catch (error) {
    if (/^--upstream/.test((error as Error).message)) throw new CliUsageError((error as Error).message);
    err.write(`zapi-mock proxy: ${(error as Error).message}\n`);
    return 1;
  }
  out.write(`zapi-mock: proxy listening on ${proxy.url}, forwarding to ${new URL(values.upstream).origin}; drift goes to ${report}\n`);
  stopOnSignal(proxy.close);
  return -1;
}

async function driftCommand([file]: string[], json: boolean, { out, err }: CliStreams): Promise<number> {
  let text: string;
  try {
    text = await readFile(file!, 'utf8');
  } catch (error) {
    err.write(`zapi-mock drift: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 1;
  }
  const { findings, problems } = readDriftReport(text);
  for (const problem of problems) err.write(`zapi-mock drift: ${file} ${problem}\n`);
  const summary = summariseDrift(findings);
  out.write(json ? `${JSON.stringify(summary, null, 2)}\n` : formatDriftSummary(summary, 'call'));
  return problems.length > 0 ? 1 : 0;
}

type ServeFlags = { host?: string; port?: string; 'client-token'?: string; spec?: string; verbose?: boolean };

async function serveCommand(values: ServeFlags, { out, err }: CliStreams): Promise<number> {
  const port = portOf(values.port ?? '4010');
  const started: { mock?: RunningMock } = {}; // Prism may stop before startMock() has returned
  const mock = await startMock({
    host: values.host ?? '127.0.0.1',
    port,
    ...(values['client-token'] && { clientToken: values['client-token'] }),
    ...(values.spec && { specFile: values.spec }),
    ...(values.verbose && { log: (line: string) => out.write(`${line}\n`) }),
    // A mock that answers 503 forever is worse than one that stops: a CI job fails at once, with the reason.
    onPrismExit: (exit) => {
      err.write(`zapi-mock: ${exit.message}\n`);
      if (!exit.restarting) void (started.mock?.close() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  started.mock = mock;
  out.write(`zapi-mock: Z-API mock listening on ${mock.url} (ready in ${mock.startupMs} ms)\n`);
  out.write(
    `zapi-mock: instance calls go to ${mock.url}${instancePrefix('<instanceId>', '<token>')}/<operation> with a Client-Token header\n`,
  );
  stopOnSignal(mock.close);
  return -1; // keep serving
}

/** Runs `zapi-mock ARGS`; the exit status, or -1 for a command that keeps serving until a signal. */
export async function main(
  argv: string[],
  out: CliStreams['out'] = process.stdout,
  err: CliStreams['err'] = process.stderr,
): Promise<number> {
  const streams = { out, err };
  return runCommandLine(await program(), argv, streams, async ({ path: [command], values, positionals }) => {
    switch (command) {
      case 'serve':
        return serveCommand(values as ServeFlags, streams);
      case 'trigger':
        return triggerCommand(positionals, values as TriggerFlags, streams);
      case 'sandbox':
        return sandboxCommand(values as SandboxFlags, streams);
      case 'proxy':
        return proxyCommand(values as ProxyFlags, streams);
      default:
        return driftCommand(positionals, Boolean(values.json), streams);
    }
  });
}
