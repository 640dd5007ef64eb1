/**
 * `npm run stack:production [-- --workers N --apis M]`: the production shape on this
 * machine (local-stack/production.ts), until Ctrl-C. Data in a fresh temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startProductionStack } from '../local-stack/production.js';

process.env.TZ = 'UTC';
const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' }, apis: { type: 'string', default: '2' } } });
const dataDir = await mkdtemp(join(tmpdir(), 'bpm-production-'));
const adminPassword = process.env.BPM_ADMIN_PASSWORD ?? 'production-shape';
const stack = await startProductionStack({ dataDir, workers: Number(values.workers), apis: Number(values.apis), adminPassword }).catch(async (error: Error) => {
  console.error(`[stack] error: ${error.message}`);
  await rm(dataDir, { recursive: true, force: true });
  process.exit(1);
});
console.log(`[stack] Ready. Temporal at ${stack.temporalAddress}; log in as admin / ${process.env.BPM_ADMIN_PASSWORD ? '$BPM_ADMIN_PASSWORD' : adminPassword}. Ctrl-C stops it all.`);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(() => rm(dataDir, { recursive: true, force: true })).then(() => process.exit(0));
  });
}
