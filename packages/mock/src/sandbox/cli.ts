// zapi-mock sandbox: the stateful sandbox from the command line.
import { closest, instancePrefix } from '@zapi-kit/shared';
import { CliUsageError, type CliCommand, type CliStreams } from '@zapi-kit/shared/cli';
import type { Faults } from './deliveries.js';
import { startSandbox } from './sandbox.js';

export const SANDBOX_COMMAND: CliCommand = {
  name: 'sandbox',
  usage: '[options]',
  summary: 'a stateful Z-API with one connected instance that calls your webhooks',
  description: `A stateful Z-API with one connected instance. Sends create messages and fire
DeliveryCallback and MessageStatusCallback (RECEIVED, then READ) to the URLs set with Z-API's own
update-webhook-* calls (http:// is accepted on loopback); chats, contacts, groups and the queue keep
state. The control API under /_sandbox/ plays the contacts and the phone (dist/docs/sandbox.html).`,
  options: [
    { name: 'host', value: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
    { name: 'port', value: 'PORT', help: 'port to listen on (default 4010; 0 for any free port)' },
    { name: 'instance-id', value: 'ID', help: 'the instance id (default: drawn from the seed)' },
    { name: 'instance-token', value: 'T', help: 'the instance token (default: drawn from the seed)' },
    { name: 'client-token', value: 'CT', help: 'require exactly this Client-Token (default: any non-empty one)' },
    { name: 'speed', value: 'N', help: 'scale every simulated delay (default 1; 0 = no waiting)' },
    { name: 'seed', value: 'N', help: 'seed of ids and fault draws (default 1)' },
    { name: 'retention', value: 'N', help: 'messages, chats and deliveries kept (default 10000)' },
    {
      name: 'fault',
      value: 'NAME[=VALUE]',
      multiple: true,
      help: `a fault in force from the start, repeatable: duplicate, reorder, drop,
delay (rates 0-1, default 1), delayMs, timeoutMs (ms), gzip,
connectionEventsToReceived (true/false, default true)`,
    },
    { name: 'list', help: 'print the modelled and fallback operations and exit' },
    { name: 'verbose', help: 'log one line per request, with the reason of a refusal (secrets redacted)' },
  ],
};

const RATES = new Set(['duplicate', 'reorder', 'drop', 'delay']);
const DURATIONS = new Set(['delayMs', 'timeoutMs']);
const SWITCHES = new Set(['gzip', 'connectionEventsToReceived']);

/** `drop=0.2`, `gzip`, `delayMs=500` → faults; a clear sentence for anything else. */
export function parseFaults(specs: string[]): Partial<Faults> {
  const faults: Record<string, number | boolean> = {};
  for (const spec of specs) {
    const [name = '', raw] = spec.split('=', 2);
    if (RATES.has(name)) {
      const rate = raw === undefined ? 1 : Number(raw);
      if (!(rate >= 0 && rate <= 1)) throw new CliUsageError(`--fault ${name} takes a rate from 0 to 1, got ${JSON.stringify(raw)}`);
      faults[name] = rate;
    } else if (DURATIONS.has(name)) {
      const ms = Number(raw);
      if (!Number.isInteger(ms) || ms < (name === 'timeoutMs' ? 1 : 0))
        throw new CliUsageError(`--fault ${name} takes milliseconds, got ${JSON.stringify(raw)}`);
      faults[name] = ms;
    } else if (SWITCHES.has(name)) {
      if (raw !== undefined && raw !== 'true' && raw !== 'false')
        throw new CliUsageError(`--fault ${name} takes true or false, got ${JSON.stringify(raw)}`);
      faults[name] = raw !== 'false';
    } else {
      const names = [...RATES, ...DURATIONS, ...SWITCHES];
      const guess = closest(name, names);
      throw new CliUsageError(
        `unknown --fault ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}; faults: ${names.join(', ')}`,
      );
    }
  }
  return faults as Partial<Faults>;
}

const wholeNumber = (flag: string, value: string | undefined, min: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliUsageError(`${flag} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
};

export interface SandboxFlags {
  host?: string;
  port?: string;
  'instance-id'?: string;
  'instance-token'?: string;
  'client-token'?: string;
  speed?: string;
  seed?: string;
  retention?: string;
  fault?: string[];
  list?: boolean;
  verbose?: boolean;
}

export async function sandboxCommand(values: SandboxFlags, { out }: CliStreams): Promise<number> {
  const port = wholeNumber('--port', values.port ?? '4010', 0)!;
  if (port > 65535) throw new CliUsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new CliUsageError(`--speed must be a number ≥ 0, got ${JSON.stringify(values.speed)}`);
  const seed = wholeNumber('--seed', values.seed, 0);
  const retention = wholeNumber('--retention', values.retention, 1);
  const say = (line: string) => out.write(`${line}\n`);
  const options = {
    host: values.host ?? '127.0.0.1',
    port: values.list ? 0 : port,
    speed,
    ...(seed !== undefined && { seed }),
    ...(retention !== undefined && { retention }),
    ...(values['instance-id'] && { instanceId: values['instance-id'] }),
    ...(values['instance-token'] && { instanceToken: values['instance-token'] }),
    ...(values['client-token'] && { clientToken: values['client-token'] }),
    faults: parseFaults(values.fault ?? []),
    ...(values.verbose && { log: say }),
  };
  const sandbox = await startSandbox(options);
  if (values.list) {
    say(`modelled (${sandbox.modelled.length}): ${sandbox.modelled.join(' ')}`);
    say(`fallback, documented example (${sandbox.fallback.length}): ${sandbox.fallback.join(' ')}`);
    await sandbox.close();
    return 0;
  }
  say(`zapi-mock: Z-API sandbox listening on ${sandbox.url} (speed ${options.speed}, ${sandbox.modelled.length} operations modelled)`);
  say(`zapi-mock: instance id     ${sandbox.instanceId}`);
  say(`zapi-mock: instance token  ${sandbox.instanceToken}`);
  say(`zapi-mock: Client-Token    ${sandbox.clientToken ?? 'any non-empty value'}`);
  say(`zapi-mock: instance calls  ${sandbox.url}${instancePrefix(sandbox.instanceId, '<token>')}/<operation>`);
  say(`zapi-mock: control API     ${sandbox.url}/_sandbox/ (GET /_sandbox/operations lists what is modelled)`);
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep serving
}
