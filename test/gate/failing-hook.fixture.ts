import { beforeAll, expect, it } from 'vitest';

// Run only by `.ci/run` through test/gate/vitest.config.ts: a hook that throws fails the file.
beforeAll(() => {
  throw new Error('a beforeAll that throws, as a missing prerequisite would');
});

it('should never run, its file having failed in beforeAll', () => {
  expect(true).toBe(true);
});
