/** The shapes of ../shared/CONTRACT.md §2 that the employees' and managers' pages read. */
export interface User {
  id?: string;
  username: string;
  name: string;
  groups: string[];
}

export interface Task {
  id: string;
  name: string | null;
  elementId: string;
  processKey: string;
  instanceId: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueAt: string | null;
  followUpAt?: string | null;
  breached: boolean;
  createdAt: string;
  completedAt?: string | null;
  state?: 'open' | 'completed' | 'cancelled';
  form?: FormSchema | null;
  variables: Record<string, unknown>;
  instructions?: string | null;
  priority?: number | null;
}

/** A form-js schema, as a user task or start event carries it. */
export interface FormSchema {
  components: FormComponent[];
  id?: string;
  type?: string;
  schemaVersion?: number;
  [more: string]: unknown;
}

export interface FormComponent {
  id?: string;
  key?: string;
  type: string;
  label?: string;
  text?: string;
  components?: FormComponent[];
  validate?: Record<string, unknown>;
  [more: string]: unknown;
}

export interface TaskHistoryEntry {
  at: string;
  kind: 'created' | 'claimed' | 'unclaimed' | 'delegated' | 'commented' | 'breached' | 'completed' | string;
  by?: string | null;
  text?: string;
  to?: string;
  [more: string]: unknown;
}

export interface Incident {
  id: string;
  elementId: string;
  message: string;
  openedAt?: string;
  retries?: number;
}

export interface HistoryStep {
  elementId: string;
  name?: string | null;
  startedAt: string;
  endedAt?: string | null;
  by?: string | null;
}

export type InstanceStatus = 'running' | 'incident' | 'completed' | 'cancelled';

export interface Instance {
  instanceId: string;
  processKey: string;
  version: number;
  businessKey?: string | null;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  activeElements: string[];
  completedElements: string[];
  incidents?: Incident[];
  /** The older single-incident form, before incidents had ids. */
  incident?: { elementId: string; message: string } | null;
  history?: HistoryStep[];
  startedAt: string;
  endedAt?: string | null;
}

export interface OpenStepOwner {
  elementId: string;
  name: string | null;
  taskId: string;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
}

export interface ProcessDefinition {
  key: string;
  version: number;
  name: string | null;
  xml?: string;
  deployedAt?: string;
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
}

export interface Responsibility {
  processKey: string;
  processName: string | null;
  elementId: string;
  name: string | null;
  instructions: string | null;
  via: 'assignee' | 'candidateUser' | 'candidateGroup' | 'lane' | 'everyone' | 'expression';
  group?: string | null;
  expression?: string | null;
  open: number;
  breached: number;
}

export interface Breach {
  taskId: string;
  elementId: string;
  name: string | null;
  processKey: string;
  instanceId: string;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string;
  breachedAt: string;
  completedAt?: string | null;
}

export interface StepSummary {
  elementId: string;
  name: string | null;
  processKey?: string;
  open: number;
  breached: number;
  completed: number;
  onTimeRate: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

export interface OwnerSummary {
  owner: string;
  kind: 'user' | 'group';
  open: number;
  breached: number;
  completed: number;
  onTimeRate: number | null;
}

export interface Notification {
  id: string | number;
  subject: string;
  body?: string | null;
  createdAt?: string;
  sentAt?: string;
  readAt?: string | null;
  read?: boolean;
  instanceId?: string | null;
  taskId?: string | null;
  [more: string]: unknown;
}

export interface BpmEvent {
  id: string | number;
  kind: string;
  taskId?: string | null;
  instanceId?: string | null;
  at: string;
  [more: string]: unknown;
}

export interface ClientCard {
  id: number | string;
  name: string;
  owner?: string | null;
  creditLimit?: number | null;
  balance?: number | null;
  contacts?: Array<{ name?: string; email?: string; phone?: string }>;
  deals?: Array<{ id: number | string; title?: string; stage?: string; amount?: number }>;
  orders?: unknown[];
  invoices?: unknown[];
  interactions?: Array<{ kind?: string; summary?: string; at?: string; createdAt?: string }>;
}

export interface InstallationConfig {
  temporalUiUrl?: string | null;
  temporalNamespace?: string | null;
}
