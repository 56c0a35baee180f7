-- An order number given as its digits alone ("100401" for "OP-100401"):
-- the digits of the normalised number, after its leading letters, found
-- from an index that also holds the owner, so an identity check reads it
-- as cheaply whether it exists or not.
CREATE INDEX orders_digits_customer ON orders (ltrim(number_key, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), customer_id);
