// Async iteration over Z-API's paged lists: `page`/`pageSize` pages and cursor pages.
import { operations, type OperationId } from './generated/operations.js';
import { entryOf } from './table.js';
import type { CallOptions, MethodParams, ResponseData } from './types.js';

export type Pagination = { style: 'page'; items?: string } | { style: 'cursor'; items?: string; cursor: string; next: string };

/** Operations the spec marks with `x-zapi-pagination`. */
export type PaginatedOperationId = {
  [K in OperationId]: (typeof operations)[K] extends { pagination: object } ? K : never;
}[OperationId];

/** The element type of a paginated operation's list. */
export type ItemOf<K extends OperationId> = (typeof operations)[K] extends { pagination: { items: infer F extends string } }
  ? ResponseData<K> extends { [P in F]?: ReadonlyArray<infer I> }
    ? I
    : never
  : ResponseData<K> extends ReadonlyArray<infer I>
    ? I
    : never;

/**
 * Fetches page after page until the list ends, yielding each item. `fetchPage` receives the params
 * of one page; `pagination` says how pages are addressed. Page lists end on an empty or short page
 * (or at `totalPage` when the answer has it); cursor lists end when the next cursor is empty.
 */
export async function* paginateWith<Item>(
  pagination: Pagination,
  params: Record<string, unknown>,
  fetchPage: (params: Record<string, unknown>) => Promise<unknown>,
): AsyncGenerator<Item, void, undefined> {
  const itemsOf = (page: unknown): Item[] => {
    const list = pagination.items ? (page as Record<string, unknown> | null)?.[pagination.items] : page;
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list))
      throw new TypeError(`zapi-kit: expected a list${pagination.items ? ` in "${pagination.items}"` : ''}, got ${typeof list}`);
    return list as Item[];
  };
  if (pagination.style === 'page') {
    const pageSize = Number(params.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new TypeError('zapi-kit: paginate needs a whole `pageSize` of at least 1');
    for (let page = Number(params.page ?? 1); ; page++) {
      const answer = await fetchPage({ ...params, page, pageSize });
      const items = itemsOf(answer);
      yield* items;
      const totalPage = (answer as { totalPage?: unknown } | null)?.totalPage;
      if (items.length < pageSize || (typeof totalPage === 'number' && page >= totalPage)) return;
    }
  }
  let cursor = params[pagination.cursor];
  for (;;) {
    const answer = await fetchPage({ ...params, ...(cursor !== undefined && cursor !== null && { [pagination.cursor]: cursor }) });
    yield* itemsOf(answer);
    cursor = (answer as Record<string, unknown> | null)?.[pagination.next];
    if (cursor === undefined || cursor === null || cursor === '') return;
  }
}

/** The parameter the paginator moves forward itself: `page`, or the cursor. */
type PositionKey<K extends OperationId> = (typeof operations)[K] extends { pagination: { style: 'page' } }
  ? 'page'
  : (typeof operations)[K] extends { pagination: { cursor: infer C extends string } }
    ? C
    : never;

/** A paginated method's params, with the position optional: iteration starts at page 1 / the first cursor. */
export type PaginateParams<K extends OperationId> = Omit<MethodParams<K>, PositionKey<K>> &
  Partial<Pick<MethodParams<K>, PositionKey<K> & keyof MethodParams<K>>>;

export type Paginator<Id extends OperationId> = <K extends Extract<Id, PaginatedOperationId>>(
  operationId: K,
  params: PaginateParams<K>,
  options?: CallOptions,
) => AsyncGenerator<ItemOf<K>, void, undefined>;

export function createPaginator<Id extends OperationId>(
  call: (id: OperationId, params: Record<string, unknown>, options?: CallOptions) => Promise<unknown>,
): Paginator<Id> {
  return (operationId, params, options) => {
    const entry = entryOf(operationId) as { pagination?: Pagination } | undefined;
    if (!entry?.pagination) throw new TypeError(`zapi-kit: ${String(operationId)} is not a paginated operation`);
    return paginateWith(entry.pagination, params as Record<string, unknown>, (p) => call(operationId, p, options)) as never;
  };
}
