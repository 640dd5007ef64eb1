/** A worker alone, for production: scale these out (`docker compose up --scale worker=N`). */
import { ConfigError, loadEnv } from '../config/env.js';
import { connectPostgres } from '../local-stack/connect.js';
import { SetupError } from '../local-stack/errors.js';
import { requireExternalServices } from '../local-stack/require-external.js';
import { createWorker } from './create-worker.js';

process.env.TZ = 'UTC'; // FEEL now() must not depend on this machine's zone
try {
  const env = loadEnv();
  const { databaseUrl, temporalAddress } = requireExternalServices(env);
  const pool = await connectPostgres(databaseUrl, 20);
  const worker = await createWorker({ temporalAddress, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, pool });
  console.log(`[bpm] worker polling ${env.TEMPORAL_TASK_QUEUE} on ${temporalAddress}`);
  await worker.run(); // SIGINT/SIGTERM make the SDK drain (shutdown grace in create-worker.ts) and return
  await pool.end();
  console.log('[bpm] worker stopped: its running steps finished or went back to the server');
} catch (error) {
  if (!(error instanceof SetupError || error instanceof ConfigError)) throw error;
  console.error(`[bpm] error: ${error.message}`);
  process.exit(1);
}
