import type { Pool } from '../stores/db.js';
import { closeSubscription, openSubscription, type MessageSubscriptionRow } from '../stores/bpm/subscriptions.js';

export type { MessageSubscriptionRow };

/** Open message subscriptions, so that POST /api/messages finds the waiting instance in one lookup. */
export function createMessageActivities(pool: Pool) {
  return {
    async openMessageSubscription(row: MessageSubscriptionRow): Promise<void> {
      await openSubscription(pool, row);
    },

    async closeMessageSubscription(request: { subscriptionId: string }): Promise<void> {
      await closeSubscription(pool, request.subscriptionId);
    },
  };
}
