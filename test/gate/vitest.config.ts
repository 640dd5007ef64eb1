import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import suite from '../../vitest.config.js';

/**
 * The test gate: the suite's own harness and global setup (real PostgreSQL and Temporal),
 * running only deliberately failing fixtures. `.ci/run` refuses to go on unless this run
 * exits non-zero and its report counts the failures. (Not mergeConfig: it would append
 * the suite's include to ours and run everything.)
 */
export default defineConfig({
  ...suite,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { ...suite.test, include: ['test/gate/*.fixture.ts'] },
});
