-- The account store: the shop's customers, orders, loyalty ledger, returns
-- and tickets, and the bot's conversation records.
--
-- Times are TEXT in UTC, RFC 3339 with nine fraction digits
-- ("2025-03-14T09:30:00.000000000Z"): fixed width, so they sort and compare
-- as strings. Booleans are INTEGER 0/1. Money is INTEGER cents.

CREATE TABLE customers (
	id               INTEGER PRIMARY KEY,
	email            TEXT NOT NULL UNIQUE,          -- lower-cased
	name             TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	language         TEXT NOT NULL DEFAULT '',
	loyalty_card     TEXT NOT NULL DEFAULT '',      -- as given
	loyalty_card_key TEXT UNIQUE,                   -- normalised; NULL if none
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);

CREATE TABLE orders (
	id                  INTEGER PRIMARY KEY,
	number              TEXT NOT NULL,              -- display form, "CL-482913"
	number_key          TEXT NOT NULL UNIQUE,       -- normalised, "CL482913"
	customer_id         INTEGER NOT NULL REFERENCES customers (id),
	email               TEXT NOT NULL,
	placed_at           TEXT NOT NULL,
	channel             TEXT NOT NULL,
	status              TEXT NOT NULL,
	carrier             TEXT NOT NULL DEFAULT '',
	tracking_number     TEXT NOT NULL DEFAULT '',
	shipped_at          TEXT,
	delivered_at        TEXT,
	cancelled_at        TEXT,
	total_cents         INTEGER NOT NULL CHECK (total_cents >= 0),
	currency            TEXT NOT NULL,
	paid_with_gift_card INTEGER NOT NULL DEFAULT 0,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, placed_at);

CREATE TABLE order_items (
	id               INTEGER PRIMARY KEY,
	order_id         INTEGER NOT NULL REFERENCES orders (id),
	line             INTEGER NOT NULL,              -- position in the order, from 0
	sku              TEXT NOT NULL DEFAULT '',
	name             TEXT NOT NULL,
	quantity         INTEGER NOT NULL CHECK (quantity >= 1),
	unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
	personalized     INTEGER NOT NULL DEFAULT 0,
	kind             TEXT NOT NULL,
	UNIQUE (order_id, line)
);

-- The loyalty ledger's manual entries. Re-importing an entry finds it by
-- (customer, time, points, reason) and does not add it twice.
CREATE TABLE points_adjustments (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	points      INTEGER NOT NULL,
	reason      TEXT NOT NULL,
	at          TEXT NOT NULL,
	UNIQUE (customer_id, at, points, reason)
);

CREATE TABLE returns (
	id          INTEGER PRIMARY KEY,
	ra_number   TEXT NOT NULL UNIQUE,
	order_id    INTEGER NOT NULL REFERENCES orders (id),
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	reason      TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	created_at  TEXT NOT NULL
);
CREATE INDEX returns_customer ON returns (customer_id, created_at);
CREATE INDEX returns_order ON returns (order_id);

CREATE TABLE return_items (
	return_id INTEGER NOT NULL REFERENCES returns (id),
	item_id   INTEGER NOT NULL REFERENCES order_items (id),
	quantity  INTEGER NOT NULL CHECK (quantity >= 1),
	PRIMARY KEY (return_id, item_id)
);
CREATE INDEX return_items_item ON return_items (item_id);

CREATE TABLE tickets (
	id              INTEGER PRIMARY KEY,
	ref             TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL,
	status          TEXT NOT NULL,
	conversation_id TEXT NOT NULL DEFAULT '',
	customer_id     INTEGER REFERENCES customers (id), -- NULL if not verified
	order_id        INTEGER REFERENCES orders (id),    -- NULL if no order
	summary         TEXT NOT NULL DEFAULT '',
	details         TEXT NOT NULL DEFAULT '{}',        -- JSON object of strings
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX tickets_conversation ON tickets (conversation_id);
CREATE INDEX tickets_customer ON tickets (customer_id);
CREATE INDEX tickets_order ON tickets (order_id);

CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY,
	ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
	name         TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	data         BLOB NOT NULL,
	created_at   TEXT NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

CREATE TABLE conversations (
	id          TEXT PRIMARY KEY,
	channel     TEXT NOT NULL,
	lang        TEXT NOT NULL DEFAULT '',
	customer_id INTEGER REFERENCES customers (id),     -- NULL if not verified
	handoff     TEXT NOT NULL DEFAULT '',
	state       BLOB,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX conversations_customer ON conversations (customer_id);

CREATE TABLE messages (
	id              INTEGER PRIMARY KEY,
	conversation_id TEXT NOT NULL REFERENCES conversations (id),
	sender          TEXT NOT NULL,                     -- customer, bot, agent, note
	author          TEXT NOT NULL DEFAULT '',
	text            TEXT NOT NULL,
	intent          TEXT NOT NULL DEFAULT '',
	confidence      REAL NOT NULL DEFAULT 0,
	at              TEXT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE identities (
	channel     TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	linked_at   TEXT NOT NULL,
	PRIMARY KEY (channel, user_id)
);

-- Attempts are not tied to a stored conversation: the bot may check an
-- identity before the conversation's first turn is saved.
CREATE TABLE verification_attempts (
	id              INTEGER PRIMARY KEY,
	conversation_id TEXT NOT NULL,
	order_key       TEXT NOT NULL DEFAULT '',
	success         INTEGER NOT NULL,
	at              TEXT NOT NULL
);
CREATE INDEX verification_attempts_conversation ON verification_attempts (conversation_id, at);
CREATE INDEX verification_attempts_order ON verification_attempts (order_key, at);

CREATE TABLE handoffs (
	id              INTEGER PRIMARY KEY,
	conversation_id TEXT NOT NULL,
	ticket_id       INTEGER REFERENCES tickets (id),   -- NULL if none
	state           TEXT NOT NULL,
	agent_id        TEXT NOT NULL DEFAULT '',
	agent_name      TEXT NOT NULL DEFAULT '',
	desk_ref        TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	taken_at        TEXT,
	resolved_at     TEXT
);
-- At most one hand-off per conversation is open at a time.
CREATE UNIQUE INDEX handoffs_open_conversation ON handoffs (conversation_id) WHERE state <> 'resolved';
CREATE INDEX handoffs_open_created ON handoffs (created_at) WHERE state <> 'resolved';
CREATE INDEX handoffs_desk_ref ON handoffs (desk_ref);

-- Deliveries already handled (Telegram update_id, Slack event_id, Discord
-- message ID), so that a redelivery is processed once, even after a restart.
CREATE TABLE processed (
	source TEXT NOT NULL,
	key    TEXT NOT NULL,
	at     TEXT NOT NULL,
	PRIMARY KEY (source, key)
);
CREATE INDEX processed_at ON processed (at);
