-- The account area, continued (issue 14): delivery addresses and newsletter
-- consent, an order's shipping address, and cases the shop or an agent
-- follows up (status and outcome).

ALTER TABLE customers ADD COLUMN newsletter INTEGER NOT NULL DEFAULT 0;

-- A customer's delivery addresses, in the shop's order; one is the default.
CREATE TABLE customer_addresses (
	id          INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customers (id),
	position    INTEGER NOT NULL,
	label       TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	line1       TEXT NOT NULL,
	line2       TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL,
	city        TEXT NOT NULL,
	country     TEXT NOT NULL,
	is_default  INTEGER NOT NULL DEFAULT 0,
	UNIQUE (customer_id, position)
);
CREATE INDEX customer_addresses_customer ON customer_addresses (customer_id);

-- Where an order goes; empty line1 means the shop gave no address.
ALTER TABLE orders ADD COLUMN ship_name TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_line1 TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_line2 TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_city TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN ship_country TEXT NOT NULL DEFAULT '';

-- How a case ended or stands, in a few words the customer is told.
ALTER TABLE tickets ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
