// Load for the inbox crash tests: `chats` senders run side by side (so `chats` requests are in
// flight), each sending its chat's messages one after the other like Z-API does, and now and then
// the same delivery again (Z-API repeats). A request that fails (receiver down) is not acknowledged
// and the sender moves on, as Z-API would: it does not retry.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { example } from './inbox.js';
import { root } from './spec.js';

// This run's own instance token: between a receiver's SIGKILL and its restart the port is free, and
// a receiver of another test (or of another checkout's suite) that took it must answer 401, not
// acknowledge deliveries this test then looks for in its own store.
const TOKEN = randomBytes(16).toString('hex').toUpperCase();

export interface Ack {
  id: string;
  messageId: string;
  chat: number;
  seq: number;
  duplicate: boolean;
}

export interface LoadOptions {
  /** Where to send; called per request so a test can switch receivers. */
  target: (chat: number, seq: number) => string;
  chats: number;
  perChat: number;
  /** Every n-th message is sent twice. */
  repeatEvery: number;
  onAck?: (acks: number) => void | Promise<void>;
}

export async function runLoad(options: LoadOptions): Promise<{ acks: Ack[]; failures: number }> {
  const acks: Ack[] = [];
  let failures = 0;
  // node:http with keep-alive: a lighter client than fetch, so the receiver gets the CPU.
  const agent = new Agent({ keepAlive: true, maxSockets: options.chats });
  const request = (url: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'z-api-token': TOKEN, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const send = async (chat: number, seq: number, body: string, duplicate: boolean) => {
    try {
      const response = await request(options.target(chat, seq), body);
      const json = JSON.parse(response.text) as { id?: string };
      if (response.status === 200 && json.id) {
        acks.push({ id: json.id, messageId: `C${chat}-${seq}`, chat, seq, duplicate });
        await options.onAck?.(acks.length);
      } else failures++;
    } catch {
      failures++; // connection refused or reset: not acknowledged, so Z-API would have lost it
      await reachable(options.target(chat, seq)); // then go on with the next message
    }
  };
  await Promise.all(
    Array.from({ length: options.chats }, async (_, chat) => {
      const phone = `55119${String(chat).padStart(8, '0')}`;
      for (let seq = 0; seq < options.perChat; seq++) {
        const body = JSON.stringify(
          example('ReceivedCallback.text', { phone, messageId: `C${chat}-${seq}`, text: { message: `${chat}#${seq}` } }),
        );
        await send(chat, seq, body, false);
        if (seq % options.repeatEvery === options.repeatEvery - 1) await send(chat, seq, body, true);
      }
    }),
  );
  agent.destroy();
  return { acks, failures };
}

/** Resolves once something accepts TCP connections at the URL's port again (at most 20 s). */
async function reachable(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname, () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const cli = path.join(root, 'packages/webhooks/dist/cli.js');

/** `zapi-webhooks inbox serve` as its own process, resolved once it listens. */
export async function startReceiver(store: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [cli, 'inbox', 'serve', '--host', '127.0.0.1', '--port', String(port), '--store', store, '--instance-token', TOKEN],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await untilLine(child, /listening on/);
  return child;
}

/** The test worker process (inbox-worker.mjs). */
export async function startWorker(store: string, log: string, concurrency = 8): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'test/support/inbox-worker.mjs'), store, log, String(concurrency), '5000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await untilLine(child, /^ready$/m);
  return child;
}

function untilLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`process did not start within 15 s: ${output}`)), 15_000);
    const check = (chunk: Buffer) => {
      output += String(chunk);
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before it was ready: ${output}`));
    });
  });
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
