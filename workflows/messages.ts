/**
 * Signals, updates and queries of the process workflow, defined once and imported by
 * the workflow and by clients (the API, tests).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { InstanceSnapshot } from '../engine/ports.js';

export interface CompleteTaskInput {
  taskId: string;
  variables?: Record<string, unknown>;
  completedBy?: string | null;
  /** The completing user's groups, so the validator can check candidacy by group. */
  completedByGroups?: string[];
}

export interface CompleteTaskResult {
  taskId: string;
  elementId: string;
}

/** Completes an open user task; the validator rejects unknown or closed task ids at once. */
export const completeTask = defineUpdate<CompleteTaskResult, [CompleteTaskInput]>('completeTask');

export interface TaskAssignedInput {
  taskId: string;
  /** The new assignee, or null when the task was given back. */
  assignee: string | null;
}

/** A claim, unclaim or delegation: the workflow keeps who holds each open task. */
export const taskAssigned = defineSignal<[TaskAssignedInput]>('taskAssigned');

export interface DeliverMessageInput {
  name: string;
  correlationKey: string | null;
  variables?: Record<string, unknown>;
}

/** A correlated message (POST /api/messages found this instance by its subscription). */
export const deliverMessage = defineSignal<[DeliverMessageInput]>('deliverMessage');

export interface DeliverSignalInput {
  name: string;
  variables?: Record<string, unknown>;
  /** The broadcast's id: a broadcast retried after a lost answer is caught once. */
  signalId: string;
}

/** A broadcast signal (POST /api/signals or a signal throw event): every waiting catch of that name gets it. */
export const deliverSignal = defineSignal<[DeliverSignalInput]>('deliverSignal');

export interface ChildEscalatedInput {
  /** The called process's workflow id: which call activity hears it. */
  childWorkflowId: string;
  escalationCode: string;
}

/** A called process threw an escalation it does not catch: its call activity's boundary events may. */
export const childEscalated = defineSignal<[ChildEscalatedInput]>('childEscalated');

export interface RetryIncidentInput {
  /** The open incident to resolve; absent (or a signal without arguments): every open incident. */
  incidentId?: string | null;
}

/** Runs the step of an open incident again (POST /api/process-instances/{id}/retry). */
export const retryIncident = defineSignal<[RetryIncidentInput?]>('retryIncident');

export interface InstanceState extends InstanceSnapshot {
  processKey: string;
  version: number;
  businessKey: string | null;
  /** Tasks whose inbox row exists, by the row's id. */
  openTasks: Array<{ taskId: string; elementId: string }>;
}

export const instanceState = defineQuery<InstanceState>('instanceState');
