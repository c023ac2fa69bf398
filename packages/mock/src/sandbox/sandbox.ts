// startSandbox(): a stateful Z-API in this process. Z-API's paths pass the same checks as
// `zapi-mock serve` (createRequestChecks), then a modelled operation changes state and fires
// webhooks; any other operation answers its documented example. /_sandbox/ is the control API.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readOperations, type SpecOperation } from '@zapi-kit/shared';
import zapiSpec from '../generated/openapi.json' with { type: 'json' };
import controlSpec from '../generated/sandbox-openapi.json' with { type: 'json' };
import { createRequestChecks, refuse, requestLine, requestSecrets, ZapiRefusal, type CheckedRequest } from '../checks.js';
import { createSpecValidator, describeErrors } from '../spec-validator.js';
import { createClock } from './clock.js';
import {
  instanceState,
  setContact,
  setFaults,
  simulateInbound,
  type ContactSetup,
  type InboundMessage,
  type InboundResult,
} from './control.js';
import type { Delivery, Faults } from './deliveries.js';
import { documentedAnswers, type DocumentedAnswer } from './examples.js';
import { createIds } from './ids.js';
import { SandboxError, SandboxInstance, type Timing } from './instance.js';
import { MODELLED } from './operations.js';
import { createRandom } from './random.js';

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default: 32 hexadecimal digits drawn from the seed. */
  instanceId?: string;
  /** Default: 24 hexadecimal digits drawn from the seed. */
  instanceToken?: string;
  /** When set, instance calls must carry exactly this Client-Token; otherwise any non-empty one passes (as `serve`). */
  clientToken?: string;
  /** Scales every simulated delay: 1 real time, 0 no waiting (default 1). */
  speed?: number;
  /** Seeds ids and fault draws, so a run repeats (default 1). */
  seed?: number;
  /** The number the instance is connected as (default 5511900000000). */
  phone?: string;
  /** How many messages, chats and deliveries are kept (oldest forgotten first; default 10,000). */
  retention?: number;
  /** Contacts read messages by themselves this long after RECEIVED (ms, before `speed`); null: only through markRead. Default 2000. */
  readAfterMs?: number | null;
  /** Faults in force from the start (all off by default). */
  faults?: Partial<Faults>;
  /** Largest request body (413 beyond), as `serve`. */
  maxBodyBytes?: number;
  /** One line per request, secrets redacted. */
  log?: (line: string) => void;
}

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
}

