import type { Pool } from '../stores/db.js';

export interface MessageSubscriptionRow {
  /** Deterministic in the workflow: a retried activity writes the same row. */
  subscriptionId: string;
  instanceId: string;
  elementId: string;
  messageName: string;
  correlationKey: string | null;
}

/** Open message subscriptions, so that POST /api/messages finds the waiting instance in one lookup. */
export function createMessageActivities(pool: Pool) {
  return {
    async openMessageSubscription(row: MessageSubscriptionRow): Promise<void> {
      await pool.query(
        `INSERT INTO bpm.message_subscriptions (id, message_name, correlation_key, instance_id, element_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [row.subscriptionId, row.messageName, row.correlationKey, row.instanceId, row.elementId],
      );
    },

    async closeMessageSubscription(request: { subscriptionId: string }): Promise<void> {
      await pool.query(`DELETE FROM bpm.message_subscriptions WHERE id = $1`, [request.subscriptionId]);
    },
  };
}
