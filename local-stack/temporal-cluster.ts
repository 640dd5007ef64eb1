/**
 * Temporal's own multi-service server (not the dev server) on PostgreSQL, as production
 * runs it: binaries built once from the Go module proxy, both databases created and
 * migrated by Temporal's `sql` schema tool, one process with every service on free ports.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SetupError } from './errors.js';
import { isPortFree } from './ports.js';

const run = promisify(execFile);

/** The same server version as the dev server in CLI 1.5.1 and the compose file's temporalio/server image. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const modules = { server: `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`, sql: `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}` };
/**
 * Fixed for the life of a cluster. 4 here (2 cores, one history service); the compose
 * file uses 512, sized for several history hosts on a larger machine.
 */
export const HARNESS_HISTORY_SHARDS = 4;

type Log = (line: string) => void;

async function go(...args: string[]): Promise<string> {
  return (await run('go', args, { maxBuffer: 1 << 20 })).stdout;
}

/** `server` and `sql` from `$(go env GOPATH)/bin`, built with `go install` only when missing. */
export async function temporalServerBinaries(log: Log): Promise<{ server: string; sql: string; schemaDir: string }> {
  let binDir: string;
  let modCache: string;
  try {
    const [gobin, gopath, gomodcache] = (await go('env', 'GOBIN', 'GOPATH', 'GOMODCACHE')).split('\n').map((line) => line.trim());
    binDir = gobin || join(gopath!.split(':')[0]!, 'bin');
    modCache = gomodcache!;
  } catch {
    throw new SetupError('The production-shape stack needs Go to build Temporal\'s server (`go env` failed)');
  }
  for (const [name, module] of Object.entries(modules)) {
    if (existsSync(join(binDir, name))) continue;
    log(`Building Temporal's ${name} with \`go install ${module}\`; several minutes, once.`);
    await run('go', ['install', module], { maxBuffer: 1 << 24 }).catch((error: Error) => {
      throw new SetupError(`go install ${module} failed: ${error.message.split('\n').slice(-2).join(' ')}`);
    });
  }
  const schemaDir = join(modCache, `go.temporal.io/server@v${TEMPORAL_SERVER_VERSION}`, 'schema/postgresql/v12');
  if (!existsSync(schemaDir)) throw new SetupError(`Temporal's schemas are missing from the Go module cache (${schemaDir})`);
  return { server: join(binDir, 'server'), sql: join(binDir, 'sql'), schemaDir };
}

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Creates and migrates `temporal` and `temporal_visibility`, as the compose file's temporal-schema does. */
export async function setUpTemporalSchemas(sqlTool: string, schemaDir: string, target: PostgresTarget): Promise<void> {
  const env = { ...process.env, SQL_PASSWORD: target.password };
  for (const [database, folder] of [['temporal', 'temporal'], ['temporal_visibility', 'visibility']] as const) {
    const tool = (...args: string[]) =>
      run(sqlTool, ['--plugin', 'postgres12', '--ep', target.host, '-p', String(target.port), '-u', target.user, '--db', database, ...args], { env });
    const created = await tool('create').then(() => true, () => false); // exists already on a reused data dir
    if (created) await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', join(schemaDir, folder, 'versioned'));
  }
}

/**
 * A free port below 32768: the server stores membership ports in a SMALLINT column
 * (cluster_membership.rpc_port), so the OS's ephemeral range (32768+) fails at start.
 */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await isPortFree(port, '127.0.0.1'))) {
      taken.add(port);
      return port;
    }
  }
}

export interface TemporalCluster {
  address: string;
  /** Stops the server process (SIGTERM, then SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and databases. */
  start(): Promise<void>;
}

