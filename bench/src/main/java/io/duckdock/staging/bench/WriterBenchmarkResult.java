package io.duckdock.staging.bench;

/**
 * Median throughput of one {@link WriterBenchmark} run, in events per second over all threads.
 *
 * @param eventsPerThread events each thread wrote per measured run
 * @param rawOneThread plain AvroParquetWriter, one thread
 * @param rawTwoThreads plain AvroParquetWriter, two threads with a writer each
 * @param stagingOneThread StagingWriter, one thread
 * @param stagingTwoThreads StagingWriter shared by two threads
 * @param rawFresh plain AvroParquetWriter, one thread, building a fresh event (new id) for every write
 * @param stagingFresh StagingWriter, one thread, building a fresh event for every write
 */
public record WriterBenchmarkResult(
        long eventsPerThread,
        double rawOneThread,
        double rawTwoThreads,
        double stagingOneThread,
        double stagingTwoThreads,
        double rawFresh,
        double stagingFresh) {

    /** StagingWriter / raw with one thread; 1.0 means no overhead. */
    public double ratioOneThread() {
        return stagingOneThread / rawOneThread;
    }

    /** StagingWriter / raw with one thread and a fresh event per write (the writer holds what it sorts). */
    public double ratioFresh() {
        return stagingFresh / rawFresh;
    }

    /** StagingWriter / raw with two threads. */
    public double ratioTwoThreads() {
        return stagingTwoThreads / rawTwoThreads;
    }
}
