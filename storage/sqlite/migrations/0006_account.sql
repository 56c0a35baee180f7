-- The customer's account area (issue 14): invoices, returns followed by
-- the shop, refunds and vouchers.

-- An order's invoice; an empty number means none issued yet.
ALTER TABLE orders ADD COLUMN invoice_number TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN invoice_date TEXT;
ALTER TABLE orders ADD COLUMN invoice_url TEXT NOT NULL DEFAULT '';

-- A return as the shop moves it along: when the parcel arrived, and why it
-- was refused.
ALTER TABLE returns ADD COLUMN received_at TEXT;
ALTER TABLE returns ADD COLUMN rejection_reason TEXT NOT NULL DEFAULT '';

-- Money sent back, for a return or for a cancelled order (return_id NULL).
-- Re-importing a refund finds it by (order, return, time).
CREATE TABLE refunds (
	id           INTEGER PRIMARY KEY,
	order_id     INTEGER NOT NULL REFERENCES orders (id),
	return_id    INTEGER REFERENCES returns (id),
	return_key   INTEGER NOT NULL DEFAULT 0,            -- return_id, 0 if none: NULLs are never equal in UNIQUE
	amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
	currency     TEXT NOT NULL,
	method       TEXT NOT NULL,
	refunded_at  TEXT NOT NULL,
	UNIQUE (order_id, return_key, refunded_at)
);
CREATE INDEX refunds_return ON refunds (return_id);

-- Discount codes held by a customer. Exactly one of amount_cents and
-- percent is above zero.
CREATE TABLE vouchers (
	id                  INTEGER PRIMARY KEY,
	customer_id         INTEGER NOT NULL REFERENCES customers (id),
	code                TEXT NOT NULL UNIQUE,            -- upper-case
	amount_cents        INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
	percent             INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
	currency            TEXT NOT NULL,
	minimum_order_cents INTEGER NOT NULL DEFAULT 0 CHECK (minimum_order_cents >= 0),
	valid_from          TEXT,
	valid_until         TEXT,
	used                INTEGER NOT NULL DEFAULT 0,
	origin              TEXT NOT NULL,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX vouchers_customer ON vouchers (customer_id);
