-- Security review (issue 11).
--
-- Failed attempts are also counted per claimed e-mail (a hash of it, never
-- the address), and shop-wide per minute.
ALTER TABLE verification_attempts ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
CREATE INDEX verification_attempts_email_failed ON verification_attempts (email_key, at) WHERE success = 0;
CREATE INDEX verification_attempts_failed_at ON verification_attempts (at) WHERE success = 0;
-- Retention purges by age.
CREATE INDEX verification_attempts_at ON verification_attempts (at);
CREATE INDEX conversations_updated ON conversations (updated_at);
-- An identity check reads the order's customer from the index alone, as it
-- reads a customer's ID by e-mail or card: a number that exists costs no
-- more than one that does not.
CREATE INDEX orders_number_customer ON orders (number_key, customer_id);
