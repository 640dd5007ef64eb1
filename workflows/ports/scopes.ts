/** The engine's cancellation handles as Temporal CancellationScopes. */
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { CancellationHandle } from '../../engine/ports.js';

class TemporalHandle implements CancellationHandle {
  constructor(readonly scope: CancellationScope) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.run(work);
  }

  cancel(): void {
    this.scope.cancel();
  }

  get cancelled(): boolean {
    return this.scope.consideredCancelled;
  }
}

/** The Temporal scope behind a handle this module created. */
export const scopeOf = (handle: CancellationHandle): CancellationScope => (handle as TemporalHandle).scope;

export function createScope(parent: CancellationHandle | null): CancellationHandle {
  return new TemporalHandle(new CancellationScope({ cancellable: true, parent: parent ? scopeOf(parent) : CancellationScope.current() }));
}

export { isCancellation };
