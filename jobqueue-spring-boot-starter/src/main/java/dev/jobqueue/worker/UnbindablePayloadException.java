package dev.jobqueue.worker;

/**
 * A job's payload that cannot be bound to its handler's parameter: malformed for the type, of
 * the wrong shape, or missing where the handler needs one. The handler is not called and the
 * job fails at once without retry (sub-state 42): every retry would fail the same way.
 */
final class UnbindablePayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnbindablePayloadException(String message) {
        super(message);
    }
}
