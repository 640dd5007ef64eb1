/** Incidents wait for the retryIncident signal (POST /api/process-instances/{id}/retry). */
import { condition, setHandler } from '@temporalio/workflow';
import type { CancellationHandle, Incident } from '../../engine/ports.js';
import { retryIncident } from '../messages.js';
import { scopeOf } from './scopes.js';

export class IncidentPort {
  private retryGeneration = 0;

  constructor() {
    setHandler(retryIncident, () => {
      this.retryGeneration += 1;
    });
  }

  async waitForIncidentResolution(_incident: Incident, cancellation: CancellationHandle): Promise<void> {
    const seen = this.retryGeneration;
    await scopeOf(cancellation).run(() => condition(() => this.retryGeneration > seen));
  }
}
