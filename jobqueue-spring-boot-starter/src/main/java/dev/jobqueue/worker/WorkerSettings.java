package dev.jobqueue.worker;

import java.time.Duration;

/**
 * How the workers of a node poll, recover and stop.
 *
 * @param pollInterval first pause of an idle poller
 * @param maxPollInterval longest pause of an idle poller (the back-off doubles up to it)
 * @param recoveryInterval how often expired leases are recovered
 * @param shutdownTimeout how long a shutdown waits for running handlers
 * @param virtualThreads whether handlers run on virtual threads when the JVM has them
 * @since 0.1.0
 */
public record WorkerSettings(
        Duration pollInterval,
        Duration maxPollInterval,
        Duration recoveryInterval,
        Duration shutdownTimeout,
        boolean virtualThreads) {}
