package io.duckdock.app.bench;

/**
 * Sizes of a benchmark run.
 *
 * @param events events per writer thread, and events of the ingest batch
 * @param storedEvents events already in the table for the large-table ingest comparison
 * @param queryEvents events of the warehouse and lake the query benchmark reads
 * @param backlogBytes bytes of staged Parquet the backlog benchmark drains
 */
public record BenchSizes(long events, long storedEvents, long queryEvents, long backlogBytes) {}
