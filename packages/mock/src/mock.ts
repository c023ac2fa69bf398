// startMock(): the whole mock (Prism + gateway) in one call, for tests and the CLI.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import bundledSpec from './generated/openapi.json' with { type: 'json' };
import { createGateway, DEFAULT_MAX_BODY_BYTES, type GatewayOptions } from './gateway.js';
import { startPrism, type PrismExit } from './prism.js';
import type { OpenApiDocument } from './routes.js';

export interface MockOptions extends Pick<GatewayOptions, 'maxBodyBytes' | 'clientToken' | 'log'> {
  /** Default 127.0.0.1: the mock is for this machine only. */
  host?: string;
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** An OpenAPI document (JSON) to serve instead of the one zapi-kit ships. */
  specFile?: string;
  /**
   * Called when Prism (the response engine behind the gateway) stops on its own. The mock starts it
   * again (`restarting: true`) unless it keeps dying (3 restarts within a minute) or cannot be
   * started; then `restarting` is false and every request gets 503 with `message`.
   */
  onPrismExit?: (exit: PrismExit) => void;
}

export interface RunningMock {
  /** Base URL to give the client (`baseUrl`). */
  url: string;
  host: string;
  port: number;
  /** Milliseconds from the call to the mock answering. */
  startupMs: number;
  /** Prism itself, behind the gateway: for diagnostics, such as checking what Prism alone lets through. */
  readonly prismUrl: string;
  close(): Promise<void>;
}

/** Prism reads a file: write the bundled document once per content, where it can be reused. */
function specFileFor(doc: unknown): string {
  const text = JSON.stringify(doc);
  const file = path.join(os.tmpdir(), `zapi-mock-openapi-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  if (!existsSync(file)) writeFileSync(file, text);
  return file;
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const started = performance.now();
  const doc = (options.specFile ? JSON.parse(readFileSync(options.specFile, 'utf8')) : bundledSpec) as OpenApiDocument;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const prism = await startPrism(options.specFile ?? specFileFor(doc), {
    maxBodyBytes,
    ...(options.onPrismExit && { onExit: options.onPrismExit }),
  });
  const server = createGateway({ ...options, maxBodyBytes, prismUrl: () => prism.ready(), doc });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4010, host, () => resolve());
    });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    startupMs: Math.round(performance.now() - started),
    get prismUrl() {
      return prism.url;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await prism.stop();
    },
  };
}
