import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies every pending migration, forward only. Several processes may start at once
 * (API replicas, workers): the advisory lock makes the others wait, not fail.
 */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'migrations',
    migrationsSchema: 'public',
    checkOrder: true,
    advisoryLockMode: 'wait',
    singleTransaction: true,
    log: () => {},
  });
  return applied.map((migration) => migration.name);
}
