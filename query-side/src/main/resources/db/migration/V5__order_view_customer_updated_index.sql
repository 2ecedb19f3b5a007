-- A customer's order stream (GET /api/orders/updates) resumes with the orders changed since
-- a time: without this index every order of the customer is read to find them.
CREATE INDEX order_view_customer_updated_idx ON order_view (customer_id, updated_at, order_id);
