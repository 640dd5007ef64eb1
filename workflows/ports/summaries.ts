/** Where the instance stands, written to the instance row for listings and the API. */
import { workflowInfo } from '@temporalio/workflow';
import type { InstanceSnapshot } from '../../engine/ports.js';
import type { ProcessStart } from '../process-start.js';
import { bookkeeping } from './bookkeeping.js';

export class SummaryPort {
  constructor(private readonly start: ProcessStart) {}

  async recordSummary(snapshot: InstanceSnapshot, ended: boolean): Promise<void> {
    await bookkeeping.recordInstanceSummary({
      instanceId: workflowInfo().workflowId,
      processKey: this.start.processKey,
      version: this.start.version,
      businessKey: this.start.businessKey,
      status: snapshot.status,
      variables: snapshot.variables,
      activeElements: snapshot.activeElements,
      completedElements: snapshot.completedElements,
      incident: snapshot.incidents[0] ?? null,
      warnings: snapshot.warnings,
      ended,
    });
  }
}
