// The zapi-mock command line, as a function the tests can call.
//   zapi-mock serve [--host 127.0.0.1] [--port 4010] [--client-token TOKEN] [--spec FILE] [--verbose]
//   zapi-mock trigger EVENT --to URL [--payload FILE] [--instance ID] [--token TOKEN]
//   zapi-mock sandbox [--host 127.0.0.1] [--port 4010] [--instance-id ID] [--instance-token T]
//                     [--client-token CT] [--speed N] [--seed N] [--retention N] [--fault NAME[=RATE]]... [--list]
//   zapi-mock proxy --upstream URL [--port P] [--report FILE]
//   zapi-mock drift FILE [--json]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatDriftSummary, instancePrefix, summariseDrift } from '@zapi-kit/shared';
import { readDriftReport } from './drift-report.js';
import { startMock, type RunningMock } from './mock.js';
import { sandboxCommand, SANDBOX_USAGE } from './sandbox/cli.js';
import { startProxy } from './proxy.js';
import { trigger, triggerableEvents } from './trigger.js';

const USAGE = `Usage:
  zapi-mock serve [options]
  zapi-mock trigger EVENT --to URL [--payload FILE] [--instance ID] [--token TOKEN]
  zapi-mock sandbox [options]
  zapi-mock proxy --upstream URL [--port PORT] [--report FILE]
  zapi-mock drift FILE [--json]

serve: a mock of Z-API's REST API. Every documented operation answers with its documented example,
and requests are checked the way Z-API checks them (Client-Token, Content-Type, body schema).

trigger: POSTs the example payload of EVENT (e.g. ReceivedCallback.image; see zapi-webhooks events)
to URL with Z-API's headers, or your own payload with --payload.

proxy: forwards every call unchanged to --upstream (the real Z-API, https://api.z-api.io) and checks
request and answer against the spec. Where they differ (undocumented status codes, fields the spec
does not describe, documented fields missing, type mismatches, unknown paths) it appends one JSON
line to the report, secrets redacted. Point your client's baseUrl at the proxy.

drift: summarises a proxy report per operation, most frequent first: what the spec should learn.

Options of serve:
  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port to listen on (default 4010; 0 for any free port)
  --client-token TOKEN   require exactly this Client-Token (default: any non-empty one)
  --spec FILE            serve another bundled OpenAPI document (JSON)
  --verbose              log one line per request (secrets redacted)
  -h, --help             show this help

Options of trigger:
  --to URL               the webhook URL to POST to (required)
  --payload FILE         send this JSON file instead of the example
  --instance ID          put this instance id in the payload
  --token TOKEN          send this instance token in the z-api-token header

${SANDBOX_USAGE}

Options of proxy:
  --upstream URL         where to forward (required), e.g. https://api.z-api.io
  --port PORT            port to listen on, on 127.0.0.1 (default 4020; 0 for any free port)
  --report FILE          the JSON-lines drift report to append to (default zapi-drift.jsonl)

Options of drift:
  --json                 print the summary as JSON`;

async function triggerCommand(
  args: string[],
  values: { to?: string; payload?: string; instance?: string; token?: string },
): Promise<number> {
  const [event] = args;
  if (!event || args.length > 1 || !values.to) {
    console.error(`zapi-mock: trigger needs one EVENT and --to URL\n\nEvents: ${triggerableEvents.join(', ')}`);
    return 2;
  }
  let payload: unknown;
  if (values.payload) {
    try {
      payload = JSON.parse(await readFile(values.payload, 'utf8'));
    } catch (error) {
      console.error(`zapi-mock: cannot use --payload ${values.payload}: ${(error as Error).message}`);
      return 2;
    }
  }
  try {
    const result = await trigger({
      event,
      to: values.to,
      ...(payload !== undefined && { payload }),
      ...(values.instance && { instanceId: values.instance }),
      ...(values.token && { token: values.token }),
    });
    console.log(`POST ${values.to} ${event} → ${result.status} ${result.body}`);
    return result.status >= 200 && result.status < 300 ? 0 : 1;
  } catch (error) {
    console.error(`zapi-mock: ${(error as Error).message}`);
    return 1;
  }
}

function portOf(value: string | undefined): number | undefined {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`zapi-mock: --port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`);
    return undefined;
  }
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

async function proxyCommand(args: string[], values: { upstream?: string; port?: string; report?: string }): Promise<number> {
  if (args.length > 0 || !values.upstream) {
    console.error('zapi-mock: proxy needs --upstream URL (e.g. https://api.z-api.io) and no other arguments');
    return 2;
  }
  const port = portOf(values.port ?? '4020');
  if (port === undefined) return 2;
  const report = values.report ?? 'zapi-drift.jsonl';
  let proxy;
  try {
    proxy = await startProxy({ upstream: values.upstream, port, report, log: (line) => console.log(line) });
  } catch (error) {
    console.error(`zapi-mock: ${(error as Error).message}`);
    return /^--upstream/.test((error as Error).message) ? 2 : 1;
  }
  console.log(`zapi-mock: proxy listening on ${proxy.url}, forwarding to ${new URL(values.upstream).origin}; drift goes to ${report}`);
  stopOnSignal(proxy.close);
  return -1;
}

async function driftCommand(args: string[], json: boolean): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) {
    console.error('zapi-mock: drift needs one FILE, a report written by zapi-mock proxy');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    console.error(`zapi-mock: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 1;
  }
  const { findings, problems } = readDriftReport(text);
  for (const problem of problems) console.error(`zapi-mock: ${file} ${problem}`);
  const summary = summariseDrift(findings);
  process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : formatDriftSummary(summary, 'call'));
  return problems.length > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        'client-token': { type: 'string' },
        spec: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        to: { type: 'string' },
        payload: { type: 'string' },
        instance: { type: 'string' },
        token: { type: 'string' },
        'instance-id': { type: 'string' },
        'instance-token': { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        retention: { type: 'string' },
        fault: { type: 'string', multiple: true },
        list: { type: 'boolean', default: false },
        upstream: { type: 'string' },
        report: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`zapi-mock: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === 'trigger') return triggerCommand(positionals.slice(1), values);
  if (positionals[0] === 'sandbox' && positionals.length === 1) return sandboxCommand(values);
  if (positionals[0] === 'proxy') return proxyCommand(positionals.slice(1), values);
  if (positionals[0] === 'drift') return driftCommand(positionals.slice(1), values.json);
  if (positionals[0] !== 'serve' || positionals.length > 1) {
    console.error(`zapi-mock: unknown command ${JSON.stringify(positionals.join(' '))}\n\n${USAGE}`);
    return 2;
  }
  const port = portOf(values.port ?? '4010');
  if (port === undefined) return 2;
  const started: { mock?: RunningMock } = {}; // Prism may stop before startMock() has returned
  const mock = await startMock({
    host: values.host,
    port,
    ...(values['client-token'] && { clientToken: values['client-token'] }),
    ...(values.spec && { specFile: values.spec }),
    ...(values.verbose && { log: (line: string) => console.log(line) }),
    // A mock that answers 503 forever is worse than one that stops: a CI job fails at once, with the reason.
    onPrismExit: (exit) => {
      console.error(`zapi-mock: ${exit.message}`);
      if (!exit.restarting) void (started.mock?.close() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  started.mock = mock;
  console.log(`zapi-mock: Z-API mock listening on ${mock.url} (ready in ${mock.startupMs} ms)`);
  console.log(`zapi-mock: instance calls go to ${mock.url}${instancePrefix('<instanceId>', '<token>')}/<operation> with a Client-Token header`);
  stopOnSignal(mock.close);
  return -1; // keep serving
}

