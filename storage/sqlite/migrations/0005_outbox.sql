-- One turn, one transaction (issue 12). A delivery consumed by a turn (a
-- Telegram update_id, …) is recorded in the turn's transaction with the
-- response the turn gave, so that a redelivery of a committed turn gets the
-- same answer without being handled again. NULL for deliveries recorded by
-- an adapter alone (MarkProcessed).
ALTER TABLE processed ADD COLUMN result TEXT;

-- The outbox: every message to send on a platform (a reply to a customer,
-- a relay into a Slack thread, an agent's reply, a notice) is a row written
-- in the transaction of the turn that decided it, and sent afterwards by
-- the delivery worker (bot/delivery). A small table of our own rather than
-- a queue library: the worker needs only "the oldest pending message of
-- each recipient, when due", which is one indexed query in plain SQL that
-- PostgreSQL runs as is (id becomes GENERATED ALWAYS AS IDENTITY there, and
-- several workers can claim heads with FOR UPDATE SKIP LOCKED), and the
-- rows must be written by the turn's own transaction, which a library
-- owning its tables and connections would make harder, not easier.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	channel    TEXT NOT NULL,            -- "telegram", "discord", "desk" (the agents' Slack)
	recipient  TEXT NOT NULL,            -- what order is kept per: a chat, a thread
	kind       TEXT NOT NULL,            -- "reply", "relay", "notice"
	payload    TEXT NOT NULL,            -- JSON, read by the channel's transport
	idem_key   TEXT NOT NULL UNIQUE,     -- sent with the message where the platform dedupes
	state      TEXT NOT NULL DEFAULT 'pending', -- "pending", "sent", "dead"
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    TEXT NOT NULL,            -- not tried again before
	last_error TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	done_at    TEXT                      -- when sent or given up
);
-- The worker's query: pending rows by recipient, oldest first.
CREATE INDEX outbox_pending ON outbox (state, channel, recipient, id);
