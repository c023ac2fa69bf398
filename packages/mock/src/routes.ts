// The operations of the bundled OpenAPI document as routes the gateway can match a request to.
import { editDistance, instancePrefixPattern, type HttpMethod, type SpecOperation } from '@zapi-kit/shared';

export type { SpecOperation } from '@zapi-kit/shared';

/** The bundled OpenAPI document, as the mock hands it to Prism and ajv; only spec-model.js reads inside it. */
export type OpenApiDocument = object;

export interface Route {
  template: string;
  pattern: RegExp;
  /** Names of the `{...}` segments, in order. */
  names: string[];
  operations: Partial<Record<HttpMethod, SpecOperation>>;
}

/** A known wrong call and the operation it was meant to be. */
export interface Mistake {
  method: string;
  /** The wrong path (relative to the instance prefix when the right one is under it), as a pattern. */
  pattern: RegExp;
  operation: SpecOperation;
}

export type Match =
  | { kind: 'operation'; operation: SpecOperation; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'unknown-path' };

/** The instance prefix of a concrete path; any case when guessing what a mistyped path meant. */
const INSTANCE = instancePrefixPattern();
const INSTANCE_ANY_CASE = instancePrefixPattern('i');

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

/** Every `x-zapi-mistaken-paths` entry of the spec, with the operation it stands for. */
export function buildMistakes(routes: Route[]): Mistake[] {
  return routes.flatMap((route) =>
    Object.values(route.operations).flatMap((operation) =>
      operation.mistakenPaths.map((entry) => {
        const [method = '', path = ''] = entry.split(/\s+/);
        return { method: method.toUpperCase(), pattern: compileTemplate(path).pattern, operation };
      }),
    ),
  );
}

/** The operation a wrong call was meant to be, if the spec records that mistake. */
export function findMistake(mistakes: Mistake[], method: string, pathname: string): Mistake | undefined {
  const relative = pathname.replace(INSTANCE, '');
  return mistakes.find((m) => m.method === method.toUpperCase() && m.pattern.test(relative));
}

/** One route per path template of the operation model. */
export function buildRoutes(operations: readonly SpecOperation[]): Route[] {
  const byTemplate = new Map<string, Route>();
  for (const operation of operations) {
    let route = byTemplate.get(operation.path);
    if (!route) byTemplate.set(operation.path, (route = { template: operation.path, ...compileTemplate(operation.path), operations: {} }));
    route.operations[operation.method] = operation;
  }
  // Literal paths win over templated ones (`/instances/integrator/on-demand` over `/instances/{instanceId}/...`).
  return [...byTemplate.values()].sort((a, b) => a.names.length - b.names.length);
}

/**
 * The path or query parameters of an operation as one object schema, and the values a request
 * gives them, so one validation checks them all.
 */
export function parameterCheck(
  operation: SpecOperation,
  location: 'path' | 'query',
  pathParams: Record<string, string>,
  url: URL,
): { schema: object; values: Record<string, unknown> } | undefined {
  const params = operation.parameters.filter((p) => p.in === location);
  if (params.length === 0) return undefined;
  const values =
    location === 'path'
      ? pathParams
      : Object.fromEntries(params.filter((p) => url.searchParams.has(p.name)).map((p) => [p.name, url.searchParams.get(p.name)]));
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
    const op = route.operations[method.toLowerCase() as HttpMethod];
    if (op) {
      const pathParams = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return { kind: 'operation', operation: op, pathParams };
    }
    pathMatched ??= route;
  }
  if (pathMatched) return { kind: 'method-not-allowed', allowed: Object.keys(pathMatched.operations).map((m) => m.toUpperCase()) };
  return { kind: 'unknown-path' };
}

// The longest unknown path worth a suggestion: documented paths are under 100 characters after the
// instance prefix, and a path three times that long is no typo of any of them.
const MAX_SUGGESTION_INPUT = 300;

/**
 * The documented path closest to an unknown one, for "did you mean" hints (edit distance on the path
 * after the instance prefix). Its cost is bounded whatever the request: paths too long to be a typo
 * get no suggestion, and each comparison stops as soon as it passes the distance worth reporting.
 */
export function closestTemplate(routes: Route[], pathname: string): string | undefined {
  const strip = (p: string) => p.replace(INSTANCE_ANY_CASE, '');
  // Integrators swap words (`send-reaction-remove` for `send-remove-reaction`): compare the words too.
  const words = (p: string) => p.split(/[-/]/).filter(Boolean).sort().join('-');
  const wanted = strip(pathname);
  if (wanted.length > MAX_SUGGESTION_INPUT) return undefined;
  const wantedWords = words(wanted);
  // Beyond a third of the path's length the guess is noise.
  let worst = Math.max(3, Math.floor(wanted.length / 3));
  let best: string | undefined;
  for (const route of routes) {
    const candidate = strip(route.template);
    const distance = Math.min(editDistance(wanted, candidate, worst), editDistance(wantedWords, words(candidate), worst));
    if (distance <= worst) {
      best = route.template;
      worst = distance - 1; // only a strictly closer path replaces it, as the first of equals wins
      if (worst < 0) break;
    }
  }
  return best;
}
