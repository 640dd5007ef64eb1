import { resolve } from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .transform((value) => value === '1' || value === 'true');

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'host:port, e.g. 127.0.0.1:7233').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('bpm'),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  BPM_ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  BPM_DEMO: flag.default(false),
  /** Comma-separated origins allowed to call the API from a browser (CORS); unset: closed. */
  CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .optional(),
});

export type Env = Omit<z.infer<typeof schema>, 'DATA_DIR'> & { DATA_DIR: string };

/** Names the variable at fault in one line, so a launcher can print it as it is. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; every process reads its configuration from here. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) };
}
