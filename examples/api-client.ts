/**
 * A client of the API generated from GET /api/openapi.json (openapi-typescript types,
 * openapi-fetch calls): log in, start a case, complete its first task. Every path, body
 * and answer is type-checked against the document by `npm run typecheck`.
 *
 *   BPM_API_URL=http://localhost:3000 BPM_USERNAME=sam BPM_PASSWORD=... \
 *   node --import tsx examples/api-client.ts approval '{"amount": 42}'
 */
import createClient from 'openapi-fetch';
import { pathToFileURL } from 'node:url';
import type { components, paths } from '../api/client/openapi-types.js';

type Task = components['schemas']['Task'];

export interface ExampleRun {
  baseUrl: string;
  username: string;
  password: string;
  processKey: string;
  /** The variables the task's form asks for. */
  taskVariables: Record<string, unknown>;
}

export async function startAndComplete(run: ExampleRun): Promise<{ instanceId: string; task: Task }> {
  const api = createClient<paths>({ baseUrl: run.baseUrl });

  const login = await api.POST('/api/auth/login', { body: { username: run.username, password: run.password } });
  if (!login.data) throw new Error(`login failed: ${login.error?.detail}`);
  const headers = { authorization: `Bearer ${login.data.token}` };
  console.log(`logged in as ${login.data.user.name} (${login.data.user.groups.join(', ')})`);

  const started = await api.POST('/api/process-instances', { headers, body: { processKey: run.processKey, businessKey: `example-${Date.now()}` } });
  if (!started.data) throw new Error(`start failed: ${started.error?.detail}`);
  const { instanceId } = started.data;
  console.log(`started ${started.data.processKey} v${started.data.version}: ${instanceId}`);

  // The process creates the task a moment after the start.
  let task: Task | undefined;
  for (let attempt = 0; !task && attempt < 100; attempt++) {
    const inbox = await api.GET('/api/tasks', { headers, params: { query: { filter: 'all', businessKey: started.data.businessKey ?? undefined } } });
    task = inbox.data?.find((candidate) => candidate.instanceId === instanceId);
    if (!task) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!task) throw new Error(`no task of ${instanceId} reached the inbox`);

  const completed = await api.POST('/api/tasks/{id}/complete', { headers, params: { path: { id: task.id } }, body: { variables: run.taskVariables } });
  if (!completed.data) throw new Error(`completing ${task.name} failed: ${completed.error?.detail}`);
  console.log(`completed "${completed.data.name}" (${completed.data.state}) as ${completed.data.completedBy}`);
  return { instanceId, task: completed.data };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [processKey = 'approval', variables = '{}'] = process.argv.slice(2);
  await startAndComplete({
    baseUrl: process.env.BPM_API_URL ?? 'http://localhost:3000',
    username: process.env.BPM_USERNAME ?? 'admin',
    password: process.env.BPM_PASSWORD ?? '',
    processKey,
    taskVariables: JSON.parse(variables) as Record<string, unknown>,
  });
}
