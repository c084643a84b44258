-- Flowscope flow store, schema 1. Column meanings: docs/store-schema.md.
-- Applied in one transaction by schema.cpp, which then sets PRAGMA user_version = 1.

-- "FLWS": tells our files apart from other SQLite files that happen to use user_version.
PRAGMA application_id = 1179408211;

CREATE TABLE flows (
    id                      INTEGER PRIMARY KEY,
    kind                    TEXT    NOT NULL CHECK (kind IN ('http', 'tunnel', 'websocket')),
    started_at_us           INTEGER NOT NULL,
    ended_at_us             INTEGER NOT NULL,
    dns_us                  INTEGER NOT NULL DEFAULT -1,
    connect_us              INTEGER NOT NULL DEFAULT -1,
    tls_us                  INTEGER NOT NULL DEFAULT -1,
    send_us                 INTEGER NOT NULL DEFAULT -1,
    wait_us                 INTEGER NOT NULL DEFAULT -1,
    receive_us              INTEGER NOT NULL DEFAULT -1,
    client_address          TEXT    NOT NULL DEFAULT '',
    scheme                  TEXT    NOT NULL DEFAULT '',
    method                  TEXT    NOT NULL DEFAULT '',
    url                     TEXT    NOT NULL DEFAULT '',
    host                    TEXT    NOT NULL DEFAULT '',
    port                    INTEGER NOT NULL DEFAULT 0,
    path                    TEXT    NOT NULL DEFAULT '',
    http_version            TEXT    NOT NULL DEFAULT '',
    status                  INTEGER NOT NULL DEFAULT 0,
    reason                  TEXT    NOT NULL DEFAULT '',
    request_headers         TEXT    NOT NULL DEFAULT '[]',
    response_headers        TEXT    NOT NULL DEFAULT '[]',
    request_body_size       INTEGER NOT NULL DEFAULT 0,
    request_body_truncated  INTEGER NOT NULL DEFAULT 0,
    response_body_size      INTEGER NOT NULL DEFAULT 0,
    response_body_truncated INTEGER NOT NULL DEFAULT 0,
    request_content_type    TEXT    NOT NULL DEFAULT '',
    response_content_type   TEXT    NOT NULL DEFAULT '',
    tls_sni                 TEXT    NOT NULL DEFAULT '',
    tls_client_alpn         TEXT    NOT NULL DEFAULT '',
    tls_client_version      TEXT    NOT NULL DEFAULT '',
    tls_upstream_version    TEXT    NOT NULL DEFAULT '',
    tls_upstream_cipher     TEXT    NOT NULL DEFAULT '',
    upstream_cert_subject   TEXT    NOT NULL DEFAULT '',
    upstream_cert_issuer    TEXT    NOT NULL DEFAULT '',
    bytes_from_client       INTEGER NOT NULL DEFAULT 0,
    bytes_to_client         INTEGER NOT NULL DEFAULT 0,
    error_kind              TEXT    NOT NULL DEFAULT '',
    error_message           TEXT    NOT NULL DEFAULT ''
);

-- Captured bodies (part 0 = request, 1 = response), only when non-empty. Kept out of
-- `flows` so list queries and the row b-tree stay small.
CREATE TABLE bodies (
    flow_id INTEGER NOT NULL,
    part    INTEGER NOT NULL CHECK (part IN (0, 1)),
    data    BLOB    NOT NULL,
    PRIMARY KEY (flow_id, part)
) WITHOUT ROWID;

-- Indexes for the common sort keys; SQLite appends the rowid (id) to each, so
-- "ORDER BY key, id LIMIT n OFFSET m" walks the index without sorting. Duration and
-- response size have none on purpose: two more indexes cost the writer ~20% of its rate
-- (measured), and those sorts are rare enough to pay for a scan.
CREATE INDEX flows_started_at ON flows (started_at_us);
CREATE INDEX flows_host ON flows (host);
CREATE INDEX flows_status ON flows (status);
