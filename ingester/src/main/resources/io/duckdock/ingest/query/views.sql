-- DuckDock analytic views. They read a relation named events with the columns of the
-- warehouse's events table, so the same file works over the database and over the lake:
--   CREATE VIEW events AS SELECT * EXCLUDE (event_date)
--     FROM read_parquet('<home>/lake/events/**/*.parquet', hive_partitioning = true);
-- then run this file. Every statement is idempotent (CREATE OR REPLACE).

-- conversation_state: one row per conversation.
--   experiment_id   experiment named by its last event that names one
--   first_event_at, last_event_at, event_count, last_sequence, last_event_type
--   status          failed    if any event_type contains 'failed' or 'error' (case-insensitive),
--                   completed otherwise if any event_type contains 'completed',
--                   started   otherwise
CREATE OR REPLACE VIEW conversation_state AS
SELECT conversation_id,
       arg_max(experiment_id, sequence) FILTER (WHERE experiment_id IS NOT NULL) AS experiment_id,
       min("timestamp") AS first_event_at,
       max("timestamp") AS last_event_at,
       count(*) AS event_count,
       max(sequence) AS last_sequence,
       arg_max(event_type, sequence) AS last_event_type,
       CASE
           WHEN bool_or(lower(event_type) LIKE '%failed%' OR lower(event_type) LIKE '%error%') THEN 'failed'
           WHEN bool_or(lower(event_type) LIKE '%completed%') THEN 'completed'
           ELSE 'started'
       END AS status
FROM events
GROUP BY conversation_id;

-- experiment_summary: one row per experiment (experiment_id NULL gathers conversations naming none).
--   conversations, completed_conversations, failed_conversations, events,
--   first_event_at, last_event_at, span (last_event_at - first_event_at, an INTERVAL)
CREATE OR REPLACE VIEW experiment_summary AS
SELECT experiment_id,
       count(*) AS conversations,
       count(*) FILTER (WHERE status = 'completed') AS completed_conversations,
       count(*) FILTER (WHERE status = 'failed') AS failed_conversations,
       sum(event_count)::BIGINT AS events,
       min(first_event_at) AS first_event_at,
       max(last_event_at) AS last_event_at,
       max(last_event_at) - min(first_event_at) AS span
FROM conversation_state
GROUP BY experiment_id;

-- event_timeline: every event with, per conversation in sequence order,
--   gap_seconds          seconds since the previous event (NULL for the first)
--   rolling_events       events in the window of the last 5 (this one and up to 4 before)
--   rolling_avg_gap_seconds  average gap_seconds over that window (NULL gaps ignored)
CREATE OR REPLACE VIEW event_timeline AS
SELECT *,
       count(*) OVER last_five AS rolling_events,
       avg(gap_seconds) OVER last_five AS rolling_avg_gap_seconds
FROM (
    SELECT conversation_id, sequence, experiment_id, event_type, "timestamp", event_offset, event_id,
           epoch("timestamp" - lag("timestamp") OVER (PARTITION BY conversation_id ORDER BY sequence))
               AS gap_seconds
    FROM events
) t
WINDOW last_five AS (PARTITION BY conversation_id ORDER BY sequence ROWS BETWEEN 4 PRECEDING AND CURRENT ROW);
