package dev.jobqueue.worker;

import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.persistence.internal.FailureReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * Turns what a handler threw into the reason stored with its failure: class, redacted message,
 * and a redacted stack trace cut to the configured size.
 */
final class FailureReasons {

    private static final String CUT = "\n\t... (cut at %d characters)";

    private final String node;
    private final int stackTraceLimit;

    FailureReasons(String node, int stackTraceLimit) {
        this.node = node;
        this.stackTraceLimit = stackTraceLimit;
    }

    String node() {
        return node;
    }

    FailureReason of(Throwable failure) {
        return new FailureReason(
                JobFailure.Kind.ERROR,
                failure.getClass().getName(),
                Redaction.describe(failure),
                stackTrace(failure),
                node);
    }

    FailureReason timeout(Duration timeout) {
        String message = "the handler ran longer than its timeout of " + timeout + " and was interrupted; what it"
                + " does after that is not recorded";
        return new FailureReason(JobFailure.Kind.TIMEOUT, "timed out after " + timeout, message, "", node);
    }

    private String stackTrace(Throwable failure) {
        if (stackTraceLimit == 0) {
            return "";
        }
        StringWriter text = new StringWriter();
        Redaction.redactedCopy(failure).printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        if (trace.length() <= stackTraceLimit) {
            return trace;
        }
        String cut = CUT.formatted(stackTraceLimit);
        return cut.length() >= stackTraceLimit
                ? trace.substring(0, stackTraceLimit)
                : trace.substring(0, stackTraceLimit - cut.length()) + cut;
    }
}
