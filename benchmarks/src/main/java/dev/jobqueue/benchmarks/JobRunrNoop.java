package dev.jobqueue.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/** The no-op job JobRunr runs: public and static, so that JobRunr can call it from the job's stored lambda. */
public final class JobRunrNoop {

    private static final AtomicLong RUNS = new AtomicLong();

    private JobRunrNoop() {}

    /**
     * Counts one run.
     *
     * @param scheduledMicros when the job was scheduled, in microseconds since the epoch
     */
    public static void run(long scheduledMicros) {
        RUNS.incrementAndGet();
    }

    static long runs() {
        return RUNS.get();
    }
}
