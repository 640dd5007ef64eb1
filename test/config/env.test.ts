import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../config/env.js';

describe('loadEnv', () => {
  it('should apply the documented defaults', () => {
    // when
    const env = loadEnv({});
    // then
    expect(env).toMatchObject({ PORT: 3000, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'bpm', BPM_DEMO: false });
    expect(env.DATA_DIR).toMatch(/\.data$/);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid PORT: /],
    [{ PORT: '70000' }, /^Invalid PORT: /],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^Invalid DATABASE_URL: /],
    [{ TEMPORAL_ADDRESS: 'http://temporal' }, /^Invalid TEMPORAL_ADDRESS: host:port/],
    [{ BPM_DEMO: 'yes' }, /^Invalid BPM_DEMO: /],
    [{ BPM_ADMIN_PASSWORD: 'short' }, /^Invalid BPM_ADMIN_PASSWORD: at least 8 characters/],
    [{ CORS_ORIGINS: 'https://crm.example, *' }, /^Invalid CORS_ORIGINS\.1: /],
  ])('should name the variable at fault in one line for %o', (source, message) => {
    // when / then
    expect(() => loadEnv(source)).toThrow(ConfigError);
    expect(() => loadEnv(source)).toThrow(message);
  });

  it('should read CORS_ORIGINS as a list of origins, and leave CORS closed without it', () => {
    // when
    const open = loadEnv({ CORS_ORIGINS: 'https://crm.example.com, http://localhost:5173' });
    const closed = loadEnv({});
    // then
    expect(open.CORS_ORIGINS).toEqual(['https://crm.example.com', 'http://localhost:5173']);
    expect(closed.CORS_ORIGINS).toBeUndefined();
  });

  it('should treat empty variables as unset', () => {
    // when
    const env = loadEnv({ DATABASE_URL: '', PORT: '' });
    // then
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });
});
