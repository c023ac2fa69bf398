import { dottedPath, faultOf, telling, valueAt, type SchemaError } from './schema-faults.js';
import { jsonTypeOf, type UndescribedField } from './schema-fields.js';

/**
 * Drift: a difference between what Z-API really sent or accepted and what the spec says. The proxy
 * (REST calls) and `zapi-webhooks drift` (recorded webhooks) both speak in these findings, and
 * both summaries rank them the same way: what the spec should learn first is what happens most.
 */

export type DriftKind =
  /** A path (or method) the spec does not have. */
  | 'unknown-path'
  /** A status code the operation does not document. */
  | 'undocumented-status'
  /** A field the schema does not name. */
  | 'undescribed-field'
  /** A field the schema requires that did not come. */
  | 'missing-field'
  /** A field whose JSON type is not the documented one. */
  | 'type-mismatch'
  /** A value outside the documented enum, pattern, format or range. */
  | 'invalid-value'
  /** A body the spec documents as JSON that was not JSON (or a content type it does not document). */
  | 'unreadable-body'
  /** A request the spec refuses that Z-API accepted: the spec is stricter than Z-API. */
  | 'request-accepted-by-zapi'
  /** A received webhook with none of the known content keys. */
  | 'unknown-variant'
  /** A webhook whose `type` has another casing than the documented one. */
  | 'type-casing'
  /** A webhook `type` the spec does not have. */
  | 'unknown-kind';

export interface DriftFinding {
  /** What the finding is about: an operationId (`sendText`), `METHOD /path` for an unknown path, or a webhook event name. */
  subject: string;
  kind: DriftKind;
  /** Where: `response.body.foo`, `request.body.lat`, `status 201`, `payload.image.caption`. */
  where: string;
  /** The JSON type seen, when it matters (new fields, type mismatches). Never the value: values can be secrets or personal data. */
  observed?: string;
  /** One sentence, secrets redacted. */
  detail: string;
}

export interface DriftSummaryEntry {
  kind: DriftKind;
  where: string;
  observed?: string;
  count: number;
  /** What to change in the spec. */
  learn: string;
  /** The first sentence seen for it. */
  detail: string;
}

export interface DriftSummary {
  subject: string;
  count: number;
  findings: DriftSummaryEntry[];
}

const defaultKindOf = (e: SchemaError): DriftKind =>
  e.keyword === 'required' ? 'missing-field' : e.keyword === 'type' ? 'type-mismatch' : 'invalid-value';

/**
 * One finding per distinct schema error, placed on the field it is about (`payload.ids`,
 * `response 200 body.value`). `data` is the value validated, to name the type actually seen.
 */
export function findingsFromSchemaErrors(
  errors: readonly SchemaError[] | null | undefined,
  options: { subject: string; root: string; data: unknown; kindOf?: (e: SchemaError) => DriftKind },
): DriftFinding[] {
  const out = new Map<string, DriftFinding>();
  for (const e of telling(errors)) {
    const { pointer, problem } = faultOf(e, options.data);
    const field = dottedPath(pointer);
    const where = field ? `${options.root}.${field}` : options.root;
    const kind = (options.kindOf ?? defaultKindOf)(e);
    // The JSON type seen, never the value: values can be secrets or personal data.
    const observed = e.keyword === 'type' ? jsonTypeOf(valueAt(options.data, e.instancePath)) : undefined;
    out.set(`${kind} ${where}`, { subject: options.subject, kind, where, ...(observed && { observed }), detail: `${where} ${problem}` });
  }
  return [...out.values()];
}

/** One `undescribed-field` finding per field the schema does not name (see `undescribedFields`). */
export function undescribedFindings(subject: string, fields: readonly UndescribedField[]): DriftFinding[] {
  return fields.map((field) => ({
    subject,
    kind: 'undescribed-field',
    where: field.path,
    observed: field.observed,
    detail: `${field.path} is not in the spec`,
  }));
}

/** What the spec should learn from one kind of finding. */
export function lessonOf(f: Pick<DriftFinding, 'kind' | 'where' | 'observed' | 'detail'>): string {
  switch (f.kind) {
    case 'unknown-path':
      return `add the operation ${f.where}`;
    case 'undocumented-status':
      return `document the ${f.where.replace(/^status /, '')} response`;
    case 'undescribed-field':
      return `describe ${f.where}${f.observed ? ` (${f.observed})` : ''}`;
    case 'missing-field':
      return `make ${f.where} optional: it did not always come`;
    case 'type-mismatch':
      return `widen the type of ${f.where}${f.observed ? ` to allow ${f.observed}` : ''}`;
    case 'invalid-value':
      return `relax the constraint on ${f.where} (${f.detail})`;
    case 'unreadable-body':
      return `document what Z-API really sends at ${f.where}`;
    case 'request-accepted-by-zapi':
      return `loosen the request schema at ${f.where}: Z-API accepted it`;
    case 'unknown-variant':
      return `add the new content key to x-zapi-variants and its schema`;
    case 'type-casing':
      return `note the casing Z-API really sends (${f.detail})`;
    case 'unknown-kind':
      return `add a channel and a payload schema for ${f.where}`;
  }
}

/**
 * Per subject, how often each distinct finding happened: subjects with most findings first, and
 * inside each the most frequent first (ties in a stable, readable order).
 */
export function summariseDrift(findings: Iterable<DriftFinding>): DriftSummary[] {
  const subjects = new Map<string, Map<string, DriftSummaryEntry>>();
  for (const f of findings) {
    let entries = subjects.get(f.subject);
    if (!entries) subjects.set(f.subject, (entries = new Map()));
    const key = `${f.kind}\u0000${f.where}\u0000${f.observed ?? ''}`;
    const entry = entries.get(key);
    if (entry) entry.count++;
    else
      entries.set(key, {
        kind: f.kind,
        where: f.where,
        ...(f.observed && { observed: f.observed }),
        count: 1,
        learn: lessonOf(f),
        detail: f.detail,
      });
  }
  const byCount = <T extends { count: number }>(a: T, b: T, tie: number) => b.count - a.count || tie;
  return [...subjects.entries()]
    .map(([subject, entries]) => ({
      subject,
      count: [...entries.values()].reduce((n, e) => n + e.count, 0),
      findings: [...entries.values()].sort((a, b) => byCount(a, b, a.where.localeCompare(b.where))),
    }))
    .sort((a, b) => byCount(a, b, a.subject.localeCompare(b.subject)));
}

/** The summary as text: one block per subject, one line per distinct finding with its count. */
export function formatDriftSummary(summary: DriftSummary[], what: string): string {
  if (summary.length === 0) return `no drift: every ${what} matched the spec\n`;
  return summary
    .map(
      (s) =>
        `${s.subject}: ${s.count} finding${s.count === 1 ? '' : 's'}\n` +
        s.findings
          .map((e) => `  ${String(e.count).padStart(4)}× ${e.kind} ${e.where}${e.observed ? ` (${e.observed})` : ''} → ${e.learn}\n`)
          .join(''),
    )
    .join('');
}
