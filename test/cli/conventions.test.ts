// The conventions both CLIs keep, checked on the built binaries as a user runs them: --version, a help
// per command, usage errors that exit 2 with one line and a "did you mean", runtime failures that
// exit 1, and help texts that list exactly the options the parsers accept.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main as mockMain } from '../../packages/mock/src/cli-main.js';
import { main as webhooksMain } from '../../packages/webhooks/src/cli-main.js';
import { mockCli, runCli, webhooksCli } from '../support/cli.js';
import { closedPortUrl } from '../support/ports.js';
import { root } from '../support/spec.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zapi-cli-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const versionOf = (pkg: string) =>
  (JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')) as { version: string }).version;

// Every command of each CLI, written out here rather than read from the code under test.
const COMMANDS = {
  'zapi-mock': ['serve', 'trigger', 'sandbox', 'proxy', 'drift'],
  'zapi-webhooks': ['validate', 'events', 'listen', 'drift', 'inbox', 'inbox serve', 'inbox list', 'inbox retry', 'inbox replay'],
} as const;
const binOf = { 'zapi-mock': mockCli, 'zapi-webhooks': webhooksCli } as const;
type Cli = keyof typeof COMMANDS;

describe('--version', () => {
  it.each([
    ['zapi-mock', 'mock'],
    ['zapi-webhooks', 'webhooks'],
  ] as const)('%s --version and -v print the version of its package.json', async (cli, pkg) => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli(binOf[cli], [flag]);
      expect(r.status, flag).toBe(0);
      expect(r.stdout).toBe(`${versionOf(pkg)}\n`);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?\n$/);
      expect(r.stderr).toBe('');
    }
  });
});

describe('--help', () => {
  it('zapi-mock --help is the overview: every command with its usage, and the exit codes', async () => {
    const r = await runCli(mockCli, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const line of [
      '  zapi-mock serve [options]',
      '  zapi-mock trigger EVENT --to URL [options]',
      '  zapi-mock sandbox [options]',
      '  zapi-mock proxy --upstream URL [options]',
      '  zapi-mock drift FILE [--json]',
    ]) {
      expect(r.stdout).toContain(`\n${line}\n`);
    }
    expect(r.stdout).toContain('  -v, --version  print the version');
    expect(r.stdout).toContain('Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong command line.');
  });

  const everyCommand = Object.entries(COMMANDS).flatMap(([cli, commands]) =>
    commands.map((command): [Cli, string] => [cli as Cli, command]),
  );
  it.each(everyCommand)(
    '%s %s --help (and -h, and help COMMAND) prints the help of that command only',
    async (cli: Cli, command: string) => {
      const words = command.split(' ');
      const [long, short, helpWord] = await Promise.all([
        runCli(binOf[cli], [...words, '--help']),
        runCli(binOf[cli], [...words, '-h']),
        runCli(binOf[cli], ['help', ...words]),
      ]);
      expect(long.status).toBe(0);
      expect(long.stderr).toBe('');
      expect(short.stdout).toBe(long.stdout);
      expect(helpWord.stdout).toBe(long.stdout);
      const title = `${cli} ${command}`;
      const isGroup = command === 'inbox';
      // A command's help starts with its usage; a group's lists its commands.
      if (!isGroup) expect(long.stdout).toMatch(new RegExp(`^Usage:\\n  ${title} `));
      else expect(long.stdout).toContain(`\n  ${title} serve `);
      // ...and shows no other command's usage.
      for (const other of COMMANDS[cli]) {
        // A group's help shows its commands; a command's usage starts with its group's name.
        if (other === command || (isGroup && other.startsWith(`${command} `)) || command.startsWith(`${other} `)) continue;
        expect(long.stdout, `help of ${title} shows ${other}`).not.toMatch(new RegExp(`^  ${cli} ${other} `, 'm'));
      }
      expect(long.stdout).toContain('-h, --help');
    },
  );
});

