// What listen found before it changed anything, kept on disk so that `listen --restore` can put the
// URLs back after a crash. It holds URLs only, never a token.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WebhookUrls } from './webhook-urls.js';

export interface ListenState {
  instanceId: string;
  /** The Z-API the URLs belong to (`--base-url`). */
  baseUrl: string;
  /** Where listen pointed the webhooks. */
  publicUrl: string;
  savedAt: string;
  found: WebhookUrls;
}

/** `$XDG_STATE_HOME/zapi-kit/listen-<instance id>.json` (default `~/.local/state`). */
export function stateFile(instanceId: string): string {
  const dir = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(dir, 'zapi-kit', `listen-${instanceId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

export async function loadState(file: string): Promise<ListenState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the saved state ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const state = JSON.parse(text) as ListenState;
    if (!state?.found?.urls || typeof state.instanceId !== 'string') throw new Error('fields are missing');
    return state;
  } catch (error) {
    throw new Error(
      `the saved state ${file} is damaged (${(error as Error).message}); restore the webhook URLs in Z-API's panel and delete it`,
      {
        cause: error,
      },
    );
  }
}

/** Written whole or not at all (temporary file, then rename), readable by the user only. */
export async function saveState(file: string, state: ListenState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

export async function removeState(file: string): Promise<void> {
  await rm(file, { force: true });
}
