// The operations of the bundled OpenAPI document as routes the gateway can match a request to.
import { pointer } from './spec-validator.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}

interface OpenApiOperation {
  operationId: string;
  /** `METHOD /path` pairs integrators call by mistake for this operation (relative to the instance). */
  'x-zapi-mistaken-paths'?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content: Record<string, unknown> };
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, OpenApiOperation>> & { parameters?: Array<OpenApiParameter | { $ref: string }> }>;
  security?: Array<Record<string, string[]>>;
  components?: { parameters?: Record<string, OpenApiParameter> };
}

export interface Operation {
  operationId: string;
  method: Method;
  template: string;
  /** `instance`: Client-Token header; `partner`: bearer partner token. */
  scope: 'instance' | 'partner';
  parameters: OpenApiParameter[];
  body?: { required: boolean; schemaPointer: string };
}

export interface Route {
  template: string;
  pattern: RegExp;
  /** Names of the `{...}` segments, in order. */
  names: string[];
  operations: Partial<Record<Method, Operation>>;
}

/** A known wrong call and the operation it was meant to be. */
export interface Mistake {
  method: string;
  /** The wrong path (relative to the instance prefix when the right one is under it), as a pattern. */
  pattern: RegExp;
  operation: Operation;
}

export type Match =
  | { kind: 'operation'; operation: Operation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'unknown-path' };

function resolveParameter(doc: OpenApiDocument, p: OpenApiParameter | { $ref: string }): OpenApiParameter {
  if (!('$ref' in p)) return p;
  const name = p.$ref.replace('#/components/parameters/', '');
  const found = doc.components?.parameters?.[name];
  if (!found) throw new Error(`unresolved parameter ${p.$ref}`);
  return found;
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** Every `x-zapi-mistaken-paths` entry of the document, with the operation it stands for. */
export function buildMistakes(doc: OpenApiDocument, routes: Route[]): Mistake[] {
  return routes.flatMap((route) =>
    Object.values(route.operations).flatMap((operation) =>
      (doc.paths[route.template]?.[operation.method]?.['x-zapi-mistaken-paths'] ?? []).map((entry) => {
        const [method = '', path = ''] = entry.split(/\s+/);
        return { method: method.toUpperCase(), pattern: compileTemplate(path).pattern, operation };
      }),
    ),
  );
}

/** The operation a wrong call was meant to be, if the spec records that mistake. */
export function findMistake(mistakes: Mistake[], method: string, pathname: string): Mistake | undefined {
  const relative = pathname.replace(/^\/instances\/[^/]+\/token\/[^/]+/, '');
  return mistakes.find((m) => m.method === method.toUpperCase() && m.pattern.test(relative));
}

export function buildRoutes(doc: OpenApiDocument): Route[] {
  const routes = Object.entries(doc.paths).map(([template, item]) => {
    const { pattern, names } = compileTemplate(template);
    const operations: Route['operations'] = {};
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const schemes = (op.security ?? doc.security ?? []).flatMap((s) => Object.keys(s));
      const json = op.requestBody?.content['application/json'];
      operations[method] = {
        operationId: op.operationId,
        method,
        template,
        scope: schemes.includes('PartnerToken') ? 'partner' : 'instance',
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolveParameter(doc, p)),
        ...(json
          ? {
              body: {
                required: Boolean(op.requestBody?.required),
                schemaPointer: pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema'),
              },
            }
          : {}),
      };
    }
    return { template, pattern, names, operations };
  });
  // Literal paths win over templated ones (`/instances/integrator/on-demand` over `/instances/{instanceId}/...`).
  return routes.sort((a, b) => a.names.length - b.names.length);
}

/**
 * The path or query parameters of an operation as one object schema, and the values a request
 * gives them, so one validation checks them all.
 */
export function parameterCheck(
  operation: Operation,
  location: 'path' | 'query',
  pathParams: Record<string, string>,
  url: URL,
): { schema: object; values: Record<string, unknown> } | undefined {
  const params = operation.parameters.filter((p) => p.in === location);
  if (params.length === 0) return undefined;
  const values =
    location === 'path' ? pathParams : Object.fromEntries(params.filter((p) => url.searchParams.has(p.name)).map((p) => [p.name, url.searchParams.get(p.name)]));
  const schema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  return { schema, values };
}

export function matchRoute(routes: Route[], method: string, pathname: string): Match {
  let pathMatched: Route | undefined;
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const op = route.operations[method.toLowerCase() as Method];
    if (op) {
      const pathParams = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return { kind: 'operation', operation: op, pathParams };
    }
    pathMatched ??= route;
  }
  if (pathMatched) return { kind: 'method-not-allowed', allowed: Object.keys(pathMatched.operations).map((m) => m.toUpperCase()) };
  return { kind: 'unknown-path' };
}

/** The documented path closest to an unknown one, for "did you mean" hints (edit distance on the path after the instance prefix). */
export function closestTemplate(routes: Route[], pathname: string): string | undefined {
  const strip = (p: string) => p.replace(/^\/instances\/[^/]+\/token\/[^/]+/, '');
  // Integrators swap words (`send-reaction-remove` for `send-remove-reaction`): compare the words too.
  const words = (p: string) => p.split(/[-/]/).filter(Boolean).sort().join('-');
  const wanted = strip(pathname);
  let best: { template: string; distance: number } | undefined;
  for (const route of routes) {
    const candidate = strip(route.template);
    const distance = Math.min(editDistance(wanted, candidate), editDistance(words(wanted), words(candidate)));
    if (!best || distance < best.distance) best = { template: route.template, distance };
  }
  // Beyond a third of the path's length the guess is noise.
  return best && best.distance <= Math.max(3, Math.floor(wanted.length / 3)) ? best.template : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
