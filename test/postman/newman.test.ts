// The generated Postman collection, run by Postman's own runner (newman) against the mock, as a
// user runs it after importing it and filling in the collection variables.
import { readFileSync } from 'node:fs';
import newman, { type NewmanRunSummary } from 'newman';
import { describe, expect, inject, it } from 'vitest';
import { generated } from '../support/spec.js';

const collection = JSON.parse(readFileSync(generated('postman/zapi.postman_collection.json'), 'utf8'));
const spec = JSON.parse(readFileSync(generated('openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const operationCount = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).filter((k) => METHODS.has(k)).length, 0);

const CLIENT_TOKEN = 'account-token-1';

describe('Postman collection (generated/postman/zapi.postman_collection.json)', () => {
  // The suite's mock (startMock in the global setup): it refuses an instance call without a
  // Client-Token and a partner call without a bearer token.
  const mockUrl = inject('mockUrl');

  it('has the collection variables a user fills in', () => {
    expect((collection.variable as { key: string }[]).map((v) => v.key)).toEqual([
      'baseUrl',
      'instanceId',
      'token',
      'clientToken',
      'partnerToken',
    ]);
  });

  it('newman runs every request against the mock and each answers 2xx', async () => {
    const summary = await new Promise<NewmanRunSummary>((resolve, reject) =>
      newman.run(
        {
          collection,
          reporters: [],
          envVar: [
            { key: 'baseUrl', value: mockUrl },
            { key: 'instanceId', value: 'I1' },
            { key: 'token', value: 'INSTANCETOKEN1' },
            { key: 'clientToken', value: CLIENT_TOKEN },
            { key: 'partnerToken', value: 'PARTNER-TOKEN-1' },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const executions = summary.run.executions;
    expect(executions).toHaveLength(operationCount);
    const refused = executions
      .filter((e) => !(e.response && e.response.code >= 200 && e.response.code < 300))
      .map(
        (e) =>
          `${e.response?.code ?? 'no answer'} ${e.request.method} ${e.request.url.getPath()}: ${e.response?.stream?.toString().slice(0, 200)}`,
      );
    expect(refused).toEqual([]);
    // The credentials went where Z-API expects them: in the path, and the partner token as a bearer.
    const paths = executions.map((e) => e.request.url.getPath());
    expect(paths).toContain('/instances/I1/token/INSTANCETOKEN1/status');
    const status = executions.find((e) => e.request.url.getPath() === '/instances/I1/token/INSTANCETOKEN1/status');
    expect(status?.request.headers.get('Client-Token')).toBe(CLIENT_TOKEN);
    const partner = executions.find((e) => e.request.url.getPath() === '/instances');
    expect(partner?.request.headers.get('Authorization')).toBe('Bearer PARTNER-TOKEN-1');
    expect(summary.run.failures).toEqual([]);
  }, 120_000);
});
