import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.js';

export interface Prerequisite {
  name: string;
  present: boolean;
  /** What to do about it, in one line. */
  fix: string;
}

/** What the suites need beyond npm packages; the Temporal CLI is found by local-stack itself. */
export function suitePrerequisites(): Prerequisite[] {
  return [
    {
      name: `Chromium at ${CHROMIUM_PATH}`,
      present: existsSync(CHROMIUM_PATH),
      fix: 'apt-get install -y chromium, or set CHROMIUM_PATH',
    },
  ];
}

/**
 * Under CI a missing prerequisite fails the whole run with one line, before any test: a
 * suite that skips itself there would pass without testing anything. Elsewhere the
 * suites that need it skip or fail on their own, and this says why once.
 */
export function checkPrerequisites(ci: boolean, log: (line: string) => void = console.warn): void {
  const missing = suitePrerequisites().filter((prerequisite) => !prerequisite.present);
  if (!missing.length) return;
  const line = missing.map((prerequisite) => `${prerequisite.name} is missing (${prerequisite.fix})`).join('; ');
  if (ci) throw new Error(`CI=true and ${line}`);
  log(`[test] ${line}: the suites that need it skip or fail`);
}
