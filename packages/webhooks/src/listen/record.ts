// --record DIR: each delivery as a fixture. The fixture is the plain JSON body (`0001-<event>.json`),
// so `zapi-webhooks validate`, `zapi-mock trigger --payload` and tests take it as it is; the request
// line and headers go beside it (`0001-<event>.headers`, not matched by `*.json`), secrets redacted.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { redactHeaders } from '@zapi-kit/shared';

export interface RecordedDelivery {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as sent, with any content-encoding undone. */
  body: Uint8Array;
  /** Set when the body arrived compressed. */
  decodedFrom?: string;
}

export interface Recorder {
  /** Writes one delivery; returns the fixture's path. */
  record(eventName: string, delivery: RecordedDelivery): Promise<string>;
}

const NUMBERED = /^(\d+)-.*\.json$/;

export async function createRecorder(dir: string): Promise<Recorder> {
  await mkdir(dir, { recursive: true });
  // Go on from the last number already there: several sessions can record into one directory.
  let last = Math.max(0, ...(await readdir(dir)).map((name) => Number(NUMBERED.exec(name)?.[1] ?? 0)));
  return {
    async record(eventName, delivery) {
      const base = path.join(dir, `${String(++last).padStart(4, '0')}-${eventName.replace(/[^A-Za-z0-9._-]/g, '_')}`);
      const head = [
        ...(delivery.decodedFrom ? [`# the .json file holds the body decoded from ${delivery.decodedFrom}`] : []),
        `${delivery.method} ${delivery.url} HTTP/1.1`,
        ...Object.entries(redactHeaders(delivery.headers)).flatMap(([name, value]) =>
          (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`),
        ),
      ];
      // wx: never overwrite a fixture, even if another process numbers the same way.
      await writeFile(`${base}.json`, delivery.body, { flag: 'wx' });
      await writeFile(`${base}.headers`, `${head.join('\n')}\n`, { flag: 'wx' });
      return `${base}.json`;
    },
  };
}
