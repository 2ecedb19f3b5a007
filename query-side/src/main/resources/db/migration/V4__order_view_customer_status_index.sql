-- A customer's orders of one status, newest first, by cursor: without this index the
-- customer's index is scanned and every order of another status skipped, which on a
-- customer with many orders and few of that status reads them all. Syntax that
-- PostgreSQL and the embedded H2 database share.
CREATE INDEX order_view_customer_status_idx ON order_view (customer_id, status, placed_at DESC, order_id DESC);
