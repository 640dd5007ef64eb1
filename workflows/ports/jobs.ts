/** Jobs (service, send, business rule tasks) as the runServiceTask activity. */
import { isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { CancellationHandle, JobRequest, JobResult } from '../../engine/ports.js';
import { toEngineFailure } from '../failures.js';
import { scopeOf } from './scopes.js';

type RunServiceTask = Activities['runServiceTask'];

export class JobPort {
  /** One proxy per retry count: the retry policy is fixed when a proxy is made. */
  private readonly proxies = new Map<number, RunServiceTask>();

  async runJob(request: JobRequest, cancellation: CancellationHandle): Promise<JobResult> {
    const runServiceTask = this.proxyFor(request.retries);
    try {
      return await scopeOf(cancellation).run(() =>
        runServiceTask({
          instanceId: workflowInfo().workflowId,
          elementId: request.elementId,
          loopCounter: request.loopCounter,
          taskType: request.taskType,
          variables: request.variables,
          headers: request.headers,
        }),
      );
    } catch (error) {
      if (isCancellation(error)) throw error;
      throw toEngineFailure(error);
    }
  }

  private proxyFor(retries: number): RunServiceTask {
    let proxy = this.proxies.get(retries);
    if (!proxy) {
      proxy = proxyActivities<Activities>({
        startToCloseTimeout: '5 minutes',
        // runServiceTask heartbeats while it runs: a step on a worker that died (SIGKILL,
        // lost machine) is retried after this, not after the 5 minutes above.
        heartbeatTimeout: '15 seconds',
        retry: { maximumAttempts: Math.max(1, retries), initialInterval: '1 second', maximumInterval: '30 seconds' },
      }).runServiceTask;
      this.proxies.set(retries, proxy);
    }
    return proxy;
  }
}