export async function startTemporalCluster(options: {
  dataDir: string;
  serverBinary: string;
  postgres: PostgresTarget;
  namespace: string;
  log: Log;
}): Promise<TemporalCluster> {
  const configDir = join(options.dataDir, 'config');
  await mkdir(join(configDir, 'dynamicconfig'), { recursive: true });
  const taken = new Set<number>();
  const ports: Record<string, number> = {};
  for (const name of ['frontend', 'frontendHttp', 'frontendMembership', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership']) {
    ports[name] = await freeLowPort(taken);
  }
  // JSON is YAML: the server reads these as it reads its own development-postgres12.yaml.
  await writeFile(join(configDir, 'development.yaml'), JSON.stringify(serverConfig(options.postgres, ports, join(configDir, 'dynamicconfig', 'development-sql.yaml')), null, 2));
  await writeFile(join(configDir, 'dynamicconfig', 'development-sql.yaml'), JSON.stringify(dynamicConfig, null, 2));
  const address = `127.0.0.1:${ports.frontend}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const logFile = await open(join(options.dataDir, 'temporal-server.log'), 'a');
    child = spawn(options.serverBinary, ['--root', options.dataDir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], {
      cwd: options.dataDir,
      stdio: ['ignore', logFile.fd, logFile.fd],
    });
    child.once('exit', () => void logFile.close());
    await untilNamespaceReady(address, options.namespace, child).catch(async (error: Error) => {
      const tail = (await readFile(join(options.dataDir, 'temporal-server.log'), 'utf8').catch(() => '')).trim().split('\n').slice(-3).join('\n');
      throw new SetupError(`${error.message}\n${tail}`);
    });
  };
  await start();
  options.log(`Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL at ${address} (${HARNESS_HISTORY_SHARDS} history shards)`);
  return {
    address,
    start,
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const killing = setTimeout(() => running.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killing);
    },
  };
}

function serverConfig(postgres: PostgresTarget, ports: Record<string, number>, dynamicConfigFile: string) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (service: string) => ({ grpcPort: ports[service], membershipPort: ports[`${service}Membership`], bindOnLocalHost: true });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HARNESS_HISTORY_SHARDS,
      datastores: { 'postgres-default': store('temporal', 20), 'postgres-visibility': store('temporal_visibility', 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...rpc('frontend'), httpPort: ports.frontendHttp } },
      history: { rpc: rpc('history') },
      matching: { rpc: rpc('matching') },
      worker: { rpc: rpc('worker') },
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

const on = [{ value: true }];
// development-sql.yaml's switches that matter to us, plus Workflow Updates (task completion).
const dynamicConfig = {
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
  'frontend.enableUpdateWorkflowExecution': on,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': on,
  'frontend.enableExecuteMultiOperation': on,
  'frontend.workerVersioningDataAPIs': on,
  'frontend.workerVersioningWorkflowAPIs': on,
  'system.enableDeploymentVersions': on,
  'system.enableDeployments': on,
};

/**
 * Until the frontend answers, the namespace exists (registered here when missing) and a
 * workflow call on it no longer says "namespace not found" (the caches refresh every 10 s).
 */
async function untilNamespaceReady(address: string, namespace: string, child: ChildProcess, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new SetupError(`Temporal server exited (${child.exitCode ?? child.signalCode}); see temporal-server.log`);
    const connection = await Connection.connect({ address, connectTimeout: '2 seconds' }).catch((error: Error) => {
      last = error.message;
      return undefined;
    });
    if (connection) {
      try {
        const service = connection.workflowService;
        const known = await service.describeNamespace({ namespace }).then(() => true, () => false);
        if (!known) await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') }).catch(() => {});
        await service.listOpenWorkflowExecutions({ namespace, maximumPageSize: 1 });
        await service.describeTaskQueue({ namespace, taskQueue: { name: 'readiness-probe' }, taskQueueType: 1 });
        return;
      } catch (error) {
        last = (error as Error).message.split('\n')[0]!;
      } finally {
        await connection.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new SetupError(`Temporal server not ready after ${ms / 1000} s: ${last}`);
}
