// Pagination: every item of every page, and nothing more.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZapiClient, createZapiPartnerClient, paginateWith } from '../../packages/client/src/index.js';

let server: Server;
let url: string;
const asked: string[] = [];

beforeAll(async () => {
  // 7 instances, served by page like Z-API's GET /instances.
  const all = Array.from({ length: 7 }, (_, i) => ({ id: `I${i + 1}`, token: `T${i + 1}` }));
  server = createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    asked.push(q.toString());
    const page = Number(q.get('page'));
    const pageSize = Number(q.get('pageSize'));
    const content = all.slice((page - 1) * pageSize, page * pageSize);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ total: all.length, totalPage: Math.ceil(all.length / pageSize), pageSize, page, content }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('paginate', () => {
  it('walks page/pageSize lists to the last page', async () => {
    const partner = createZapiPartnerClient({ partnerToken: 'P1', baseUrl: url });
    const ids: string[] = [];
    for await (const instance of partner.paginate('listInstances', { pageSize: 3, middleware: 'web' })) ids.push(instance.id);
    expect(ids).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7']);
    expect(asked).toEqual(['pageSize=3&middleware=web&page=1', 'pageSize=3&middleware=web&page=2', 'pageSize=3&middleware=web&page=3']);
  });

  it('stops on an exact last page via totalPage, without asking for an empty one', async () => {
    asked.length = 0;
    const partner = createZapiPartnerClient({ partnerToken: 'P1', baseUrl: url });
    const ids = [];
    for await (const instance of partner.paginate('listInstances', { pageSize: 7 })) ids.push(instance.id);
    expect(ids).toHaveLength(7);
    expect(asked).toHaveLength(1);
  });

  it('refuses a missing pageSize with a clear error', async () => {
    const partner = createZapiPartnerClient({ partnerToken: 'P1', baseUrl: url });
    const iterator = partner.paginate('listInstances', {} as never);
    await expect(iterator.next()).rejects.toThrow('paginate needs a whole `pageSize` of at least 1');
  });

  it('walks cursor lists until the next cursor is empty', async () => {
    const pages: Record<string, { products: number[]; nextCursor: string | null }> = {
      start: { products: [1, 2], nextCursor: 'c2' },
      c2: { products: [3], nextCursor: 'c3' },
      c3: { products: [], nextCursor: null },
    };
    const cursors: unknown[] = [];
    const items: number[] = [];
    const pagination = { style: 'cursor', items: 'products', cursor: 'nextCursor', next: 'nextCursor' } as const;
    for await (const item of paginateWith<number>(pagination, { phone: '5511999999999' }, async (params) => {
      cursors.push(params.nextCursor);
      return pages[(params.nextCursor as string | undefined) ?? 'start'];
    })) {
      items.push(item);
    }
    expect(items).toEqual([1, 2, 3]);
    expect(cursors).toEqual([undefined, 'c2', 'c3']);
  });
});

describe('paginate over cursor operations of the spec', () => {
  it('listQueuePage sends pagingState in the body until hasMore ends; getCatalog sends nextCursor in the query', async () => {
    const bodies: unknown[] = [];
    const queries: string[] = [];
    const cursorServer = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url!.endsWith('/queue')) {
          const body = JSON.parse(raw || '{}') as { pagingState?: string };
          bodies.push(body);
          const page =
            body.pagingState === 'p2'
              ? { messages: [{ ZaapId: 'Z3' }], pagingState: null, hasMore: false }
              : { messages: [{ ZaapId: 'Z1' }, { ZaapId: 'Z2' }], pagingState: 'p2', hasMore: true };
          res.end(JSON.stringify(page));
        } else {
          const cursor = new URL(req.url!, 'http://x').searchParams.get('nextCursor');
          queries.push(cursor ?? '');
          res.end(
            JSON.stringify(
              cursor ? { cartEnabled: true, products: [{ id: 'P2' }] } : { cartEnabled: true, nextCursor: 'c2', products: [{ id: 'P1' }] },
            ),
          );
        }
      });
    });
    await new Promise<void>((r) => cursorServer.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(cursorServer.address() as AddressInfo).port}`;
    const zapi = createZapiClient({ instanceId: 'I1', token: 'TOKEN1', clientToken: 'CT1', baseUrl });
    const queued: string[] = [];
    for await (const message of zapi.paginate('listQueuePage', { pageSize: 2 })) queued.push(message.ZaapId!);
    const products: string[] = [];
    for await (const product of zapi.paginate('getCatalog', {})) products.push(product.id);
    cursorServer.close();
    expect(queued).toEqual(['Z1', 'Z2', 'Z3']);
    expect(bodies).toEqual([{ pageSize: 2 }, { pageSize: 2, pagingState: 'p2' }]);
    expect(products).toEqual(['P1', 'P2']);
    expect(queries).toEqual(['', 'c2']);
  });
});
