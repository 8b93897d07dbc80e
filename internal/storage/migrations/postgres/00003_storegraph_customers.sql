-- +goose Up
-- Customer sessions (the session cookie), shared by every storegraph process
-- on the database. id_hash is the SHA-256 of the session id the cookie
-- carries, so the table alone does not let anyone log in.
CREATE TABLE IF NOT EXISTS storegraph_session (
    id_hash text PRIMARY KEY,
    customer_id text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS storegraph_session_customer ON storegraph_session (customer_id);
CREATE INDEX IF NOT EXISTS storegraph_session_expires ON storegraph_session (expires_at);

-- The event outbox: events are written in the transaction of the change
-- that caused them; seq orders them.
CREATE TABLE IF NOT EXISTS storegraph_event (
    seq bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    name text NOT NULL,
    resource_id text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS storegraph_event_created ON storegraph_event (created_at);

-- The webhook endpoints new events are delivered to (STOREGRAPH_WEBHOOK_URLS
-- of the most recently started process).
CREATE TABLE IF NOT EXISTS storegraph_webhook (
    url text PRIMARY KEY,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);

-- One row per event and endpoint; delivered_at IS NULL while pending.
CREATE TABLE IF NOT EXISTS storegraph_event_delivery (
    url text NOT NULL,
    event_seq bigint NOT NULL REFERENCES storegraph_event (seq) ON DELETE CASCADE,
    resource_id text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamp with time zone NOT NULL,
    lease_until timestamp with time zone,
    lease_token text,
    last_error text,
    delivered_at timestamp with time zone,
    PRIMARY KEY (url, event_seq)
);
CREATE INDEX IF NOT EXISTS storegraph_event_delivery_pending
    ON storegraph_event_delivery (url, resource_id, event_seq) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS storegraph_event_delivery_seq ON storegraph_event_delivery (event_seq);

-- +goose Down
SELECT 1;
