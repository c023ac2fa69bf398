// Checks one real call (request and Z-API's answer) against the spec and says where they differ.
// The proxy runs it on every call it forwards; the findings become the drift report.
import {
  documentedResponse,
  findingsFromSchemaErrors,
  readOperations,
  templatePath,
  undescribedFields,
  undescribedFindings,
  type DriftFinding,
  type SpecOperation,
} from '@zapi-kit/shared';
import { buildRoutes, matchRoute, parameterCheck, type OpenApiDocument, type Route } from './routes.js';
import { createSpecValidator } from './spec-validator.js';

export interface ObservedCall {
  method: string;
  /** Path and query as sent, e.g. `/instances/ID/token/TOKEN/chats?page=1`. */
  url: string;
  requestContentType?: string | undefined;
  /** Request body bytes, decoded (no content-encoding left). */
  requestBody: Uint8Array;
  status: number;
  responseContentType?: string | undefined;
  /** Response body bytes, decoded. */
  responseBody: Uint8Array;
}

const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const accepted = (): DriftFinding['kind'] => 'request-accepted-by-zapi';

export interface CallCheck {
  /** The operation the call matched, if any. */
  operationId?: string;
  findings: DriftFinding[];
}

export interface DriftChecker {
  check(call: ObservedCall): CallCheck;
}

export function createDriftChecker(doc: OpenApiDocument): DriftChecker {
  const routes: Route[] = buildRoutes(readOperations(doc));
  const validator = createSpecValidator(doc);
  const paramValidator = createSpecValidator(doc, { coerceTypes: true });

  function checkRequest(operation: SpecOperation, pathParams: Record<string, string>, url: URL, call: ObservedCall): DriftFinding[] {
    const subject = operation.operationId;
    const findings: DriftFinding[] = [];
    for (const location of ['path', 'query'] as const) {
      const check = parameterCheck(operation, location, pathParams, url);
      if (!check) continue;
      const validate = paramValidator.compile(check.schema, `${operation.operationId}:${location}`);
      if (!validate(check.values))
        findings.push(
          ...findingsFromSchemaErrors(validate.errors, { subject, root: `request.${location}`, data: check.values, kindOf: accepted }),
        );
    }
    const schemaPointer = operation.body.kind === 'none' ? undefined : operation.body.schemaPointer;
    if (schemaPointer && call.requestBody.length > 0) {
      const body = parseJson(call.requestBody);
      if (body.ok) {
        const validate = validator.schemaAt(schemaPointer);
        if (!validate(body.value))
          findings.push(
            ...findingsFromSchemaErrors(validate.errors, { subject, root: 'request.body', data: body.value, kindOf: accepted }),
          );
      }
    } else if (schemaPointer && operation.body.required) {
      findings.push({
        subject,
        kind: 'request-accepted-by-zapi',
        where: 'request.body',
        detail: 'a call without the body the spec requires',
      });
    }
    return findings;
  }

  function checkResponse(operation: SpecOperation, call: ObservedCall): DriftFinding[] {
    const subject = operation.operationId;
    const documented = documentedResponse(operation, call.status);
    if (!documented) {
      return [
        {
          subject,
          kind: 'undocumented-status',
          where: `status ${call.status}`,
          detail: `${operation.operationId} answered ${call.status}, which the spec does not document`,
        },
      ];
    }
    const root = `response ${call.status} body`;
    const mediaType = mediaTypeOf(call.responseContentType);
    const content = documented.content;
    if (Object.keys(content).length === 0 || call.responseBody.length === 0) {
      return Object.keys(content).length > 0 && call.responseBody.length === 0
        ? [
            {
              subject,
              kind: 'unreadable-body',
              where: root,
              detail: `an empty body where the spec documents ${Object.keys(content).join(', ')}`,
            },
          ]
        : [];
    }
    const documentedType = Object.keys(content).find((t) => t.toLowerCase() === mediaType);
    if (!documentedType) {
      return [
        {
          subject,
          kind: 'unreadable-body',
          where: root,
          detail: `content type ${mediaType || 'none'} where the spec documents ${Object.keys(content).join(', ')}`,
        },
      ];
    }
    if (!isJson(mediaType)) return []; // binary media (the QR code image): nothing to compare field by field
    const body = parseJson(call.responseBody);
    if (!body.ok) return [{ subject, kind: 'unreadable-body', where: root, detail: `a body that is not JSON (${body.error})` }];
    const schemaPointer = content[documentedType];
    if (!schemaPointer) return []; // a media type documented without a schema: any body goes
    const validate = validator.schemaAt(schemaPointer);
    const findings = validate(body.value) ? [] : findingsFromSchemaErrors(validate.errors, { subject, root, data: body.value });
    findings.push(...undescribedFindings(subject, undescribedFields(body.value, { $ref: schemaPointer }, doc, root)));
    return findings;
  }

  return {
    check(call) {
      const url = new URL(call.url, 'http://proxy.invalid');
      const match = matchRoute(routes, call.method, url.pathname);
      if (match.kind !== 'operation') {
        const where = `${call.method.toUpperCase()} ${templatePath(url.pathname)}`;
        const detail =
          match.kind === 'method-not-allowed'
            ? `the spec has this path only with ${match.allowed.join(', ')}; Z-API answered ${call.status}`
            : `a path the spec does not have; Z-API answered ${call.status}`;
        return { findings: [{ subject: where, kind: 'unknown-path', where, detail }] };
      }
      const { operation, pathParams } = match;
      // A request the spec refuses is drift only when Z-API took it: when both refuse, they agree.
      const accepted = call.status >= 200 && call.status < 300;
      return {
        operationId: operation.operationId,
        findings: [...(accepted ? checkRequest(operation, pathParams, url, call) : []), ...checkResponse(operation, call)],
      };
    },
  };
}
