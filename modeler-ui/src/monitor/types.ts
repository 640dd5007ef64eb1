/** The shapes of GET /api/process-instances(/{id}) that these pages read (CONTRACT §2). */
export interface InstanceSummary {
  instanceId: string;
  processKey: string;
  version: number;
  businessKey?: string | null;
  status: string;
  startedAt: string;
  endedAt?: string | null;
}

export interface Incident {
  id?: string;
  elementId: string;
  message: string;
}

export interface InstanceDetail extends InstanceSummary {
  variables: Record<string, unknown>;
  activeElements: string[];
  completedElements: string[];
  incidents?: Incident[];
  incident?: Incident | null;
}
