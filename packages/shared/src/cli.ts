// The command-line grammar of zapi-mock and zapi-webhooks. Each command is described once (usage,
// words, options), and that one description makes both its --help and its parser, so the two cannot
// disagree. The conventions it keeps: --help and -h on every command, --version and -v on the
// program, and a usage error (unknown command or option, missing or bad value) exits 2 with one
// line that names the problem, suggests the closest name, and points at --help. A command that
// fails at run time exits 1; that is the command's to say.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { closest } from './closest.js';

export interface CliOption {
  /** The long name, without dashes: `port` for `--port`. */
  name: string;
  /** The placeholder of its value in the help (`PORT`); an option without one is a switch. */
  value?: string;
  /** A one-letter alias. */
  short?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** What it does; further lines are indented under the first. */
  help: string;
}

export interface CliCommand {
  name: string;
  /** Its usage lines after `program command`, e.g. `EVENT --to URL [options]`. */
  usage: string | string[];
  /** One line, for the overview. */
  summary: string;
  /** The paragraphs of its own help, after the usage. */
  description?: string;
  options?: CliOption[];
  /** How many positional arguments it takes, and the sentence for too few. None when absent. */
  args?: { min: number; max: number; missing: string };
  /** Sub-commands, for a group such as `zapi-webhooks inbox`. */
  commands?: CliCommand[];
  /** Text after the options in its help. */
  footer?: string;
}

export interface CliProgram {
  name: string;
  /** Printed by --version: the package's own, read from its package.json at run time. */
  version: string;
  summary: string;
  commands: CliCommand[];
  footer?: string;
}

/** A command line that parsed: the command's names (`['inbox', 'serve']`) with its values and arguments. */
export interface CliRun {
  path: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface CliStreams {
  out: Pick<NodeJS.WritableStream, 'write'>;
  err: Pick<NodeJS.WritableStream, 'write'>;
}

/**
 * The version in a package's own package.json (`new URL('../package.json', import.meta.url)` from its
 * src/ or dist/), read at run time so that it stays right after `changeset version`.
 */
export async function packageVersion(manifest: URL): Promise<string> {
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/** A wrong command line: exit 2 with the message and a pointer to the command's --help. */
export class CliUsageError extends Error {}

const HELP: CliOption = { name: 'help', short: 'h', help: 'show this help' };
const VERSION: CliOption = { name: 'version', short: 'v', help: 'print the version' };
const EXIT_STATUS = 'Exit status: 0 done, 1 failed (the reason on stderr), 2 wrong command line.';

const usageLines = (command: CliCommand) => (Array.isArray(command.usage) ? command.usage : [command.usage]);
const didYouMean = (guess: string | undefined) => (guess ? ` (did you mean ${guess}?)` : '');

function optionTable(options: CliOption[]): string {
  const label = (o: CliOption) => `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...options.map((o) => label(o).length)) + 2;
  return options.map((o) => `  ${label(o).padEnd(width)}${o.help.split('\n').join(`\n  ${' '.repeat(width)}`)}`).join('\n');
}

function groupHelp(title: string, summary: string, commands: CliCommand[], options: CliOption[], footer?: string): string {
  const entries = commands.flatMap((c) => [...usageLines(c).map((u) => `  ${title} ${c.name}${u ? ` ${u}` : ''}`), `      ${c.summary}`]);
  return [
    summary,
    `Commands:\n${entries.join('\n')}`,
    `Options:\n${optionTable(options)}`,
    `Run ${title} COMMAND --help for the options of a command.${footer ? `\n\n${footer}` : ''}\n${EXIT_STATUS}`,
  ].join('\n\n');
}

/** The help of a command (its path of names from the program), or of the program for an empty path. */
export function commandHelp(program: CliProgram, path: string[]): string {
  let commands = program.commands;
  let command: CliCommand | undefined;
  for (const name of path) {
    command = commands.find((c) => c.name === name);
    if (!command) throw new Error(`no command ${path.join(' ')}`);
    commands = command.commands ?? [];
  }
  const title = [program.name, ...path].join(' ');
  if (!command)
    return groupHelp(
      program.name,
      `${program.name} ${program.version}: ${program.summary}`,
      program.commands,
      [HELP, VERSION],
      program.footer,
    );
  if (command.commands)
    return groupHelp(
      title,
      `${command.summary}${command.description ? `\n\n${command.description}` : ''}`,
      command.commands,
      [HELP],
      command.footer,
    );
  return [
    `Usage:\n${usageLines(command)
      .map((u) => `  ${title}${u ? ` ${u}` : ''}`)
      .join('\n')}`,
    command.description ?? command.summary,
    `Options:\n${optionTable([...(command.options ?? []), HELP])}`,
    ...(command.footer ? [command.footer] : []),
    EXIT_STATUS,
  ].join('\n\n');
}

/** Parses the options and arguments of one command, refusing anything its description does not list. */
function parseCommand(command: CliCommand, args: string[]): Omit<CliRun, 'path'> {
  const options = [...(command.options ?? []), HELP];
  const config = Object.fromEntries(
    options.map((o) => [
      o.name,
      {
        type: o.value ? ('string' as const) : ('boolean' as const),
        ...(o.short && { short: o.short }),
        ...(o.multiple && { multiple: true }),
      },
    ]),
  );
  // Not strict: node's own errors are sentences about `<value>` and quoting; these name the option as typed.
  const { values, positionals, tokens } = parseArgs({ args, options: config, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options.find((o) => o.name === token.name);
    if (!option) {
      // `-port` is read as -p -o -r -t: name it as typed, and match it against the long names.
      const typed = token.rawName.startsWith('--') ? token.rawName : args[token.index]!.split('=')[0]!;
      const guess = closest(
        typed.replace(/^-+/, ''),
        options.map((o) => o.name),
      );
      throw new CliUsageError(`unknown option ${typed}${didYouMean(guess && `--${guess}`)}`);
    }
    if (option.value && token.value === undefined)
      throw new CliUsageError(`${token.rawName} needs a value: ${token.rawName} ${option.value}`);
    // `--port --verbose`: the next option is not the value of one that forgot it (use --port=-1 for a dash).
    if (option.value && token.inlineValue === false && token.value!.startsWith('-')) {
      throw new CliUsageError(
        `${token.rawName} needs a value, got the option ${token.value} (write ${token.rawName}=${token.value} if that is the value)`,
      );
    }
    if (!option.value && token.value !== undefined)
      throw new CliUsageError(`${token.rawName} takes no value, got ${JSON.stringify(token.value)}`);
  }
  const { min, max, missing } = command.args ?? { min: 0, max: 0, missing: '' };
  if (positionals.length < min) throw new CliUsageError(missing);
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((a) => JSON.stringify(a));
    throw new CliUsageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')} (${command.name} takes ${max === 0 ? 'none' : max})`,
    );
  }
  return { values: values as CliRun['values'], positionals };
}

