/**
 * Compile time of a 400-element Camunda 8 diagram (DESIGN.md: the compiler runs at
 * deployment, so this is what a designer waits for on "deploy" before storage).
 * Run: npx tsx bench/compile.ts [elements] [runs]. Writes bench/results/compile.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileBpmn } from '../compiler/index.js';
import { generateDiagram } from './compile-diagram.js';

const elementCount = Number(process.argv[2] ?? 400);
const runs = Number(process.argv[3] ?? 40);
const warmUpRuns = 5;

const xml = generateDiagram(elementCount);
const first = await compileBpmn(xml);
const compiledElements = Object.keys(first.processes[0]?.elements ?? {}).length;
if (!first.ok || compiledElements !== elementCount) {
  console.error('The generated diagram does not compile as expected:', first.errors.slice(0, 5));
  process.exit(1);
}

for (let i = 0; i < warmUpRuns; i += 1) await compileBpmn(xml);
const timesMs: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const started = performance.now();
  await compileBpmn(xml);
  timesMs.push(performance.now() - started);
}
timesMs.sort((a, b) => a - b);
const at = (quantile: number): number => Number((timesMs[Math.min(timesMs.length - 1, Math.floor(quantile * timesMs.length))] ?? 0).toFixed(2));

const result = {
  benchmark: 'compile',
  elements: compiledElements,
  flows: Object.keys(first.processes[0]?.flows ?? {}).length,
  xmlBytes: Buffer.byteLength(xml),
  runs,
  warmUpRuns,
  medianMs: at(0.5),
  p90Ms: at(0.9),
  minMs: at(0),
  maxMs: at(1),
  node: process.version,
  cpus: cpus().length,
  measuredAt: new Date().toISOString(),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/compile.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(`compile ${result.elements} elements / ${result.flows} flows (${result.xmlBytes} bytes): median ${result.medianMs} ms, p90 ${result.p90Ms} ms over ${runs} runs`);
