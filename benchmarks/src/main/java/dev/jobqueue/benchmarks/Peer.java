package dev.jobqueue.benchmarks;

/**
 * Another job queue measured beside jobqueue in the same run, on the same server, with the
 * same no-op jobs and the same number of workers, at its own defaults except for what points
 * it at the database and sets the worker count.
 */
interface Peer extends AutoCloseable {

    /** The name in the report, with the version. */
    String name();

    /** The settings that differ from the peer's own defaults, for the report. */
    String settings();

    /** Empties the peer's tables; its workers are not running. */
    void clear() throws Exception;

    /** Enqueues {@code jobs} due no-op jobs, 500 per call of its batch API. */
    void enqueue(int jobs) throws Exception;

    /** Starts its workers: from here on it runs what is due. */
    void startWorkers() throws Exception;

    /** Stops its workers once what they run has finished. */
    void stopWorkers() throws Exception;

    /** No-op jobs its workers have run so far. */
    long runs();

    /** Jobs in its tables that are not recorded as finished. */
    long unfinished() throws Exception;

    @Override
    void close() throws Exception;
}
