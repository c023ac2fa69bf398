#!/usr/bin/env node
// zapi-mock serve [--host 127.0.0.1] [--port 4010] [--client-token TOKEN] [--spec FILE] [--verbose]
import { parseArgs } from 'node:util';
import { startMock } from './mock.js';

const USAGE = `Usage: zapi-mock serve [options]

Serves a mock of Z-API's REST API: every documented operation answers with its documented example,
and requests are checked the way Z-API checks them (Client-Token, Content-Type, body schema).

Options:
  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port to listen on (default 4010; 0 for any free port)
  --client-token TOKEN   require exactly this Client-Token (default: any non-empty one)
  --spec FILE            serve another bundled OpenAPI document (JSON)
  --verbose              log one line per request (secrets redacted)
  -h, --help             show this help`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4010' },
        'client-token': { type: 'string' },
        spec: { type: 'string' },
        verbose: { type: 'boolean', default: false },
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
  if (positionals[0] !== 'serve' || positionals.length > 1) {
    console.error(`zapi-mock: unknown command ${JSON.stringify(positionals.join(' '))}\n\n${USAGE}`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`zapi-mock: --port must be a whole number from 0 to 65535, got ${JSON.stringify(values.port)}`);
    return 2;
  }
  const mock = await startMock({
    host: values.host,
    port,
    ...(values['client-token'] && { clientToken: values['client-token'] }),
    ...(values.spec && { specFile: values.spec }),
    ...(values.verbose && { log: (line: string) => console.log(line) }),
  });
  console.log(`zapi-mock: Z-API mock listening on ${mock.url} (ready in ${mock.startupMs} ms)`);
  console.log(`zapi-mock: instance calls go to ${mock.url}/instances/<instanceId>/token/<token>/<operation> with a Client-Token header`);
  const stop = async () => {
    await mock.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep serving
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: Error) => {
    console.error(`zapi-mock: ${error.message}`);
    process.exit(1);
  },
);
