// One mock for the whole run: Prism takes about two seconds to start.
import type { TestProject } from 'vitest/node';
import { startMock, type RunningMock } from '../../packages/mock/src/index.js';

let mock: RunningMock | undefined;

export async function setup(project: TestProject): Promise<void> {
  mock = await startMock({ port: 0 });
  project.provide('mockUrl', mock.url);
  project.provide('mockStartupMs', mock.startupMs);
  project.provide('prismUrl', mock.prismUrl);
}

export async function teardown(): Promise<void> {
  await mock?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
    mockStartupMs: number;
    prismUrl: string;
  }
}