export interface RunningSandbox {
  /** Base URL to give the client (`baseUrl`). */
  url: string;
  host: string;
  port: number;
  instanceId: string;
  instanceToken: string;
  /** The Client-Token required, if one was set. */
  clientToken: string | undefined;
  /** Operations that keep state and fire webhooks, by operationId. */
  modelled: string[];
  /** Operations that answer their documented example. */
  fallback: string[];
  /** A contact sends a message to the instance; its ReceivedCallback is delivered. */
  inbound(message: InboundMessage): InboundResult;
  /** Contacts read messages the instance sent (by id, or every one of a chat): READ statuses follow. Returns the ids read. */
  markRead(target: { messageIds: string[] } | { phone: string }): string[];
  /**
   * The first webhook of `event` (`MessageStatusCallback`, `ReceivedCallback.text`, or a family:
   * `ReceivedCallback`) matching `predicate`, already fired or still to come. When the instance has a
   * URL for it, it resolves once the receiver has answered (or failed), so the handler has run.
   */
  waitForWebhook(event: string, predicate?: (payload: Record<string, unknown>) => boolean, options?: WaitOptions): Promise<Delivery>;
  /** Every webhook fired so far (within the retention), oldest first; optionally of one event or family. */
  deliveries(event?: string): Delivery[];
  /** The phone scans the QR code: connected, queued messages go out. */
  connect(): void;
  /** The phone loses the session: sends wait in the queue. */
  disconnect(): void;
  /** Sets up a contact: its name, whether it is on WhatsApp, whether it is known only by its LID. */
  setContact(
    phone: string,
    setup: ContactSetup,
  ): { phone: string; name: string | null; lid: string; onWhatsApp: boolean; lidOnly: boolean };
  /** Changes the faults in force; returns them all. */
  setFaults(faults: Partial<Faults>): Faults;
  /** Forgets every message, chat, group, delivery and fault; connected, no webhook URLs. */
  reset(): void;
  /** Resolves when every webhook POST started so far has been answered (or failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK_HTTP = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]+)?(?:[/?#]|$)/i;
const isWebhookSetter = (operation: SpecOperation) => /^updateWebhook|^updateEveryWebhooks$/.test(operation.operationId);

/**
 * A local bot cannot take HTTPS: the sandbox accepts `http://` webhook URLs on loopback. The
 * schema sees the https form, so every other rule (length, format) still applies.
 */
function acceptLoopbackHttp(operation: SpecOperation, body: unknown): unknown {
  if (!isWebhookSetter(operation) || !body || typeof body !== 'object') return body;
  const value = (body as { value?: unknown }).value;
  return typeof value === 'string' && LOOPBACK_HTTP.test(value) ? { ...body, value: `https${value.slice(4)}` } : body;
}

function send(res: ServerResponse, answer: DocumentedAnswer): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'content-length': '0' }).end();
    return;
  }
  const bytes = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(JSON.stringify(answer.body));
  res
    .writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json', 'content-length': String(bytes.length) })
    .end(bytes);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < 0) throw new Error(`speed must be a number ≥ 0, got ${options.speed}`);
  const retention = options.retention ?? 10_000;
  if (!Number.isInteger(retention) || retention < 1) throw new Error(`retention must be a whole number ≥ 1, got ${options.retention}`);
  const random = createRandom(options.seed ?? 1);
  const ids = createIds(random);
  const clock = createClock(speed);
  const instanceId = options.instanceId ?? random.hex(32);
  const instanceToken = options.instanceToken ?? random.hex(24);
  const timing: Timing = {
    defaultDelayMessageMs: [1000, 3000],
    receivedAfterMs: 500,
    readAfterMs: options.readAfterMs === undefined ? 2000 : options.readAfterMs,
  };
  const instance = new SandboxInstance({
    instanceId,
    token: instanceToken,
    phone: options.phone ?? '5511900000000',
    clock,
    random,
    ids,
    retention,
    timing,
  });
  const initialFaults = { ...instance.deliveries.faults, ...options.faults };
  const applyInitialFaults = () => setFaults(instance, initialFaults);
  applyInitialFaults();

  const zapiDoc: object = zapiSpec;
  const controlDoc: object = controlSpec;
  const zapiChecks = createRequestChecks(zapiDoc, { ...options, forValidation: acceptLoopbackHttp });
  const controlChecks = createRequestChecks(controlDoc, { maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024 });
  const controlValidator = createSpecValidator(controlDoc);
  const answers = documentedAnswers(readOperations(zapiDoc));
  const operationIds = [...answers.keys()];
  const modelled = operationIds.filter((id) => MODELLED.has(id)).sort();
  const fallback = operationIds.filter((id) => !MODELLED.has(id)).sort();

  const reset = () => {
    instance.reset();
    applyInitialFaults();
  };

  const ownInstance = (id: string | undefined) => {
    if (id !== instanceId) throw new SandboxError(404, `Unknown instance ${id}: this sandbox runs instance ${instanceId}`);
  };

  async function zapi(checked: CheckedRequest): Promise<DocumentedAnswer> {
    const { operation, pathParams, url, body } = checked;
    if (operation.scope === 'instance') {
      // Z-API's answer for a wrong id or token; the token is never echoed.
      if (pathParams.instanceId !== instanceId || pathParams.token !== instanceToken)
        throw new SandboxError(400, 'Instance not found or the token does not match it');
    }
    const documented = answers.get(operation.operationId) ?? { status: 200 };
    const handler = MODELLED.get(operation.operationId);
    if (!handler) return documented;
    return handler({ instance, body, params: pathParams, query: url.searchParams, documented });
  }

  async function control(checked: CheckedRequest): Promise<DocumentedAnswer> {
    const { operation, pathParams, url, body } = checked;
    if (pathParams.instanceId !== undefined) ownInstance(pathParams.instanceId);
    const json = (value: unknown): DocumentedAnswer => ({ status: 200, body: value });
    switch (operation.operationId) {
      case 'listSandboxOperations':
        return json({ modelled, fallback });
      case 'resetSandbox':
        reset();
        return { status: 204 };
      case 'getSandboxInstance':
        return json(instanceState(instance));
      case 'simulateInbound':
        return json(simulateInbound(instance, body as InboundMessage));
      case 'markRead':
        return json({ read: instance.markRead(body as { messageIds?: string[]; phone?: string }) });
      case 'setContact':
        return json(setContact(instance, pathParams.phone!, body as ContactSetup));
      case 'scanQrCode':
        instance.connect();
        return json({ connected: true });
      case 'dropSession':
        instance.disconnect();
        return json({ connected: false });
      case 'setFaults':
        return json(setFaults(instance, body as Partial<Faults>));
      case 'listDeliveries':
        return json(instance.deliveries.list(url.searchParams.get('event') ?? undefined));
      default:
        throw new SandboxError(404, `No control operation ${operation.operationId}`);
    }
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = options.log ? performance.now() : 0;
    const secrets = [...requestSecrets(req), instanceToken];
    let shown: string | undefined;
    let status = 500;
    let refused: ZapiRefusal | undefined;
    try {
      const isControl = (req.url ?? '').startsWith('/_sandbox/');
      const checked = await (isControl ? controlChecks : zapiChecks).check(req);
      shown = checked.url.pathname;
      const answer = await (isControl ? control(checked) : zapi(checked));
      status = answer.status;
      send(res, answer);
    } catch (error) {
      const refusal =
        error instanceof ZapiRefusal
          ? error
          : error instanceof SandboxError
            ? new ZapiRefusal(error.status, error.message)
            : new ZapiRefusal(500, `Sandbox failure: ${(error as Error).message}`);
      status = refusal.status;
      refused = refusal;
      if (!res.headersSent) refuse(res, refusal, secrets);
      else res.destroy();
    } finally {
      options.log?.(requestLine(req, shown, status, performance.now() - started, secrets, refused));
    }
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  // The helpers check their input with the control API's own schemas.
  const checkBody = (schema: string, body: unknown) => {
    const validate = controlValidator.schemaAt(`#/components/schemas/${schema}`);
    if (!validate(body)) throw new Error(`Invalid ${schema}: ${describeErrors(validate.errors, schema).join('; ')}`);
  };

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    instanceId,
    instanceToken,
    clientToken: options.clientToken,
    modelled,
    fallback,
    inbound(message) {
      checkBody('Inbound', message);
      return simulateInbound(instance, message);
    },
    markRead(target) {
      checkBody('ReadRequest', target);
      return instance.markRead(target);
    },
    waitForWebhook: (event, predicate = () => true, waitOptions = {}) =>
      instance.deliveries.waitFor(event, predicate, waitOptions.timeoutMs ?? 5000),
    deliveries: (event) => instance.deliveries.list(event),
    connect: () => instance.connect(),
    disconnect: () => instance.disconnect(),
    setContact(phone, setup) {
      checkBody('Phone', phone);
      checkBody('ContactSetup', setup);
      return setContact(instance, phone, setup);
    },
    setFaults(faults) {
      checkBody('Faults', faults);
      return setFaults(instance, faults);
    },
    reset,
    settled: () => instance.deliveries.settled(),
    close: async () => {
      clock.stop();
      instance.deliveries.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
