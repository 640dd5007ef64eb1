/**
 * Where an instance's time goes, read from its Temporal history: how many workflow tasks
 * and activities (by type) it took, how large its history is, and how long it spent
 * waiting for and running each. Means over a sample of instances measured under load.
 */
import type { Client } from '@temporalio/client';

export const HISTORY_PROFILE_SAMPLE = 20;

export interface HistoryProfile {
  sampled: number;
  historyEvents: number;
  historyBytes: number;
  workflowTasks: number;
  activities: Record<string, number>;
  /** Mean milliseconds per instance. */
  ms: {
    total: number;
    workflowTaskQueued: number;
    workflowTaskRunning: number;
    activityQueued: Record<string, number>;
    activityRunning: Record<string, number>;
  };
}

interface Timestamp {
  seconds?: unknown;
  nanos?: number | null;
}

const ms = (ts: Timestamp | null | undefined): number => (ts ? Number(String(ts.seconds ?? 0)) * 1000 + (ts.nanos ?? 0) / 1e6 : 0);
const id = (value: unknown): string => String(value ?? '');
const round = (value: number): number => Number(value.toFixed(2));

export async function profileHistories(temporal: Client, workflowIds: string[]): Promise<HistoryProfile> {
  const sum = {
    historyEvents: 0,
    historyBytes: 0,
    workflowTasks: 0,
    activities: {} as Record<string, number>,
    total: 0,
    workflowTaskQueued: 0,
    workflowTaskRunning: 0,
    activityQueued: {} as Record<string, number>,
    activityRunning: {} as Record<string, number>,
  };
  const add = (into: Record<string, number>, key: string, value: number) => {
    into[key] = (into[key] ?? 0) + value;
  };
  for (const workflowId of workflowIds) {
    const handle = temporal.workflow.getHandle(workflowId);
    const [description, history] = await Promise.all([handle.describe(), handle.fetchHistory()]);
    sum.historyEvents += description.historyLength;
    sum.historyBytes += description.historySize ?? 0;
    const at = new Map<string, number>();
    const activityType = new Map<string, string>();
    let start = 0;
    let end = 0;
    for (const event of history.events ?? []) {
      const time = ms(event.eventTime);
      const eventId = id(event.eventId);
      at.set(eventId, time);
      if (event.workflowExecutionStartedEventAttributes) start = time;
      if (event.workflowExecutionCompletedEventAttributes) end = time;
      if (event.workflowTaskScheduledEventAttributes) sum.workflowTasks += 1;
      const workflowTaskStarted = event.workflowTaskStartedEventAttributes;
      if (workflowTaskStarted) sum.workflowTaskQueued += time - (at.get(id(workflowTaskStarted.scheduledEventId)) ?? time);
      const workflowTaskCompleted = event.workflowTaskCompletedEventAttributes;
      if (workflowTaskCompleted) sum.workflowTaskRunning += time - (at.get(id(workflowTaskCompleted.startedEventId)) ?? time);
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const type = scheduled.activityType?.name ?? '?';
        activityType.set(eventId, type);
        add(sum.activities, type, 1);
      }
      const started = event.activityTaskStartedEventAttributes;
      if (started) {
        const type = activityType.get(id(started.scheduledEventId)) ?? '?';
        add(sum.activityQueued, type, time - (at.get(id(started.scheduledEventId)) ?? time));
      }
      const completed = event.activityTaskCompletedEventAttributes;
      if (completed) {
        const type = activityType.get(id(completed.scheduledEventId)) ?? '?';
        add(sum.activityRunning, type, time - (at.get(id(completed.startedEventId)) ?? time));
      }
    }
    sum.total += end - start;
  }
  const n = Math.max(1, workflowIds.length);
  const mean = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, round(value / n)]));
  return {
    sampled: workflowIds.length,
    historyEvents: round(sum.historyEvents / n),
    historyBytes: round(sum.historyBytes / n),
    workflowTasks: round(sum.workflowTasks / n),
    activities: mean(sum.activities),
    ms: {
      total: round(sum.total / n),
      workflowTaskQueued: round(sum.workflowTaskQueued / n),
      workflowTaskRunning: round(sum.workflowTaskRunning / n),
      activityQueued: mean(sum.activityQueued),
      activityRunning: mean(sum.activityRunning),
    },
  };
}
