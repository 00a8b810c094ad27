package dev.jobqueue.worker;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.persistence.internal.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the workers of one job type run.
 *
 * @param concurrency handlers of this type running at once on this node
 * @param batchSize most jobs claimed in one round trip, or {@link #ADAPTIVE_BATCH_SIZE} to size
 *     each claim from the handler time and the claim's own duration, up to {@code maxBatchSize}
 *     (since 0.2.0)
 * @param lease how long a claim holds before it counts as abandoned
 * @param retryPolicy when a failed job runs again
 * @param nonRetryable exceptions that fail the job without retry
 * @param timeout how long a handler may run before it is interrupted and its job fails as timed
 *     out (sub-state 41, retried per policy); null for no limit (since 0.2.0)
 * @param maxCrashes how many times a job may lose its lease while running (its worker died)
 *     before it is no longer retried although executions remain, 1..255; 0 for no limit (since 0.2.0)
 * @param cancelGrace how long the handler of a cancelled job may run on before its thread is
 *     interrupted (since 0.2.0)
 * @param maxBatchSize most jobs an adaptive claim takes in one round trip; ignored when
 *     {@code batchSize} is fixed (since 0.2.0)
 * @since 0.1.0
 */
public record TypeSettings(
        int concurrency,
        int batchSize,
        Duration lease,
        RetryPolicy retryPolicy,
        List<Class<? extends Throwable>> nonRetryable,
        @Nullable Duration timeout,
        int maxCrashes,
        Duration cancelGrace,
        int maxBatchSize) {

    /** The {@code batchSize} that sizes each claim from what the handlers run before the next one. */
    public static final int ADAPTIVE_BATCH_SIZE = 0;

    /** The default of {@link #maxBatchSize()}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 256;

    /** Crashes after which a job is not retried when its type sets none. */
    public static final int DEFAULT_MAX_CRASHES = 5;

    /** The default of {@link #cancelGrace()}. */
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(10);

    /**
     * The shortest heartbeat interval: running handlers renew their leases every third of the
     * lease, but never more often than this.
     */
    static final Duration HEARTBEAT_FLOOR = Duration.ofMillis(100);

    /**
     * The shortest lease allowed, ten heartbeat floors: a shorter lease is renewed every 100 ms
     * or less, and one heartbeat delayed by a pause of the JVM or a lock wait lets lease recovery
     * take a job whose handler is still running, which then runs twice.
     */
    public static final Duration MINIMUM_LEASE = HEARTBEAT_FLOOR.multipliedBy(10);

    public TypeSettings {
        if (batchSize < 0) {
            throw new InvalidJobInputException(
                    "batchSize", "batchSize must be positive, or 0 for adaptive claims, but was " + batchSize);
        }
        if (maxBatchSize < 1) {
            throw new InvalidJobInputException("maxBatchSize", "maxBatchSize must be positive but was " + maxBatchSize);
        }
        if (lease.compareTo(MINIMUM_LEASE) < 0) {
            throw new InvalidJobInputException("lease", leaseTooShort("lease", lease));
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidJobInputException("timeout", "timeout must be positive but was " + timeout);
        }
        if (maxCrashes < 0 || maxCrashes > 255) {
            throw InvalidJobInputException.outOfRange("maxCrashes", 0, 255, maxCrashes);
        }
        if (cancelGrace == null || cancelGrace.isNegative()) {
            throw new InvalidJobInputException(
                    "cancelGrace", "cancelGrace must not be negative but was " + cancelGrace);
        }
    }

    /** Settings without a timeout, with the default crash limit and cancel grace. */
    public TypeSettings(
            int concurrency,
            int batchSize,
            Duration lease,
            RetryPolicy retryPolicy,
            List<Class<? extends Throwable>> nonRetryable) {
        this(
                concurrency,
                batchSize,
                lease,
                retryPolicy,
                nonRetryable,
                null,
                DEFAULT_MAX_CRASHES,
                DEFAULT_CANCEL_GRACE,
                DEFAULT_MAX_BATCH_SIZE);
    }

    /** Settings with the default cancel grace. */
    public TypeSettings(
            int concurrency,
            int batchSize,
            Duration lease,
            RetryPolicy retryPolicy,
            List<Class<? extends Throwable>> nonRetryable,
            @Nullable Duration timeout,
            int maxCrashes) {
        this(
                concurrency,
                batchSize,
                lease,
                retryPolicy,
                nonRetryable,
                timeout,
                maxCrashes,
                DEFAULT_CANCEL_GRACE,
                DEFAULT_MAX_BATCH_SIZE);
    }

    /** Settings with the default {@link #maxBatchSize()} (since 0.2.0). */
    public TypeSettings(
            int concurrency,
            int batchSize,
            Duration lease,
            RetryPolicy retryPolicy,
            List<Class<? extends Throwable>> nonRetryable,
            @Nullable Duration timeout,
            int maxCrashes,
            Duration cancelGrace) {
        this(
                concurrency,
                batchSize,
                lease,
                retryPolicy,
                nonRetryable,
                timeout,
                maxCrashes,
                cancelGrace,
                DEFAULT_MAX_BATCH_SIZE);
    }

    /**
     * Why a lease shorter than {@link #MINIMUM_LEASE} is refused, for the property or field
     * named {@code property}.
     */
    public static String leaseTooShort(String property, Duration lease) {
        return property + " must be at least " + MINIMUM_LEASE + " but was " + lease + ": running handlers renew"
                + " their lease every third of it and at most every " + HEARTBEAT_FLOOR.toMillis() + " ms, so a"
                + " shorter lease lets lease recovery take jobs that are still running";
    }

    /** How large claims of this type are: fixed at {@code batchSize}, or adaptive up to {@code maxBatchSize}. */
    ClaimSizing claimSizing() {
        return batchSize == ADAPTIVE_BATCH_SIZE
                ? ClaimSizing.adaptive(concurrency, maxBatchSize)
                : ClaimSizing.fixed(concurrency, batchSize);
    }

    /** How often the leases of running jobs of this type are renewed. */
    Duration heartbeatInterval() {
        Duration third = lease.dividedBy(3);
        return third.compareTo(HEARTBEAT_FLOOR) < 0 ? HEARTBEAT_FLOOR : third;
    }

    /** Whether {@code failure} is one of the non-retryable types or a subclass of one. */
    boolean isNonRetryable(Throwable failure) {
        return nonRetryable.stream().anyMatch(type -> type.isInstance(failure));
    }
}
