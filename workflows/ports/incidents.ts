/** Incidents wait for the retryIncident signal (POST /api/process-instances/{id}/retry). */
import { condition, setHandler } from '@temporalio/workflow';
import type { CancellationHandle, Incident } from '../../engine/ports.js';
import { retryIncident } from '../messages.js';
import { scopeOf } from './scopes.js';

export class IncidentPort {
  /** Grows with every retry of all open incidents (a signal without an incident id). */
  private retryAllGeneration = 0;
  private readonly retried = new Set<string>();

  constructor() {
    setHandler(retryIncident, (input) => {
      if (input?.incidentId) this.retried.add(input.incidentId);
      else this.retryAllGeneration += 1;
    });
  }

  async waitForIncidentResolution(incident: Incident, cancellation: CancellationHandle): Promise<void> {
    const seen = this.retryAllGeneration;
    try {
      await scopeOf(cancellation).run(() => condition(() => this.retryAllGeneration > seen || this.retried.has(incident.id)));
    } finally {
      this.retried.delete(incident.id);
    }
  }
}