describe('usage errors exit 2 with one line: the problem, a suggestion when one is close, a pointer to --help', () => {
  const closed = 'http://127.0.0.1:9/hook';
  it.each([
    ['zapi-mock', ['serve', '--prot', '4010'], 'zapi-mock serve: unknown option --prot (did you mean --port?); see zapi-mock serve --help'],
    ['zapi-mock', ['serve', '-port', '0'], 'zapi-mock serve: unknown option -port (did you mean --port?); see zapi-mock serve --help'],
    [
      'zapi-mock',
      ['serve', '--port', 'abc'],
      'zapi-mock serve: --port must be a whole number from 0 to 65535, got "abc"; see zapi-mock serve --help',
    ],
    ['zapi-mock', ['serve', '--port'], 'zapi-mock serve: --port needs a value: --port PORT; see zapi-mock serve --help'],
    [
      'zapi-mock',
      ['serve', '--port', '--verbose'],
      'zapi-mock serve: --port needs a value, got the option --verbose (write --port=--verbose if that is the value); see zapi-mock serve --help',
    ],
    ['zapi-mock', ['serve', '--verbose=yes'], 'zapi-mock serve: --verbose takes no value, got "yes"; see zapi-mock serve --help'],
    [
      'zapi-mock',
      ['serve', '--upstream', 'https://api.z-api.io'],
      'zapi-mock serve: unknown option --upstream; see zapi-mock serve --help',
    ],
    ['zapi-mock', ['serve', 'now'], 'zapi-mock serve: unexpected argument "now" (serve takes none); see zapi-mock serve --help'],
    ['zapi-mock', ['serv'], 'zapi-mock: unknown command "serv" (did you mean serve?); see zapi-mock --help'],
    ['zapi-mock', ['--port', '4010'], 'zapi-mock: a command comes first, got the option --port; see zapi-mock --help'],
    ['zapi-mock', [], 'zapi-mock: missing command: serve, trigger, sandbox, proxy or drift; see zapi-mock --help'],
    [
      'zapi-mock',
      ['trigger', 'ReceivedCallback.txt', '--to', closed],
      'zapi-mock trigger: unknown event "ReceivedCallback.txt" (did you mean ReceivedCallback.text?); see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', 'ReceivedCallback.text'],
      'zapi-mock trigger: missing --to URL, the webhook URL to POST to; see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', '--to', closed],
      'zapi-mock trigger: missing EVENT, e.g. ReceivedCallback.text (zapi-webhooks events lists them); see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', 'DeliveryCallback', '--to', 'ftp://x'],
      'zapi-mock trigger: --to must be an http(s) URL, got ftp:; see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', 'DeliveryCallback', '--to', closed, '--force'],
      'zapi-mock trigger: --force applies to --payload FILE only; see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', 'DeliveryCallback', '--to', closed, '--jsno'],
      'zapi-mock trigger: unknown option --jsno (did you mean --json?); see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['trigger', 'DeliveryCallback', '--to', closed, '-x'],
      'zapi-mock trigger: unknown option -x; see zapi-mock trigger --help',
    ],
    [
      'zapi-mock',
      ['sandbox', '--fault', 'dorp'],
      'zapi-mock sandbox: unknown --fault "dorp" (did you mean drop?); faults: duplicate, reorder, drop, delay, delayMs, timeoutMs, gzip, connectionEventsToReceived; see zapi-mock sandbox --help',
    ],
    ['zapi-mock', ['proxy'], 'zapi-mock proxy: missing --upstream URL, e.g. https://api.z-api.io; see zapi-mock proxy --help'],
    ['zapi-mock', ['drift'], 'zapi-mock drift: missing FILE, a report written by zapi-mock proxy; see zapi-mock drift --help'],
    ['zapi-webhooks', ['evnets'], 'zapi-webhooks: unknown command "evnets" (did you mean events?); see zapi-webhooks --help'],
    [
      'zapi-webhooks',
      ['events', '--jsno'],
      'zapi-webhooks events: unknown option --jsno (did you mean --json?); see zapi-webhooks events --help',
    ],
    ['zapi-webhooks', ['validate'], 'zapi-webhooks validate: missing FILE (- reads stdin); see zapi-webhooks validate --help'],
    [
      'zapi-webhooks',
      ['validate', '--strcit', 'a.json'],
      'zapi-webhooks validate: unknown option --strcit (did you mean --strict?); see zapi-webhooks validate --help',
    ],
    [
      'zapi-webhooks',
      ['listen', '--instance-token', 'T', '--client-token', 'CT'],
      'zapi-webhooks listen: --instance-id is required; see zapi-webhooks listen --help',
    ],
    [
      'zapi-webhooks',
      ['listen', '--fowrard-to', 'http://x'],
      'zapi-webhooks listen: unknown option --fowrard-to (did you mean --forward-to?); see zapi-webhooks listen --help',
    ],
    ['zapi-webhooks', ['inbox'], 'zapi-webhooks inbox: missing command: serve, list, retry or replay; see zapi-webhooks inbox --help'],
    ['zapi-webhooks', ['inbox', 'lst'], 'zapi-webhooks inbox: unknown command "lst" (did you mean list?); see zapi-webhooks inbox --help'],
    [
      'zapi-webhooks',
      ['inbox', 'serve', '--port', 'abc', '--no-instance-token'],
      'zapi-webhooks inbox serve: --port must be a whole number from 0 to 65535, got "abc"; see zapi-webhooks inbox serve --help',
    ],
    [
      'zapi-webhooks',
      ['inbox', 'serve', '--no-instance-token'],
      'zapi-webhooks inbox serve: missing --port P, the port to listen on; see zapi-webhooks inbox serve --help',
    ],
    [
      'zapi-webhooks',
      ['inbox', 'retry'],
      'zapi-webhooks inbox retry: missing the delivery ID (inbox list --failed shows them); see zapi-webhooks inbox retry --help',
    ],
    [
      'zapi-webhooks',
      ['inbox', 'list', '--since', 'soon'],
      'zapi-webhooks inbox list: --since must be a duration (30s, 15m, 1h, 2d) or a date, got "soon"; see zapi-webhooks inbox list --help',
    ],
    ['zapi-webhooks', ['drift', 'a', 'b'], 'zapi-webhooks drift: unexpected argument "b" (drift takes 1); see zapi-webhooks drift --help'],
  ] as const)('%s %j', async (cli, args, line) => {
    // In an empty folder of its own: a usage error leaves nothing behind (no inbox database, no report).
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    const r = await runCli(binOf[cli], [...args], { ZAPI_INSTANCE_TOKEN: '' }, cwd);
    expect(r.stderr).toBe(`${line}\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('runtime failures keep exit 1', async () => {
    const unreachable = `${await closedPortUrl()}/hook`;
    const [trigger, drift, validate] = await Promise.all([
      runCli(mockCli, ['trigger', 'DeliveryCallback', '--to', unreachable]),
      runCli(mockCli, ['drift', path.join(dir, 'no-such-report.jsonl')]),
      runCli(webhooksCli, ['validate', path.join(dir, 'no-such-payload.json')]),
    ]);
    expect([trigger.status, drift.status, validate.status]).toEqual([1, 1, 1]);
    expect(trigger.stderr).toBe(`zapi-mock trigger: could not POST to ${unreachable}: ECONNREFUSED\n`);
    expect(drift.stderr).toBe(`zapi-mock drift: cannot read ${path.join(dir, 'no-such-report.jsonl')}: ENOENT\n`);
    expect(validate.stdout).toBe(`error cannot read ${path.join(dir, 'no-such-payload.json')}: ENOENT\n`);
  });
});

describe('--json', () => {
  it('zapi-webhooks events --json lists each event as {name, kind, variant}, as many as the plain list', async () => {
    const [plain, json] = await Promise.all([runCli(webhooksCli, ['events']), runCli(webhooksCli, ['events', '--json'])]);
    expect(json.status).toBe(0);
    const events = JSON.parse(json.stdout) as Array<{ name: string; kind: string; variant: string | null }>;
    expect(events.map((e) => e.name)).toEqual(plain.stdout.trim().split('\n'));
    expect(events).toContainEqual({ name: 'ConnectedCallback', kind: 'ConnectedCallback', variant: null });
    expect(events).toContainEqual({ name: 'ReceivedCallback.text', kind: 'ReceivedCallback', variant: 'text' });
    expect(events).toContainEqual({ name: 'ReceivedCallback.pollVote', kind: 'ReceivedCallback', variant: 'pollVote' });
  });
});

/** The options a help text lists, as `[name, takes a value]`, read from its Options section. */
function listedOptions(help: string): Array<[string, boolean]> {
  const section = help.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
  return [...section.matchAll(/^ {2}(?:-\w, )?--([a-z][a-z-]*)( \S+)?/gm)].map((m) => [m[1]!, m[2] !== undefined]);
}

async function runInProcess(cli: Cli, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, cb) => (append(String(chunk)), cb()) });
  const main = cli === 'zapi-mock' ? mockMain : webhooksMain;
  const code = await main(
    args,
    sink((s) => (out += s)),
    sink((s) => (err += s)),
  );
  return { code, out, err };
}

describe('help and parser agree', () => {
  // Option names a user might try on any command: those of every help of the CLI, and a few common ones.
  const COMMON = ['verbose', 'json', 'force', 'port', 'host', 'token', 'quiet', 'output', 'version'];

  it.each(Object.keys(COMMANDS) as Cli[])('%s: every option a help lists is accepted, and every other one is refused', async (cli) => {
    const leaves = COMMANDS[cli].filter((c) => c !== 'inbox');
    const helps = new Map<string, Array<[string, boolean]>>();
    for (const command of leaves) {
      const r = await runInProcess(cli, [...command.split(' '), '--help']);
      expect(r.code).toBe(0);
      helps.set(command, listedOptions(r.out));
    }
    const everyName = new Set([...COMMON, ...[...helps.values()].flat().map(([name]) => name)]);
    for (const [command, listed] of helps) {
      const words = command.split(' ');
      expect(listed.map(([name]) => name)).toContain('help');
      // All listed options at once, then one nobody lists: the parser must stop at that one only.
      const given = listed
        .filter(([name]) => name !== 'help')
        .flatMap(([name, takesValue]) => (takesValue ? [`--${name}=1`] : [`--${name}`]));
      const accepted = await runInProcess(cli, [...words, ...given, '--zz-not-an-option']);
      expect(accepted.err, `${cli} ${command}`).toMatch(new RegExp(`^${cli} ${command}: unknown option --zz-not-an-option`));
      expect(accepted.code).toBe(2);
      // A switch the help shows without a value takes none; an option shown with one needs it.
      for (const [name, takesValue] of listed) {
        if (name === 'help') continue;
        const wrong = await runInProcess(cli, [...words, takesValue ? `--${name}` : `--${name}=1`]);
        expect(wrong.err, `${cli} ${command} --${name}`).toContain(takesValue ? `--${name} needs a value` : `--${name} takes no value`);
      }
      for (const name of everyName) {
        if (listed.some(([n]) => n === name)) continue;
        const refused = await runInProcess(cli, [...words, `--${name}`]);
        expect(refused.code, `${cli} ${command} --${name}`).toBe(2);
        expect(refused.err).toMatch(new RegExp(`^${cli} ${command}: unknown option --${name}[ ;]`));
      }
    }
  });
});
