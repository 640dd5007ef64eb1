/**
 * Message catch events: a subscription row for POST /api/messages to find, and the
 * deliverMessage signal. Messages that arrive before anyone waits are kept (bounded).
 * Signal catch events wait the same way (rows of kind 'signal', the deliverSignal
 * signal), but a signal reaches only the catches waiting when it is broadcast, all of
 * them, and is never kept (BPMN 2.0 §10.5.5).
 */
import { CancelledFailure, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, MessageSubscription, SignalSubscription, Variables } from '../../engine/ports.js';
import { deliverMessage, deliverSignal, type DeliverMessageInput, type DeliverSignalInput } from '../messages.js';
import { bookkeeping, type Cleanups } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

type SubscriptionRow = Parameters<typeof bookkeeping.openMessageSubscription>[0];

const MAX_BUFFERED_MESSAGES = 100;
/** Since this patch a message handed to a wait that is cancelled in the same step is kept. */
export const MESSAGE_KEPT_PATCH = 'message-kept-v1';
/** Broadcast ids remembered, so that a retried broadcast is caught once. */
const MAX_REMEMBERED_SIGNALS = 100;

interface MessageWaiter {
  subscription: MessageSubscription;
  received: Variables | null;
  /** The message that `received` came from, to keep it if the wait is cancelled unconsumed. */
  message?: DeliverMessageInput;
}

interface SignalWaiter {
  subscription: SignalSubscription;
  received: Variables | null;
}

export class MessagePort {
  private readonly waiters: MessageWaiter[] = [];
  private readonly buffered: DeliverMessageInput[];
  /** The message each wait returned, by its handle, until its gateway says whether it won. */
  private readonly caught = new WeakMap<CancellationHandle, DeliverMessageInput>();
  private subscriptionSeq = 0;
  private readonly signalWaiters: SignalWaiter[] = [];
  private readonly signalsSeen: string[] = [];

  constructor(
    pendingMessages: readonly DeliverMessageInput[],
    private readonly cleanups: Cleanups,
  ) {
    this.buffered = [...pendingMessages];
    setHandler(deliverMessage, (message) => this.deliver(message));
    setHandler(deliverSignal, (signal) => this.deliverSignal(signal));
  }

  async waitForSignal(subscription: SignalSubscription, cancellation: CancellationHandle): Promise<Variables> {
    const waiter: SignalWaiter = { subscription, received: null };
    const row = { elementId: subscription.elementId, messageName: subscription.signalName, correlationKey: null, kind: 'signal' as const };
    return this.waitSubscribed(this.signalWaiters, waiter, row, cancellation);
  }

  private deliverSignal(signal: DeliverSignalInput): void {
    if (this.signalsSeen.includes(signal.signalId)) return;
    this.signalsSeen.push(signal.signalId);
    if (this.signalsSeen.length > MAX_REMEMBERED_SIGNALS) this.signalsSeen.shift();
    for (const waiter of this.signalWaiters) {
      if (waiter.received === null && waiter.subscription.signalName === signal.name) waiter.received = signal.variables ?? {};
    }
  }

  /** Messages nobody waited for yet, for continue-as-new. */
  pendingMessages(): DeliverMessageInput[] {
    return [...this.buffered];
  }

  async waitForMessage(subscription: MessageSubscription, cancellation: CancellationHandle): Promise<Variables> {
    const waiter: MessageWaiter = { subscription, received: null };
    const early = this.buffered.findIndex((message) => matches(subscription, message));
    if (early >= 0) return this.buffered.splice(early, 1)[0]!.variables ?? {};
    const row = { elementId: subscription.elementId, messageName: subscription.messageName, correlationKey: subscription.correlationKey };
    // Handed a message in the same workflow task that cancelled the wait (the gateway's timer
    // won the race, a boundary event interrupted): the message was not consumed, whether the
    // wait then returns or throws. Zeebe correlates only to the subscription that triggers
    // and keeps the message buffered, so the next wait (the gateway entered again) catches it.
    const keepUnconsumed = () => {
      if (!waiter.message || !patched(MESSAGE_KEPT_PATCH)) return false;
      this.buffered.unshift(waiter.message);
      return true;
    };
    let variables: Variables;
    try {
      variables = await this.waitSubscribed(this.waiters, waiter, row, cancellation);
    } catch (error) {
      keepUnconsumed();
      throw error;
    }
    if (cancellation.cancelled && keepUnconsumed()) throw new CancelledFailure('The wait was cancelled before its message was consumed');
    if (waiter.message) this.caught.set(cancellation, waiter.message);
    return variables;
  }

  /** The message caught under `cancellation` lost its race: buffered again for the next wait. */
  messageNotConsumed(cancellation: CancellationHandle): void {
    const message = this.caught.get(cancellation);
    this.caught.delete(cancellation);
    if (message && patched(MESSAGE_KEPT_PATCH)) this.buffered.unshift(message);
  }

  /**
   * One wait of a message or signal catch: `waiter` joins `waiters` (where delivery finds
   * it), its subscription row is opened, and once it has its variables the row is closed
   * with the step's cleanups, also when the wait is cancelled.
   */
  private async waitSubscribed<W extends { received: Variables | null }>(
    waiters: W[],
    waiter: W,
    row: Omit<SubscriptionRow, 'subscriptionId' | 'instanceId'>,
    cancellation: CancellationHandle,
  ): Promise<Variables> {
    waiters.push(waiter);
    this.subscriptionSeq += 1;
    const { workflowId, runId } = workflowInfo();
    const subscriptionId = `${workflowId}:${row.elementId}:${runId}:${this.subscriptionSeq}`;
    try {
      return await scopeOf(cancellation).run(async () => {
        await bookkeeping.openMessageSubscription({ subscriptionId, instanceId: workflowId, ...row });
        await condition(() => waiter.received !== null);
        return waiter.received!;
      });
    } finally {
      const index = waiters.indexOf(waiter);
      if (index >= 0) waiters.splice(index, 1);
      this.cleanups.add(() => bookkeeping.closeMessageSubscription({ subscriptionId }));
    }
  }

  private deliver(message: DeliverMessageInput): void {
    const waiter = this.waiters.find((candidate) => candidate.received === null && matches(candidate.subscription, message));
    if (waiter) {
      waiter.received = message.variables ?? {};
      waiter.message = message;
      return;
    }
    // Camunda buffers a message for its time to live; we keep a bounded few for a wait about to open.
    if (this.buffered.length < MAX_BUFFERED_MESSAGES) this.buffered.push(message);
  }
}

function matches(subscription: MessageSubscription, message: DeliverMessageInput): boolean {
  return subscription.messageName === message.name && (subscription.correlationKey ?? null) === (message.correlationKey ?? null);
}
