/**
 * Replays one history file against the current workflow bundle in this process (run it
 * with another TZ). Prints `replayed` or the error; exits 1 on a determinism error.
 */
import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../../worker/create-worker.js';

const [file, workflowId] = process.argv.slice(2);
try {
  const history = historyFromJSON(JSON.parse(readFileSync(file!, 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), replayName: 'replay-in-zone' }, history, workflowId);
  process.stdout.write(`replayed under TZ=${process.env.TZ} (${new Date(0).getTimezoneOffset()} min from UTC)\n`);
} catch (error) {
  process.stdout.write(`failed: ${(error as Error).name}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
