// Runs a command and resolves with its standard output; when it fails, throws with everything it
// printed, so a failing step of `generate` shows exactly what the tool said.
import { spawn } from 'node:child_process';

export function run(cmd, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`), { stdout }));
    });
  });
}
