package dev.jobqueue.worker;

import dev.jobqueue.domain.InvalidJobInputException;
import java.time.Duration;

/**
 * How the workers of a node record failures and announce themselves.
 *
 * @param node this node
 * @param stackTraceLimit most characters of a stored stack trace (0..1,000,000); 0 stores none
 * @param nodeTimeout how long a node stays listed without a heartbeat; it renews its row every
 *     third of it
 * @since 0.2.0
 */
public record FaultSettings(LocalNode node, int stackTraceLimit, Duration nodeTimeout) {

    /** The most characters of a stored stack trace: a MEDIUMTEXT holds 4 million 4-byte characters. */
    public static final int MAX_STACK_TRACE_LIMIT = 1_000_000;

    public FaultSettings {
        if (stackTraceLimit < 0 || stackTraceLimit > MAX_STACK_TRACE_LIMIT) {
            throw InvalidJobInputException.outOfRange("stackTraceLimit", 0, MAX_STACK_TRACE_LIMIT, stackTraceLimit);
        }
        if (nodeTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidJobInputException("nodeTimeout", "nodeTimeout must be at least 1s but was " + nodeTimeout);
        }
    }

    /** This JVM, 8,000 characters of stack trace, listed for 30 seconds without a heartbeat. */
    public static FaultSettings defaults() {
        return new FaultSettings(LocalNode.current(), 8_000, Duration.ofSeconds(30));
    }
}
