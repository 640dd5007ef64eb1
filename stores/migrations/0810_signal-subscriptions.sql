-- Up Migration
-- Signal catch events wait in the same table as message catches (issue 14): a signal
-- subscription has kind 'signal', the signal's name in message_name and no correlation
-- key. POST /api/signals and signal throw events find every waiting instance by name.
ALTER TABLE bpm.message_subscriptions
  ADD COLUMN kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'signal'));
CREATE INDEX message_subscriptions_by_kind ON bpm.message_subscriptions (kind, message_name);

