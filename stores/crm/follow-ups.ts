import { addSpan, type Span } from '../../compiler/timers.js';
import { DomainError } from '../errors.js';
import type { Db } from '../tx.js';
import { findClient } from './clients.js';

/** The shipped process a follow-up runs as (processes/bpmn/crm-follow-up.bpmn). */
export const FOLLOW_UP_PROCESS = 'crm-follow-up';

/** What crm-follow-up starts with (its declared start variables). */
export interface FollowUpStart {
  clientId: number;
  clientName: string;
  owner: string | null;
  subject: string;
  dueAt: string;
  interactionId: number | null;
}

/** The start variables of a follow-up for a client: its task goes to the client's owner. UNKNOWN_CLIENT otherwise. */
export async function followUpStart(db: Db, request: { clientId: number; subject: string; dueAt: string; interactionId?: number | null | undefined }): Promise<FollowUpStart> {
  const client = await findClient(db, request.clientId);
  if (!client) throw new DomainError('UNKNOWN_CLIENT', `No client ${request.clientId}`);
  return { clientId: client.id, clientName: client.name, owner: client.owner, subject: request.subject, dueAt: request.dueAt, interactionId: request.interactionId ?? null };
}

/** A span (compiler/timers.ts) from the database clock, the one every task's due date is read against. */
export async function dueFromNow(db: Db, delay: Span): Promise<string> {
  const { rows } = await db.query<{ at: Date }>(`SELECT now() AS at`);
  return new Date(addSpan(rows[0]!.at.getTime(), delay)).toISOString();
}
