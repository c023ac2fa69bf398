/**
 * Why a fetch failed, in a few words. Node's fetch only says "fetch failed"; the reason (a system
 * error code such as ECONNREFUSED, or a TLS message) sits in `cause`, sometimes inside an
 * AggregateError when several addresses were tried.
 */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string; message?: string }> } })?.cause;
  const inner = cause?.errors?.find((e) => e.code || e.message);
  return cause?.code ?? inner?.code ?? cause?.message ?? inner?.message ?? (error instanceof Error ? error.message : String(error));
}
