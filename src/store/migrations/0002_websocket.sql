-- Flowscope flow store, schema 2: WebSocket messages. Column meanings: docs/store-schema.md.
-- Applied in one transaction by schema.cpp, which then sets PRAGMA user_version = 2.

-- Per-flow message counts and close status. ADD COLUMN with a constant default rewrites
-- nothing: old rows read the default (SQLite keeps it in the schema), so migrating a
-- large store is instant.
ALTER TABLE flows ADD COLUMN ws_messages_from_client INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN ws_messages_from_server INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN ws_messages_dropped     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN ws_payloads_dropped     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN ws_close_code           INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN ws_close_reason         TEXT    NOT NULL DEFAULT '';
ALTER TABLE flows ADD COLUMN ws_closed_by            TEXT    NOT NULL DEFAULT ''
    CHECK (ws_closed_by IN ('', 'client', 'server'));
ALTER TABLE flows ADD COLUMN ws_protocol_error       TEXT    NOT NULL DEFAULT '';

-- One row per message, written while the connection is open. WITHOUT ROWID: the rows are
-- read by (flow_id, seq) ranges only, and most messages are small enough to sit inline in
-- the 32 KiB pages. No foreign key, as for `bodies`: messages of a flow are appended in
-- batches before and after its row is (re)written.
CREATE TABLE websocket_messages (
    flow_id         INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    direction       INTEGER NOT NULL CHECK (direction IN (0, 1)),
    time_us         INTEGER NOT NULL,
    opcode          INTEGER NOT NULL,
    length          INTEGER NOT NULL,
    wire_length     INTEGER NOT NULL,
    frame_count     INTEGER NOT NULL DEFAULT 1,
    payload         BLOB    NOT NULL,
    truncated       INTEGER NOT NULL DEFAULT 0,
    compressed      INTEGER NOT NULL DEFAULT 0,
    payload_dropped INTEGER NOT NULL DEFAULT 0,
    close_code      INTEGER NOT NULL DEFAULT 0,
    close_reason    TEXT    NOT NULL DEFAULT '',
    error           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (flow_id, seq)
) WITHOUT ROWID;
