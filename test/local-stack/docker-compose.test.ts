import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs here: the file is checked by reading it (ENVIRONMENT.md).
interface Service {
  image?: string;
  build?: unknown;
  command?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
}

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('should run PostgreSQL 16, Temporal on PostgreSQL with its UI, the API and workers', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'].sort(),
    );
    expect(services.postgres!.image).toMatch(/^postgres:16\./);
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

  it('should keep the worker free of a fixed container name or port, so it can be scaled', () => {
    expect(services.worker).not.toHaveProperty('container_name');
    expect(services.worker).not.toHaveProperty('ports');
  });
});
