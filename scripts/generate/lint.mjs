// Lint gate of `generate`: every document (REST, webhooks, the sandbox's control API) must have 0 errors and 0 warnings. Redocly exits 0 on
// warnings, so the totals are read from its JSON report instead of its exit code.
import { bin, root } from '../lib/paths.mjs';
import { run } from '../lib/run.mjs';

export const APIS = ['rest', 'webhooks', 'sandbox'];

const redocly = (args) => run(bin('redocly'), ['lint', ...args, '--config', 'redocly.yaml'], { cwd: root });

async function lintTotals(api) {
  // A document that fails to parse makes redocly exit non-zero: that error is the lint result.
  const output = await redocly([api, '--format=json']).catch((error) => error.stdout ?? '');
  try {
    return JSON.parse(output).totals;
  } catch {
    return { errors: 1, warnings: 0 };
  }
}

export async function lintSpec() {
  const totals = await Promise.all(APIS.map(lintTotals));
  const failed = APIS.filter((_, i) => totals[i].errors > 0 || totals[i].warnings > 0);
  if (failed.length > 0) {
    const reports = await Promise.all(failed.map((api) => redocly([api]).catch((error) => error.message.replace(/^.*║.*$\n?/gm, ''))));
    throw new Error(`lint found problems in ${failed.join(', ')}:\n${reports.join('\n')}`);
  }
  return totals;
}
