package dev.jobqueue.persistence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed job runs again.
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * The time of the next run.
     *
     * @param failedAttempt the attempt that failed, from 1
     * @param failedAt when it failed
     */
    Instant nextRunAt(int failedAttempt, Instant failedAt);

    /** The seed's policy: always the same delay. */
    static RetryPolicy fixedDelay(Duration delay) {
        requireNotNegative("delay", delay);
        return (attempt, failedAt) -> failedAt.plus(delay);
    }

    /**
     * Exponential backoff with full jitter: the n-th retry waits a random time between 0 and
     * {@code min(cap, initial * multiplier^(n-1))}, so that jobs failing together do not
     * retry together. Without jitter it waits the full computed time.
     */
    static RetryPolicy exponential(Duration initial, double multiplier, Duration cap, boolean jitter) {
        requireNotNegative("initial", initial);
        requireNotNegative("cap", cap);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1.0 but was " + multiplier);
        }
        return (attempt, failedAt) -> {
            double exponent = Math.max(0, attempt - 1);
            double millis = Math.min(cap.toMillis(), initial.toMillis() * Math.pow(multiplier, exponent));
            long delay = jitter ? (long) (ThreadLocalRandom.current().nextDouble() * millis) : (long) millis;
            return failedAt.plusMillis(delay);
        };
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
    }
}
