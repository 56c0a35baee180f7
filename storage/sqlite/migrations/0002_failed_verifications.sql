-- The lock-out only ever counts failed attempts. Indexing those alone keeps
-- the check quick however many successful checks an order has had: under
-- load, scanning thousands of successes held read connections long enough
-- to slow every other lookup.
DROP INDEX verification_attempts_conversation;
DROP INDEX verification_attempts_order;
CREATE INDEX verification_attempts_conversation_failed ON verification_attempts (conversation_id, at) WHERE success = 0;
CREATE INDEX verification_attempts_order_failed ON verification_attempts (order_key, at) WHERE success = 0;
