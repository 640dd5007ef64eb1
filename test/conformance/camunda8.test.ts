/**
 * Real Camunda 8 diagrams from public repositories (camunda8/SOURCES.tsv: repository,
 * path, commit and licence of each), compiled as they are. Each has the verdict the
 * contract predicts in camunda8/verdicts.json: accepted, or rejected with the element ids
 * and messages. An entry marked `flipAfterMerge` uses elements another branch adds (DMN):
 * it records this branch's verdict, for the lead to flip. The accepted ones that use only
 * jobs, gateways and none events also run end to end on Temporal, with every job type
 * they name served by the test harness.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBpmn } from '../../compiler/index.js';
import { startHarness, type Harness } from '../workflows/support/harness.js';

interface Verdict {
  verdict: 'accepted' | 'rejected';
  errors?: Array<{ elementId: string | null; message: string }>;
  why?: string;
  flipAfterMerge?: string;
}

const folder = new URL('./camunda8/', import.meta.url);
const verdicts = JSON.parse(readFileSync(new URL('verdicts.json', folder), 'utf8')) as Record<string, Verdict>;
const diagrams = readdirSync(folder).filter((file) => file.endsWith('.bpmn')).sort();
const sources = readFileSync(new URL('SOURCES.tsv', folder), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));

/** Runs to completion here: [file, process id, start variables, elements it must complete]. */
const endToEnd: Array<[string, string, Record<string, unknown>, string[]]> = [
  ['js-sdk.hello-world.bpmn', 'hello-world', {}, ['ServiceTask_0g6tf5f']],
  ['js-sdk.hello-world-complete.bpmn', 'hello-world-complete', {}, []],
  ['js-sdk.Client-SkipFirstTask.bpmn', 'SkipFirstTask', {}, []],
  ['js-sdk.Client-Update-Job-Timeout.bpmn', 'update-job-timeout-process', {}, []],
  ['js-sdk.MigrateProcess-Version-1.bpmn', 'migrant-work', {}, []],
  ['js-sdk.Operate-StraightThrough.bpmn', 'operate-straightthrough', {}, []],
  ['js-sdk.Worker-Failure-Retries.bpmn', 'worker-failure-retries', {}, []],
  ['js-sdk.conditional-pathway.bpmn', 'condition-test', { conditionVariable: true }, []],
  ['js-sdk.conditional-pathway-10c.bpmn', 'condition-test-10c', { conditionVariable: false }, []],
  ['js-sdk.Worker-Failure1.bpmn', 'worker-failure', { conditionVariable: true }, []],
  ['js-sdk.generic-test.bpmn', 'generic-test', {}, []],
  ['js-sdk.test-job-process.bpmn', 'Process_0f7cr6y', {}, []],
  ['js-sdk.update-job-test.bpmn', 'UpdateJobTestProcess', {}, []],
  ['js-sdk.modify-process-instance-rest.bpmn', 'modify-process-instance-test', {}, []],
];

describe('the Camunda 8 corpus', () => {
  it('should hold at least 30 diagrams, each with its source and its verdict', () => {
    expect(diagrams.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(verdicts).sort()).toEqual(diagrams);
    expect(sources.map(([file]) => file).sort()).toEqual(diagrams);
    for (const [, repository, path, commit, licence] of sources) {
      expect({ repository, path, commit, licence }).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), licence: expect.stringMatching(/Apache-2\.0|MIT/) });
    }
  });

  it.each(diagrams)('should give %s the verdict the contract predicts', async (file) => {
    // given
    const expected = verdicts[file]!;
    // when
    const result = await compileBpmn(readFileSync(new URL(file, folder), 'utf8'));
    // then
    expect(result.ok ? 'accepted' : 'rejected').toBe(expected.verdict);
    expect(result.errors).toEqual(expected.errors ?? []);
  });

  it('should count the verdicts', () => {
    const accepted = Object.values(verdicts).filter((entry) => entry.verdict === 'accepted').length;
    const flip = Object.entries(verdicts).filter(([, entry]) => entry.flipAfterMerge).map(([file]) => file);
    console.log(`Camunda 8 corpus: ${diagrams.length} diagrams, ${accepted} accepted, ${diagrams.length - accepted} rejected (${flip.length} to flip after merging: ${flip.join(', ')})`);
    expect(accepted).toBeGreaterThanOrEqual(33);
  });
});

describe('the Camunda 8 corpus on Temporal', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness('camunda8-corpus', { serveEveryType: true });
    for (const [file] of endToEnd) await harness.deploy(`conformance/camunda8/${file}`);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each(endToEnd)('should run %s (%s) to its end', async (_file, processId, variables, mustComplete) => {
    // given
    const handle = await harness.start(processId, variables);
    // when
    await handle.result();
    // then
    const row = await harness.untilRow(handle, (current) => current.status === 'completed');
    for (const elementId of mustComplete) expect(row.completed_elements).toContain(elementId);
  });
});
