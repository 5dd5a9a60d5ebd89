-- DuckDock warehouse schema, version 1. Every statement is idempotent.
-- All timestamps are UTC.

-- One row per stored event. sequence is per conversation, gap-free from 1;
-- event_offset is global and strictly increasing in ingestion order. The constraints are the
-- event contract: a batch whose rows break them fails as a whole, and the ingester then finds
-- and rejects the files responsible.
CREATE TABLE IF NOT EXISTS events (
    event_id        UUID      NOT NULL,
    -- "not empty after trim()": a value starting with a visible ASCII character passes without the
    -- trim (which copies every value and cost ~10% of a large batch's load); trim() still judges
    -- the rest (it strips spaces and Unicode spaces, not tabs or newlines).
    conversation_id VARCHAR   NOT NULL CHECK (CASE WHEN ascii(conversation_id) BETWEEN 33 AND 126 THEN true
                                                  ELSE trim(conversation_id) <> '' END),
    experiment_id   VARCHAR,
    event_type      VARCHAR   NOT NULL CHECK (CASE WHEN ascii(event_type) BETWEEN 33 AND 126 THEN true
                                                  ELSE trim(event_type) <> '' END),
    "timestamp"     TIMESTAMP NOT NULL,
    event_data      JSON,
    sequence        BIGINT    NOT NULL,
    event_offset    BIGINT    NOT NULL,
    batch_id        BIGINT    NOT NULL,
    source_file     VARCHAR   NOT NULL,
    ingested_at     TIMESTAMP NOT NULL
);

-- Last sequence handed out per conversation: the numbering state, so that a batch never
-- has to scan events to continue a conversation. One row per conversation, kept so by its only
-- writers (a batch adds its conversations' new rows and deletes the ones they replace). No
-- PRIMARY KEY: its index made a batch of 200,000 new conversations pay ~0.2 s to insert and
-- ~0.1 s to commit; Warehouse drops the key of a warehouse created with it.
CREATE TABLE IF NOT EXISTS conversation_heads (
    conversation_id VARCHAR NOT NULL,
    last_sequence   BIGINT  NOT NULL,
    last_batch_id   BIGINT  NOT NULL
);

-- One row per ingest batch (one transaction).
CREATE TABLE IF NOT EXISTS ingest_batches (
    batch_id            BIGINT PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP NOT NULL,
    duration_ms         BIGINT    NOT NULL,
    files_ingested      INTEGER   NOT NULL,
    files_rejected      INTEGER   NOT NULL,
    files_duplicate     INTEGER   NOT NULL,
    events_ingested     BIGINT    NOT NULL,
    events_deduplicated BIGINT    NOT NULL,
    bytes_ingested      BIGINT    NOT NULL,
    first_offset        BIGINT,
    last_offset         BIGINT,
    outcome             VARCHAR   NOT NULL
);

-- The ledger: one row per staged file seen, so nothing is ingested twice.
CREATE TABLE IF NOT EXISTS ingest_files (
    file_name    VARCHAR   NOT NULL,
    staged_path  VARCHAR   NOT NULL,
    size_bytes   BIGINT    NOT NULL,
    modified_at  TIMESTAMP NOT NULL,
    fingerprint  VARCHAR   NOT NULL,
    row_count    BIGINT,
    batch_id     BIGINT    NOT NULL,
    status       VARCHAR   NOT NULL CHECK (status IN ('ingested', 'rejected', 'duplicate')),
    reason       VARCHAR,
    recorded_at  TIMESTAMP NOT NULL
);


-- The lake ledger: which batches are published as Parquet under <lake>/events/. A batch is
-- published once all its files are in place; a crash before that row commits is repaired on the
-- next run by publishing the batch again under the same deterministic names.
CREATE TABLE IF NOT EXISTS lake_batches (
    batch_id     BIGINT    PRIMARY KEY,
    files        INTEGER   NOT NULL,
    row_count    BIGINT    NOT NULL,
    published_at TIMESTAMP NOT NULL
);

-- Every visible lake file, path relative to the lake directory (events/event_date=.../name).
-- Compaction replaces rows here in the same transaction that finishes its renames.
CREATE TABLE IF NOT EXISTS lake_files (
    path         VARCHAR   PRIMARY KEY,
    event_date   DATE      NOT NULL,
    row_count    BIGINT    NOT NULL,
    size_bytes   BIGINT    NOT NULL,
    min_batch_id BIGINT    NOT NULL,
    max_batch_id BIGINT    NOT NULL,
    written_at   TIMESTAMP NOT NULL
);

-- A compaction in flight: recorded before the first rename, deleted after the last, so a
-- compaction interrupted by a crash is finished (or undone) by the next one.
CREATE TABLE IF NOT EXISTS lake_compactions (
    event_date  DATE      PRIMARY KEY,
    merged_path VARCHAR   NOT NULL,
    replaced    VARCHAR[] NOT NULL,
    started_at  TIMESTAMP NOT NULL
);

-- Hot/cold retention (warehouse.hot-days): events before purged_before were deleted from
-- events once their batches were in the lake; the all_events view reads them from there.
CREATE TABLE IF NOT EXISTS lake_retention (
    id            INTEGER   PRIMARY KEY CHECK (id = 1),
    purged_before TIMESTAMP NOT NULL,
    purged_at     TIMESTAMP NOT NULL
)
