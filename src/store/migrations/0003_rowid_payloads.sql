-- Flowscope flow store, schema 3: bodies and WebSocket messages in rowid tables. Column
-- meanings: docs/store-schema.md. Applied in one transaction by schema.cpp, which then
-- sets PRAGMA user_version = 3.
--
-- Why: schema 1 and 2 kept them WITHOUT ROWID, where the whole row is the b-tree key. To
-- place a new row SQLite compares it with rows on its search path, and a row that spills
-- to overflow pages is read back in full for each comparison: inserting one 10 MiB body
-- read up to ~20 MiB of neighbouring bodies (28% of the proxy's CPU with 10 MiB
-- responses). In a rowid table new rows append at the end of the table b-tree and the
-- unique index holds only the small key, so an insert costs its own bytes.
--
-- Copying is proportional to the bytes captured so far (once, on the first open by this
-- version); the rows keep their order, so both copies are sequential.

CREATE TABLE bodies_rowid (
    flow_id INTEGER NOT NULL,
    part    INTEGER NOT NULL CHECK (part IN (0, 1)),
    data    BLOB    NOT NULL
);
INSERT INTO bodies_rowid (flow_id, part, data) SELECT flow_id, part, data FROM bodies ORDER BY flow_id, part;
DROP TABLE bodies;
ALTER TABLE bodies_rowid RENAME TO bodies;
CREATE UNIQUE INDEX bodies_flow_part ON bodies (flow_id, part);

CREATE TABLE websocket_messages_rowid (
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
    error           TEXT    NOT NULL DEFAULT ''
);
INSERT INTO websocket_messages_rowid
    SELECT flow_id, seq, direction, time_us, opcode, length, wire_length, frame_count, payload, truncated,
           compressed, payload_dropped, close_code, close_reason, error
    FROM websocket_messages ORDER BY flow_id, seq;
DROP TABLE websocket_messages;
ALTER TABLE websocket_messages_rowid RENAME TO websocket_messages;
CREATE UNIQUE INDEX websocket_messages_flow_seq ON websocket_messages (flow_id, seq);
