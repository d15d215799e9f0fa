import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

// Only usage is checked here: the measures themselves never run in tests (they would assert on time).
describe('npm run bench, bad usage', () => {
  it('refuses an unknown option, a missing value and an unknown part with one line and exit code 2, measuring nothing', () => {
    for (const [args, said] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--only'], /--only/],
      [['--only', 'everything'], /--only takes client or mock, not "everything"/],
    ] as const) {
      const run = bench(...args);
      expect([args, run.status]).toEqual([args, 2]);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(said);
      expect(run.stdout).toBe('');
    }
  });
});
