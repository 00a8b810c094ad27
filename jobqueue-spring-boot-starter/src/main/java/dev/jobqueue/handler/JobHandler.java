package dev.jobqueue.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method as the handler of a job type. The method takes the payload (the
 * job's properties, converted by Jackson to the parameter's type), a {@link JobContext}, both
 * (payload first), or nothing. Returning normally completes the job; throwing fails it and
 * retries it per the type's retry policy, unless the exception is non-retryable.
 *
 * <pre>{@code
 * @JobHandler(id = 1, name = "order-confirmation")
 * void send(OrderConfirmation payload, JobContext context) { ... }
 * }</pre>
 *
 * <p>A Kotlin {@code suspend} function can be a handler too, with the module
 * {@code jobqueue-kotlin} on the class path (see docs/kotlin.md).
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobHandler {

    /** The job type: the stable number stored in {@code job_type}, 0..255. */
    int id();

    /** Name for logs, metrics and {@code jobqueue.types.<name>.*} settings. */
    String name();

    /** Exceptions (and their subclasses) that fail the job without retry (sub-state 42). */
    Class<? extends Throwable>[] nonRetryable() default {};
}
