/**
 * Message catch events: a subscription row for POST /api/messages to find, and the
 * deliverMessage signal. Messages that arrive before anyone waits are kept (bounded).
 */
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, MessageSubscription, Variables } from '../../engine/ports.js';
import { deliverMessage, type DeliverMessageInput } from '../messages.js';
import { bookkeeping, type Cleanups } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

const MAX_BUFFERED_MESSAGES = 100;

interface MessageWaiter {
  subscription: MessageSubscription;
  received: Variables | null;
}

export class MessagePort {
  private readonly waiters: MessageWaiter[] = [];
  private readonly buffered: DeliverMessageInput[];
  private subscriptionSeq = 0;

  constructor(
    pendingMessages: readonly DeliverMessageInput[],
    private readonly cleanups: Cleanups,
  ) {
    this.buffered = [...pendingMessages];
    setHandler(deliverMessage, (message) => this.deliver(message));
  }

  /** Messages nobody waited for yet, for continue-as-new. */
  pendingMessages(): DeliverMessageInput[] {
    return [...this.buffered];
  }

  async waitForMessage(subscription: MessageSubscription, cancellation: CancellationHandle): Promise<Variables> {
    const waiter: MessageWaiter = { subscription, received: null };
    const early = this.buffered.findIndex((message) => matches(subscription, message));
    if (early >= 0) return this.buffered.splice(early, 1)[0]!.variables ?? {};
    this.waiters.push(waiter);
    this.subscriptionSeq += 1;
    const { workflowId, runId } = workflowInfo();
    const subscriptionId = `${workflowId}:${subscription.elementId}:${runId}:${this.subscriptionSeq}`;
    try {
      return await scopeOf(cancellation).run(async () => {
        await bookkeeping.openMessageSubscription({
          subscriptionId,
          instanceId: workflowId,
          elementId: subscription.elementId,
          messageName: subscription.messageName,
          correlationKey: subscription.correlationKey,
        });
        await condition(() => waiter.received !== null);
        return waiter.received!;
      });
    } finally {
      const index = this.waiters.indexOf(waiter);
      if (index >= 0) this.waiters.splice(index, 1);
      this.cleanups.add(() => bookkeeping.closeMessageSubscription({ subscriptionId }));
    }
  }

  private deliver(message: DeliverMessageInput): void {
    const waiter = this.waiters.find((candidate) => candidate.received === null && matches(candidate.subscription, message));
    if (waiter) {
      waiter.received = message.variables ?? {};
      return;
    }
    // Camunda buffers a message for its time to live; we keep a bounded few for a wait about to open.
    if (this.buffered.length < MAX_BUFFERED_MESSAGES) this.buffered.push(message);
  }
}

function matches(subscription: MessageSubscription, message: DeliverMessageInput): boolean {
  return subscription.messageName === message.name && (subscription.correlationKey ?? null) === (message.correlationKey ?? null);
}
