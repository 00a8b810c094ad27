package dev.jobqueue.worker;

/**
 * How large the claims of one job type may be on this node, and how many of its claimed jobs may
 * wait in the buffer for a handler thread: the sizing policy of a {@link JobLedger}, which adds
 * the free handler threads and keeps the room.
 *
 * <p>A <em>fixed</em> policy ({@code jobqueue.types.<name>.batch-size} set) claims up to the
 * batch size at a time and buffers what the handlers run in the buffer time, at most two
 * batches: the behaviour before adaptive claims.
 *
 * <p>An <em>adaptive</em> policy (the default) buffers what the handlers complete while
 * {@link #ROUND_TRIPS} claims are on the way, estimated from the average handler time and the
 * average duration of a claim: no-op jobs fill claims up to the maximum batch size (hundreds of
 * jobs a round trip, the drain of a plain JDBC loop), while jobs that run much longer than a
 * claim are claimed only for free handler threads, so the rest stays available to other nodes.
 * The buffer never exceeds what the handlers run in a tenth of the buffer time either, so a type
 * without buffer time (under flow limits) still claims only for free handlers, and a job of one
 * tenant waits behind another tenant's buffered backlog for at most a tenth of a poll interval.
 */
final class ClaimSizing {

    /** Claims whose duration the adaptive buffer covers: the one in flight and the next. */
    static final double ROUND_TRIPS = 2.0;

    /**
     * The share of the buffer time an adaptively buffered job waits at most: the pollers of a
     * type's tenants share its room, so a newly due job of one tenant waits behind another
     * tenant's backlog for no longer than this share of a poll interval.
     */
    static final int BUFFER_TIME_SHARE = 10;

    private final int concurrency;
    private final int batchSize;
    private final boolean adaptive;

    private ClaimSizing(int concurrency, int batchSize, boolean adaptive) {
        if (concurrency < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "concurrency and batch size must be positive but were " + concurrency + " and " + batchSize);
        }
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.adaptive = adaptive;
    }

    /** Claims of up to {@code batchSize} jobs, a buffer of what the handlers run in the buffer time. */
    static ClaimSizing fixed(int concurrency, int batchSize) {
        return new ClaimSizing(concurrency, batchSize, false);
    }

    /** Claims of up to {@code maxBatchSize} jobs, a buffer of what the handlers run during claims. */
    static ClaimSizing adaptive(int concurrency, int maxBatchSize) {
        return new ClaimSizing(concurrency, maxBatchSize, true);
    }

    boolean isAdaptive() {
        return adaptive;
    }

    /** Most jobs one claim takes. */
    int batchSize() {
        return batchSize;
    }

    /**
     * Jobs that may wait for a handler thread, at most two batches.
     *
     * @param averageRunNanos average handler time; NaN until a handler has finished (no buffer)
     * @param averageClaimNanos average duration of a claim; NaN until one has been measured
     * @param bufferNanos how long buffered jobs may wait for a handler, in total
     */
    int buffer(double averageRunNanos, double averageClaimNanos, long bufferNanos) {
        if (Double.isNaN(averageRunNanos)) {
            return 0;
        }
        double run = Math.max(averageRunNanos, 1.0);
        double waiting = bufferNanos;
        if (adaptive) {
            double claim = Double.isNaN(averageClaimNanos) ? 0.0 : averageClaimNanos;
            waiting = Math.min(waiting / BUFFER_TIME_SHARE, ROUND_TRIPS * claim);
        }
        double jobs = concurrency * (waiting / run);
        return (int) Math.min(2.0 * batchSize, Math.floor(jobs));
    }

    @Override
    public String toString() {
        return adaptive ? "adaptive up to " + batchSize : Integer.toString(batchSize);
    }
}
