// Reads a vitest JSON report and prints the plain closing line CI reads.
// Usage: node .ci/check-report.mjs <report.json> [--expect-failures]
// Without the flag it exits 1 when any test or file failed or no test ran, whatever
// vitest's own exit status said; with it, it exits 1 unless the report counts failures
// in both a test and a file (the gate's fixtures).
import { readFileSync } from 'node:fs';

const [file, mode] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`error: no readable vitest report at ${file}: ${error.message}`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
const failedFiles = report.numFailedTestSuites;
console.log(`test files and suites: ${report.numPassedTestSuites} passed, ${failedFiles} failed`);
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);

if (mode === '--expect-failures') {
  if (report.numFailedTests > 0 && failedFiles >= 2) process.exit(0);
  console.error('error: the gate fixtures did not count as failed in the report');
  process.exit(1);
}
if (report.numFailedTests > 0 || failedFiles > 0 || report.success === false) {
  console.error(`error: the report counts ${report.numFailedTests} failed tests and ${failedFiles} failed files`);
  process.exit(1);
}
if (report.numTotalTests === 0 || report.numPassedTests === 0) {
  console.error('error: the report counts no test that ran');
  process.exit(1);
}
