-- The read models. Their schema also holds the query side's tracking tokens (db/axon), so
-- that a batch of view writes and its token advance commit in one transaction. Only types
-- that PostgreSQL and the embedded H2 database share: names are bounded varchar (the API
-- allows 200 characters), order lines are JSON text.

CREATE TABLE customer_view (
    customer_id     varchar(64)    NOT NULL,
    name            varchar(200)   NOT NULL,
    credit_limit    numeric(19, 2) NOT NULL,
    credit_reserved numeric(19, 2) NOT NULL,
    CONSTRAINT customer_view_pkey PRIMARY KEY (customer_id)
);
CREATE INDEX customer_view_name_idx ON customer_view (name, customer_id);

CREATE TABLE product_view (
    product_id      varchar(64)    NOT NULL,
    name            varchar(200)   NOT NULL,
    price           numeric(19, 2) NOT NULL,
    stock_available integer        NOT NULL,
    stock_reserved  integer        NOT NULL,
    CONSTRAINT product_view_pkey PRIMARY KEY (product_id)
);
CREATE INDEX product_view_name_idx ON product_view (name, product_id);

CREATE TABLE order_view (
    order_id         varchar(64)              NOT NULL,
    customer_id      varchar(64)              NOT NULL,
    lines            varchar(65535)           NOT NULL,
    total            numeric(19, 2)           NOT NULL,
    status           varchar(16)              NOT NULL,
    rejection_reason varchar(32),
    placed_at        timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL,
    CONSTRAINT order_view_pkey PRIMARY KEY (order_id)
);
-- Lists are newest first, optionally for one customer or one status.
CREATE INDEX order_view_placed_idx ON order_view (placed_at DESC, order_id DESC);
CREATE INDEX order_view_customer_idx ON order_view (customer_id, placed_at DESC, order_id DESC);
CREATE INDEX order_view_status_idx ON order_view (status, placed_at DESC, order_id DESC);
