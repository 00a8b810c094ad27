package dev.jobqueue.benchmarks;

import java.util.Arrays;

/** Latency samples in microseconds, recorded from many threads; percentiles by sorting. */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    synchronized void record(long micros) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = micros;
    }

    synchronized int count() {
        return count;
    }

    /** The p-th percentile (0..100) in milliseconds, nearest rank; NaN without samples. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1000.0;
    }

    double p50() {
        return percentileMillis(50);
    }

    double p99() {
        return percentileMillis(99);
    }

    double max() {
        return percentileMillis(100);
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
