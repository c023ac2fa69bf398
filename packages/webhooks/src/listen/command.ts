// zapi-webhooks listen: Z-API's real webhooks on your machine, like `stripe listen`. It saves the
// instance's webhook URLs, points them at your tunnel, forwards every delivery to your endpoint, and
// puts the URLs back on Ctrl-C / SIGTERM (or with `listen --restore` after a crash).
import { createZapiClient, type ZapiClient } from '@zapi-kit/client';
import { redact } from '@zapi-kit/shared';
import { CliUsageError, type CliCommand } from '@zapi-kit/shared/cli';
import { createRecorder } from './record.js';
import { startReceiver, type Delivery } from './receiver.js';
import { loadState, removeState, saveState, stateFile, type ListenState } from './state.js';
import { pointEveryWebhook, readWebhookUrls, restoreWebhookUrls } from './webhook-urls.js';

export interface ListenArgs {
  instanceId?: string | undefined;
  instanceToken?: string | undefined;
  clientToken?: string | undefined;
  publicUrl?: string | undefined;
  forwardTo?: string | undefined;
  port?: string | undefined;
  record?: string | undefined;
  baseUrl?: string | undefined;
  json: boolean;
  restore: boolean;
}

export const LISTEN_COMMAND: CliCommand = {
  name: 'listen',
  usage: [
    '--instance-id ID --instance-token T --client-token CT --public-url URL --forward-to URL [options]',
    '--restore --instance-id ID --instance-token T --client-token CT [--base-url URL]',
  ],
  summary: "forwards the instance's real webhooks to your endpoint, like stripe listen",
  description: `Reads the instance's webhook URLs (GET /me), saves them, points every webhook at --public-url
(your tunnel to --port), and forwards each delivery to --forward-to with Z-API's headers and body
unchanged, printing one line per delivery. Ctrl-C or SIGTERM puts the URLs back; after a crash,
listen --restore does. The saved URLs live in $XDG_STATE_HOME/zapi-kit (~/.local/state).`,
  options: [
    { name: 'instance-id', value: 'ID', help: 'the instance (required)' },
    { name: 'instance-token', value: 'T', help: 'its token (required)' },
    { name: 'client-token', value: 'CT', help: "the account's security token, Client-Token (required)" },
    { name: 'public-url', value: 'URL', help: 'the public URL of your tunnel to --port (required unless --restore)' },
    { name: 'forward-to', value: 'URL', help: 'your endpoint: each delivery is POSTed there (required unless --restore)' },
    { name: 'port', value: 'PORT', help: 'the local port the tunnel points at (default 4567)' },
    { name: 'record', value: 'DIR', help: 'write each delivery as DIR/NNNN-<event>.json (the body) and .headers beside it' },
    { name: 'base-url', value: 'URL', help: 'another Z-API, such as zapi-mock sandbox (default https://api.z-api.io)' },
    { name: 'json', help: 'print one JSON object per delivery and per message' },
    { name: 'restore', help: 'put back the URLs a listen that died left saved, and exit' },
  ],
};

interface Streams {
  out: Pick<NodeJS.WritableStream, 'write'>;
  err: Pick<NodeJS.WritableStream, 'write'>;
}

