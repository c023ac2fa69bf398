// The mock's route matcher (packages/mock/src/routes.ts) on a handful of operations written here:
// each row gives a request and the route it must land on, written out literally.
import { describe, expect, it } from 'vitest';
import type { SpecOperation } from '../../packages/shared/src/index.js';
import { buildMistakes, buildRoutes, closestTemplate, findMistake, matchRoute } from '../../packages/mock/src/routes.js';

const P = '/instances/{instanceId}/token/{token}';
/** The fields of an operation the matcher reads. */
const op = (operationId: string, method: SpecOperation['method'], path: string, mistakenPaths: string[] = []) =>
  ({ operationId, method, path, mistakenPaths }) as SpecOperation;

const operations = [
  op('getChat', 'get', `${P}/chats/{phone}`),
  op('listArchivedChats', 'get', `${P}/chats/archived`),
  op('deleteChat', 'delete', `${P}/chats/{phone}`),
  op('getStatus', 'get', `${P}/status`),
  op('sendText', 'post', `${P}/send-text`, ['POST /send-message', 'POST /send-text/{phone}']),
  op('sendRemoveReaction', 'post', `${P}/send-remove-reaction`),
  op('createInstance', 'post', '/instances/integrator/on-demand'),
  op('listInstances', 'get', '/instances'),
];
const routes = buildRoutes(operations);
const I = '/instances/I1/token/T1';

describe('matchRoute', () => {
  it.each([
    ['a literal path', 'GET', `${I}/status`, 'getStatus', { instanceId: 'I1', token: 'T1' }],
    ['a templated segment', 'GET', `${I}/chats/5511999999999`, 'getChat', { instanceId: 'I1', token: 'T1', phone: '5511999999999' }],
    ['a literal segment over a templated one', 'GET', `${I}/chats/archived`, 'listArchivedChats', { instanceId: 'I1', token: 'T1' }],
    [
      'the other method of the same path',
      'DELETE',
      `${I}/chats/5511999999999`,
      'deleteChat',
      { instanceId: 'I1', token: 'T1', phone: '5511999999999' },
    ],
    [
      'a method in lower case',
      'delete',
      `${I}/chats/5511999999999`,
      'deleteChat',
      { instanceId: 'I1', token: 'T1', phone: '5511999999999' },
    ],
    ['a trailing slash', 'GET', `${I}/status/`, 'getStatus', { instanceId: 'I1', token: 'T1' }],
    ['a partner path with no parameters', 'POST', '/instances/integrator/on-demand', 'createInstance', {}],
    [
      'a percent-encoded parameter, decoded',
      'GET',
      `${I}/chats/120363%40g.us`,
      'getChat',
      { instanceId: 'I1', token: 'T1', phone: '120363@g.us' },
    ],
    ['an encoded slash inside one segment', 'GET', `${I}/chats/a%2Fb`, 'getChat', { instanceId: 'I1', token: 'T1', phone: 'a/b' }],
    ['an encoded space in the token', 'GET', '/instances/I1/token/T%201/status', 'getStatus', { instanceId: 'I1', token: 'T 1' }],
  ])('%s: %s %s → %s', (_, method, pathname, operationId, pathParams) => {
    expect(matchRoute(routes, method, pathname)).toEqual({
      kind: 'operation',
      operation: expect.objectContaining({ operationId }),
      pathParams,
    });
  });

  it.each([
    [
      'a path the spec has with other methods',
      'POST',
      `${I}/chats/5511999999999`,
      { kind: 'method-not-allowed', allowed: ['GET', 'DELETE'] },
    ],
    ['a literal path with another method', 'GET', `${I}/send-text`, { kind: 'method-not-allowed', allowed: ['POST'] }],
    ['an unknown path', 'GET', `${I}/chat/5511999999999`, { kind: 'unknown-path' }],
    ['an empty segment where a parameter goes', 'GET', `${I}/chats/`, { kind: 'unknown-path' }],
    ['two slashes after the path', 'GET', `${I}/status//`, { kind: 'unknown-path' }],
    ['a missing instance prefix', 'GET', '/status', { kind: 'unknown-path' }],
    ['a prefix in another case', 'GET', '/INSTANCES/I1/TOKEN/T1/status', { kind: 'unknown-path' }],
    ['an encoded slash between segments', 'GET', `${I}%2Fstatus`, { kind: 'unknown-path' }],
  ])('%s: %s %s → %o', (_, method, pathname, want) => {
    expect(matchRoute(routes, method, pathname)).toEqual(want);
  });

  it("orders routes by how many segments are templated, fewest first (equals keep the operations' order)", () => {
    expect(buildRoutes([...operations].reverse()).map((r) => r.template)).toEqual([
      '/instances',
      '/instances/integrator/on-demand',
      `${P}/send-remove-reaction`,
      `${P}/send-text`,
      `${P}/status`,
      `${P}/chats/archived`,
      `${P}/chats/{phone}`,
    ]);
    expect(matchRoute(buildRoutes([...operations].reverse()), 'GET', `${I}/chats/archived`)).toMatchObject({
      operation: { operationId: 'listArchivedChats' },
    });
  });

  it('a malformed percent-encoding in a parameter throws URIError (the gateway refuses such targets before matching)', () => {
    expect(() => matchRoute(routes, 'GET', `${I}/chats/%E0%A4%A`)).toThrow(URIError);
  });
});

describe('closestTemplate (did you mean)', () => {
  it.each([
    ['a typo', `${I}/send-txt`, `${P}/send-text`],
    ['swapped words', `${I}/send-reaction-remove`, `${P}/send-remove-reaction`],
    ['a prefix in another case', `/INSTANCES/I1/TOKEN/T1/stauts`, `${P}/status`],
    ['a singular for a plural', `${I}/chat/archived`, `${P}/chats/archived`],
    ['a partner path', '/instances/integrator/on-demnd', '/instances/integrator/on-demand'],
    ['nothing close', `${I}/completely-unrelated-thing`, undefined],
    ['a path too long to be a typo', `${I}/${'x'.repeat(301)}`, undefined],
  ])('%s: %s → %s', (_, pathname, want) => {
    expect(closestTemplate(routes, pathname)).toBe(want);
  });
});

describe('findMistake (x-zapi-mistaken-paths)', () => {
  const mistakes = buildMistakes(routes);
  it.each([
    ['a recorded wrong path under the prefix', 'POST', `${I}/send-message`, 'sendText'],
    ['a recorded wrong path with a parameter', 'post', `${I}/send-text/5511999999999`, 'sendText'],
    ['the recorded path with another method', 'GET', `${I}/send-message`, undefined],
    ['a path nobody recorded', 'POST', `${I}/send-messages`, undefined],
  ])('%s: %s %s → %s', (_, method, pathname, operationId) => {
    expect(findMistake(mistakes, method, pathname)?.operation.operationId).toBe(operationId);
  });
});
