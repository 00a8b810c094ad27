package dev.jobqueue.benchmarks;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/** What one timed run did: how many jobs, how long, and the statements the server saw meanwhile. */
record Measurement(
        long jobs, double seconds, ServerCounters.Delta statements, double jvmCpuSeconds, double databaseCpuSeconds) {

    double perSecond() {
        return jobs / seconds;
    }

    /** CPU milliseconds per 1,000 jobs in this JVM and in the database server. */
    String cpuPerThousandJobs() {
        return String.format(
                java.util.Locale.ROOT,
                "CPU per 1,000 jobs: JVM %.0f ms, database %.0f ms",
                jvmCpuSeconds * 1e6 / jobs,
                databaseCpuSeconds * 1e6 / jobs);
    }

    /** Something to run while the server's counters and the clock are read around it. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** The run with the median rate: a noisy machine's single slow or fast run does not decide. */
    static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Measurement::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** The rates of the runs in the order they ran, for the report. */
    static String rates(List<Measurement> runs) {
        return runs.stream().map(m -> Report.number(m.perSecond())).collect(Collectors.joining(", ")) + " jobs/s";
    }

    static Measurement of(BenchDatabase db, long jobs, Work work) throws Exception {
        ServerCounters before = db.counters();
        double jvm = CpuClock.jvmSeconds();
        double database = CpuClock.databaseSeconds(db);
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement(
                jobs,
                seconds,
                db.counters().since(before),
                CpuClock.jvmSeconds() - jvm,
                CpuClock.databaseSeconds(db) - database);
    }

    /** Waits until {@code value} reaches {@code target}, polling every millisecond. */
    static void await(String what, LongSupplier value, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what + ": "
                        + value.getAsLong() + " of " + target);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until no job of the no-op type is processing any more: every claimed job is recorded. */
    static void awaitRecorded(BenchDatabase db, Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (db.processing(NoopHandler.TYPE_ID, StarterNode.TENANT) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for completions");
            }
            Thread.sleep(2);
        }
    }
}
