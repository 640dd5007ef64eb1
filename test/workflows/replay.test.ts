/**
 * Determinism guard: replays every history committed in test/workflows/histories/ (recorded
 * by an earlier version of the code, on a real server) against the CURRENT workflow bundle.
 * An interpreter change that would break instances already running in production fails
 * here with the scenario's name. Replay is local: no server is needed.
 *
 * Re-record with `npx tsx test/workflows/histories/record.ts [scenario...]` (see that file).
 * Replacing a history is only right when the instances started by the old code have been
 * drained or migrated; otherwise keep the old files and add new ones
 * (`record.ts --tag <name>`), and make the change replay-safe (e.g. `patched()`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../worker/create-worker.js';
import type { HistoryIndex } from './histories/record.js';

const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.json') && file !== 'index.json')
  .sort();
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as HistoryIndex;
const names = files.map((file) => file.slice(0, -'.json'.length));

describe('replay of recorded histories', () => {
  it('should know the workflow id of every history file, and have a file for every index entry', () => {
    expect(names.filter((name) => !index.histories[name])).toEqual([]);
    expect(Object.keys(index.histories).filter((name) => !names.includes(name))).toEqual([]);
    // The scenarios record.ts records; fewer files means histories were lost.
    expect(new Set(Object.values(index.histories).map((entry) => entry.scenario)).size).toBeGreaterThanOrEqual(10);
  });

  it('should replay every recorded history against the current workflow bundle without a determinism error', async () => {
    // given
    const histories = names.map((name) => {
      let history: History;
      try {
        history = historyFromJSON(JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
      } catch (error) {
        throw new Error(`${name}.json is not a readable history: ${(error as Error).message}`, { cause: error });
      }
      return { name, workflowId: index.histories[name]!.workflowId, history };
    });
    // when: one replay worker; results come back one per history, in order
    const failures: string[] = [];
    let replayed = 0;
    const replay = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), replayName: 'recorded-histories' },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    for await (const result of replay) {
      const { name } = histories[replayed]!;
      replayed += 1;
      if (result.error) failures.push(`${name}: ${result.error.name}: ${result.error.message}`);
    }
    // then
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
    expect(files.length).toBeGreaterThan(0);
  });
});
