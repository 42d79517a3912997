// Builds the command line (dist-cli/) once before the tests that run it as a subprocess. Each of
// those files used to build it in its own beforeAll: three builds per run, and two of them emptying
// dist-cli/ (`emptyOutDir`) while the other file's CLI might be running from it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function buildCli(): void {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.cli.config.ts'],
    { cwd: root, stdio: 'pipe' },
  );
}
