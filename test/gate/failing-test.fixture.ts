import { expect, it } from 'vitest';

// Run only by `.ci/run` through test/gate/vitest.config.ts: the run must fail.
it('should fail, so that the gate sees a failing test fail the run', () => {
  expect(1).toBe(2);
});