function httpUrl(flag: string, value: string | undefined): URL {
  if (!value) throw new CliUsageError(`${flag} URL is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError(`${flag} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError(`${flag} must be an http(s) URL, got ${url.protocol}`);
  return url;
}

function clientOf(args: ListenArgs): ZapiClient {
  for (const [flag, value] of [
    ['--instance-id', args.instanceId],
    ['--instance-token', args.instanceToken],
    ['--client-token', args.clientToken],
  ] as const) {
    if (!value || value.trim() === '') throw new CliUsageError(`${flag} is required`);
  }
  if (args.baseUrl !== undefined) httpUrl('--base-url', args.baseUrl);
  return createZapiClient({
    instanceId: args.instanceId!,
    token: args.instanceToken!,
    clientToken: args.clientToken!,
    ...(args.baseUrl && { baseUrl: args.baseUrl }),
  });
}

const clock = (iso: string) => iso.slice(11, 19);

function deliveryLine(d: Delivery, forwardTo: URL): string {
  const forward =
    'status' in d.forward
      ? `${d.forward.status} from ${forwardTo.origin}${forwardTo.pathname} (${d.forward.ms} ms)`
      : `not delivered: ${d.forward.error}`;
  const parts = [`${clock(d.time)} ${d.event ?? 'unparsed'} → ${forward}`];
  if (d.error) parts.push(`error: ${d.error}`);
  for (const warning of d.warnings) parts.push(`warning: ${warning}`);
  if (d.recorded) parts.push(`recorded ${d.recorded}`);
  if (d.recordError) parts.push(`NOT recorded: ${d.recordError}`);
  return parts.join('; ');
}

/** Puts the saved URLs back; true when every one was set (the state is then removed). */
async function restore(
  zapi: ZapiClient,
  state: ListenState,
  file: string,
  { out, err }: Streams,
  say: (line: string) => string,
): Promise<boolean> {
  const result = await restoreWebhookUrls(zapi, state.found);
  if (result.restored.length > 0) out.write(say(`restored ${result.restored.join(', ')}`));
  if (result.unset.length > 0) {
    out.write(
      say(
        `${result.unset.join(', ')} had no URL before; Z-API has no call that clears one, so they still point at ${state.publicUrl}: clear them in Z-API's panel`,
      ),
    );
  }
  for (const failure of result.failed) err.write(say(`could not restore ${failure.field}: ${failure.error}`));
  if (result.failed.length > 0) {
    err.write(say(`the URLs found before are kept in ${file}; run zapi-webhooks listen --restore with the same credentials to try again`));
    return false;
  }
  await removeState(file);
  return true;
}

export async function listenCommand(args: ListenArgs, streams: Streams): Promise<number> {
  const { out, err } = streams;
  const secrets = [args.instanceToken, args.clientToken];
  const say = (line: string) => `${redact(args.json ? JSON.stringify({ message: line }) : `zapi-webhooks listen: ${line}`, secrets)}\n`;
  try {
    const zapi = clientOf(args);
    const file = stateFile(args.instanceId!);
    const saved = await loadState(file);

    if (args.restore) {
      if (!saved) {
        err.write(say(`nothing to restore for instance ${args.instanceId}: no saved state at ${file}`));
        return 1;
      }
      return (await restore(zapi, saved, file, streams, say)) ? 0 : 1;
    }

    const publicUrl = httpUrl('--public-url', args.publicUrl);
    const forwardTo = httpUrl('--forward-to', args.forwardTo);
    const port = Number(args.port ?? '4567');
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliUsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(args.port)}`);
    const recorder = args.record ? await createRecorder(args.record) : undefined;

    // A state left by a listen that died holds the real URLs: the instance now points at a tunnel.
    let state: ListenState;
    if (saved) {
      state = saved;
      out.write(say(`an earlier listen did not restore the webhook URLs; it will restore the ones it saved at ${saved.savedAt}`));
    } else {
      state = {
        instanceId: args.instanceId!,
        baseUrl: args.baseUrl ?? 'https://api.z-api.io',
        publicUrl: publicUrl.href,
        savedAt: new Date().toISOString(),
        found: await readWebhookUrls(zapi),
      };
      await saveState(file, state);
    }

    const receiver = await startReceiver({
      port,
      forwardTo,
      ...(recorder && { recorder }),
      onDelivery: (d) => out.write(`${redact(args.json ? JSON.stringify(d) : deliveryLine(d, forwardTo), secrets)}\n`),
    });

    let stopping: Promise<number> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await receiver.close();
        return (await restore(zapi, state, file, streams, say)) ? 0 : 1;
      })());
    const signalled = new Promise<number>((resolve) => {
      process.once('SIGINT', () => resolve(stop()));
      process.once('SIGTERM', () => resolve(stop()));
    });

    try {
      await pointEveryWebhook(zapi, publicUrl.href, state.found);
      if (state.publicUrl !== publicUrl.href) await saveState(file, (state = { ...state, publicUrl: publicUrl.href }));
    } catch (error) {
      err.write(say(`could not point the webhooks at ${publicUrl.href}: ${(error as Error).message}`));
      return await stop();
    }
    out.write(
      say(`webhooks of instance ${args.instanceId} → ${publicUrl.href} → ${receiver.url} → ${forwardTo.href}; Ctrl-C restores them`),
    );
    return await signalled;
  } catch (error) {
    // A wrong command line is said the way every command says it, with a pointer to --help.
    if (error instanceof CliUsageError) throw error;
    err.write(say((error as Error).message));
    return 1;
  }
}
