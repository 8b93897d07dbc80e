-- +goose Up
-- Customer sessions (the session cookie), shared by every storegraph process
-- on the database. id_hash is the SHA-256 of the session id the cookie
-- carries, so the table alone does not let anyone log in.
CREATE TABLE IF NOT EXISTS storegraph_session (
    id_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS storegraph_session_customer ON storegraph_session (customer_id);
CREATE INDEX IF NOT EXISTS storegraph_session_expires ON storegraph_session (expires_at);

-- The event outbox: events are written in the transaction of the change
-- that caused them; seq orders them.
CREATE TABLE IF NOT EXISTS storegraph_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS storegraph_event_created ON storegraph_event (created_at);

-- The webhook endpoints new events are delivered to (STOREGRAPH_WEBHOOK_URLS
-- of the most recently started process).
CREATE TABLE IF NOT EXISTS storegraph_webhook (
    url TEXT PRIMARY KEY,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per event and endpoint; delivered_at IS NULL while pending.
CREATE TABLE IF NOT EXISTS storegraph_event_delivery (
    url TEXT NOT NULL,
    event_seq INTEGER NOT NULL REFERENCES storegraph_event (seq) ON DELETE CASCADE,
    resource_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    lease_token TEXT,
    last_error TEXT,
    delivered_at TIMESTAMP,
    PRIMARY KEY (url, event_seq)
);
CREATE INDEX IF NOT EXISTS storegraph_event_delivery_pending
    ON storegraph_event_delivery (url, resource_id, event_seq) WHERE delivered_at IS NULL;
CREATE INDEX IF NOT EXISTS storegraph_event_delivery_seq ON storegraph_event_delivery (event_seq);

-- +goose Down
SELECT 1;
