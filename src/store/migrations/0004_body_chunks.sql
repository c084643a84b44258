-- Flowscope flow store, schema 4: large captured bodies stored in pieces while they stream.
-- Column meanings: docs/store-schema.md. Applied in one transaction by schema.cpp, which then
-- sets PRAGMA user_version = 4.
--
-- Why: a captured body used to be held whole in memory until its exchange ended (up to
-- max_body_size, 16 MiB by default), then once more in the writer's queue and once more in
-- SQLite's record: a proxy streaming a few large downloads grew by tens of megabytes. The
-- engine now hands the store each full piece of a capture (1 MiB by default) as it
-- arrives; the last piece travels with the flow in `bodies` as before.
--
-- A body is its `body_chunks` rows in `seq` order followed by its `bodies` row. Most flows
-- have no chunk at all, so creating the empty table is the whole migration.
CREATE TABLE body_chunks (
    flow_id INTEGER NOT NULL,
    part    INTEGER NOT NULL CHECK (part IN (0, 1)),
    seq     INTEGER NOT NULL,
    data    BLOB    NOT NULL
);
CREATE UNIQUE INDEX body_chunks_flow_part_seq ON body_chunks (flow_id, part, seq);
