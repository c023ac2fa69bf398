// Reads the proxy's drift report (JSON lines) back, for `zapi-mock drift FILE`.
import type { DriftFinding, DriftKind } from '@zapi-kit/shared';

const KINDS: ReadonlySet<string> = new Set<DriftKind>([
  'unknown-path',
  'undocumented-status',
  'undescribed-field',
  'missing-field',
  'type-mismatch',
  'invalid-value',
  'unreadable-body',
  'request-accepted-by-zapi',
  'unknown-variant',
  'type-casing',
  'unknown-kind',
]);

export interface ReadReport {
  findings: DriftFinding[];
  /** `line 3: not JSON (...)`, one per line that is not a finding. */
  problems: string[];
}

export function readDriftReport(text: string): ReadReport {
  const findings: DriftFinding[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`line ${index + 1}: not JSON (${(error as Error).message})`);
      return;
    }
    const f = value as Partial<DriftFinding> | null;
    if (
      !f ||
      typeof f !== 'object' ||
      typeof f.subject !== 'string' ||
      typeof f.where !== 'string' ||
      typeof f.kind !== 'string' ||
      !KINDS.has(f.kind)
    ) {
      problems.push(`line ${index + 1}: not a drift finding (needs subject, kind and where)`);
      return;
    }
    findings.push({
      subject: f.subject,
      kind: f.kind,
      where: f.where,
      detail: typeof f.detail === 'string' ? f.detail : '',
      ...(typeof f.observed === 'string' && { observed: f.observed }),
    });
  });
  return { findings, problems };
}
