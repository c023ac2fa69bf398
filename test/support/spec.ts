// The bundled document and what the tests derive from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const generated = (...parts: string[]) => path.join(root, 'generated', ...parts);

export interface MediaObject {
  schema?: object;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema?: object;
  $ref?: string;
}
interface OperationObject {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, { content?: Record<string, MediaObject>; $ref?: string }>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject> & { parameters?: Parameter[] }>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, object> };
  webhooks: Record<string, { post: OperationObject }>;
}

export const openapi: OpenApiDoc = JSON.parse(readFileSync(generated('openapi.json'), 'utf8'));

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  operation: OperationObject;
  parameters: Parameter[];
}

const resolveParameter = (p: Parameter): Parameter =>
  p.$ref ? openapi.components.parameters[p.$ref.replace('#/components/parameters/', '')]! : p;

export const specOperations: SpecOperation[] = Object.entries(openapi.paths).flatMap(([p, item]) =>
  METHODS.filter((m) => item[m]).map((method) => {
    const operation = item[method] as OperationObject;
    return {
      operationId: operation.operationId,
      method,
      path: p,
      operation,
      parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParameter),
    };
  }),
);

/** The first example of a media object, whichever way it is written. */
export function exampleOf(media: MediaObject | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  return Object.values(media.examples ?? {})[0]?.value;
}

export const successStatus = (op: OperationObject): string | undefined => Object.keys(op.responses).find((s) => /^2/.test(s));
