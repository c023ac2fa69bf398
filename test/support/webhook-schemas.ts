// ajv validators for the webhook kinds, compiled from spec/schemas the same way `generate` does.
import type { ValidateFunction } from 'ajv';

export async function load(): Promise<{ kinds: string[]; validators: Record<string, ValidateFunction> }> {
  const { loadSchemas, webhookKinds, createSchemaAjv, SCHEMA_BASE } = await import('../../scripts/generate/webhook-types.mjs');
  const schemas = await loadSchemas();
  const kinds: string[] = webhookKinds(schemas);
  const ajv = createSchemaAjv(schemas);
  const validators = Object.fromEntries(kinds.map((k) => [k, ajv.getSchema(`${SCHEMA_BASE}${k}.yaml`)!]));
  return { kinds, validators };
}
