// zapi-webhooks drift DIR: what recorded deliveries (listen --record) say the spec should learn.
// Each payload is checked against the spec's own schemas: fields they do not name (at any depth),
// content keys no variant knows, types and required fields that do not hold.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findingsFromSchemaErrors, undescribedFields, undescribedFindings, type DriftFinding } from '@zapi-kit/shared';
import payloadSchemas from './generated/payload-schemas.json' with { type: 'json' };
import { webhookKinds, webhookVariants, type WebhookKind } from './generated/types.js';
import * as validators from './generated/validators.js';
import type { ValidateFunction } from './generated/validators.js';
import { parseWebhook } from './parse.js';

const schemas = (payloadSchemas as { components: { schemas: Record<string, unknown> } }).components.schemas;
const validatorOf = (kind: WebhookKind) => (validators as unknown as Record<string, ValidateFunction<unknown>>)[`validate${kind}`]!;

const kindOfType = (type: unknown) =>
  typeof type === 'string' ? webhookKinds.find((k) => k.toLowerCase() === type.toLowerCase()) : undefined;

/** `ReceivedCallback.text` from the first known content key, even for a payload that fails validation. */
function nameOf(kind: WebhookKind, payload: Record<string, unknown>): string {
  const variant = (webhookVariants[kind] as readonly string[]).find(
    (key) => payload[key] !== undefined && payload[key] !== null && payload[key] !== false,
  );
  return variant ? `${kind}.${variant}` : kind;
}

/** The findings of one delivery body. */
export function driftOfDelivery(body: Uint8Array): DriftFinding[] {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return [{ subject: 'unreadable', kind: 'unreadable-body', where: 'body', detail: `body is not JSON: ${(error as Error).message}` }];
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [{ subject: 'unreadable', kind: 'unreadable-body', where: 'body', detail: 'body is not a JSON object' }];
  }
  const payload = value as Record<string, unknown>;
  const kind = kindOfType(payload.type);
  if (!kind) {
    const where = typeof payload.type === 'string' ? `type "${payload.type}"` : 'a payload without "type"';
    return [
      {
        subject: typeof payload.type === 'string' ? payload.type : 'unreadable',
        kind: 'unknown-kind',
        where,
        detail: `${where} is not a webhook kind of the spec`,
      },
    ];
  }
  const findings: DriftFinding[] = [];
  const named = { ...payload, type: kind };
  const subject = nameOf(kind, named);
  // Tolerant parsing names what breaks the schema in words; the kind's validator says it field by field.
  const event = parseWebhook(payload);
  for (const w of event.warnings) {
    if (w.code === 'type_casing') findings.push({ subject, kind: 'type-casing', where: 'payload.type', detail: w.message });
    if (w.code === 'unknown_variant') findings.push({ subject, kind: 'unknown-variant', where: 'payload', detail: w.message });
  }
  if (event.warnings.some((w) => w.code === 'invalid_field')) {
    const validate = validatorOf(kind);
    validate(named);
    findings.push(...findingsFromSchemaErrors(validate.errors, { subject, root: 'payload', data: named }));
  }
  findings.push(...undescribedFindings(subject, undescribedFields(named, schemas[kind], payloadSchemas, 'payload')));
  return findings;
}

export interface DirectoryDrift {
  files: number;
  findings: DriftFinding[];
  problems: string[];
}

/** Every `*.json` file of a directory (the fixtures listen --record writes). */
export async function driftOfDirectory(dir: string): Promise<DirectoryDrift> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const result: DirectoryDrift = { files: names.length, findings: [], problems: [] };
  for (const name of names) {
    try {
      result.findings.push(...driftOfDelivery(await readFile(path.join(dir, name))));
    } catch (error) {
      result.problems.push(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return result;
}
