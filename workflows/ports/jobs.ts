/** Jobs (service, send, business rule tasks) as the runServiceTask activity. */
import { isCancellation, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities, InstanceSummary } from '../../activities/index.js';
import type { CancellationHandle, JobRequest, JobResult } from '../../engine/ports.js';
import { toEngineFailure } from '../failures.js';
import { scopeOf } from './scopes.js';

type RunServiceTask = Activities['runServiceTask'];

export class JobPort {
  /** `ride` hands each step the instance summary to write before it runs (SummaryPort.ride). */
  constructor(private readonly ride: () => InstanceSummary | undefined = () => undefined) {}

  /** One proxy per retry count (and mode): the retry policy is fixed when a proxy is made. */
  private readonly proxies = new Map<string, RunServiceTask>();

  async runJob(request: JobRequest, cancellation: CancellationHandle): Promise<JobResult> {
    const runServiceTask = this.proxyFor(request.retries, request.local === true);
    try {
      return await scopeOf(cancellation).run(() =>
        runServiceTask({
          instanceId: workflowInfo().workflowId,
          elementId: request.elementId,
          loopCounter: request.loopCounter,
          taskType: request.taskType,
          variables: request.variables,
          headers: request.headers,
          summary: this.ride(),
        }),
      );
    } catch (error) {
      if (isCancellation(error)) throw error;
      throw toEngineFailure(error);
    }
  }

  private proxyFor(retries: number, local: boolean): RunServiceTask {
    const key = `${local ? 'local' : 'activity'}:${retries}`;
    let proxy = this.proxies.get(key);
    if (!proxy && local) {
      // The step runs in this worker within the workflow task: no activity task, no
      // heartbeat (a dead worker's step runs again when the workflow task is retried;
      // the idempotency key makes the repeat harmless).
      proxy = proxyLocalActivities<Activities>({
        startToCloseTimeout: '5 minutes',
        retry: { maximumAttempts: Math.max(1, retries), initialInterval: '1 second', maximumInterval: '30 seconds' },
      }).runServiceTask;
      this.proxies.set(key, proxy);
    }
    if (!proxy) {
      proxy = proxyActivities<Activities>({
        startToCloseTimeout: '5 minutes',
        // runServiceTask heartbeats while it runs: a step on a worker that died (SIGKILL,
        // lost machine) is retried after this, not after the 5 minutes above.
        heartbeatTimeout: '15 seconds',
        retry: { maximumAttempts: Math.max(1, retries), initialInterval: '1 second', maximumInterval: '30 seconds' },
      }).runServiceTask;
      this.proxies.set(key, proxy);
    }
    return proxy;
  }
}