/**
 * Runs a command line: prints the help or version it asks for, or parses it and calls `run` with the
 * command it names. Returns the exit status: `run`'s, 0 after help, 2 after a usage error (one line on
 * `err`, also for a CliUsageError thrown by `run`).
 */
export async function runCommandLine(
  program: CliProgram,
  argv: string[],
  { out, err }: CliStreams,
  run: (command: CliRun) => Promise<number>,
): Promise<number> {
  // `program help inbox list` is `program inbox list --help`.
  const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
  const end = args.indexOf('--');
  const wantsHelp = (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
  const path: string[] = [];
  const pointer = () => [program.name, ...path].join(' ');
  try {
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
      out.write(`${program.version}\n`);
      return 0;
    }
    let commands: CliCommand[] | undefined = program.commands;
    let command: CliCommand | undefined;
    let rest = args;
    while (commands) {
      const word = rest[0];
      if (word === undefined || word.startsWith('-')) {
        if (wantsHelp) break;
        const names = commands.map((c) => c.name);
        if (word === undefined || word === '--')
          throw new CliUsageError(`missing command: ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
        const guess = closest(word.replace(/^-+/, ''), names);
        throw new CliUsageError(`a command comes first, got the option ${word.split('=')[0]}${didYouMean(guess)}`);
      }
      command = commands.find((c) => c.name === word);
      if (!command)
        throw new CliUsageError(
          `unknown command ${JSON.stringify(word)}${didYouMean(
            closest(
              word,
              commands.map((c) => c.name),
            ),
          )}`,
        );
      path.push(command.name);
      rest = rest.slice(1);
      commands = command.commands;
    }
    if (wantsHelp) {
      out.write(`${commandHelp(program, path)}\n`);
      return 0;
    }
    const parsed = parseCommand(command!, rest);
    return await run({ path, ...parsed });
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    err.write(`${pointer()}: ${error.message}; see ${pointer()} --help\n`);
    return 2;
  }
}
