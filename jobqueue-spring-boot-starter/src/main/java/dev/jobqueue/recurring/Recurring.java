package dev.jobqueue.recurring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link dev.jobqueue.handler.JobHandler} method's job type on a schedule: a cron
 * expression (Spring's six fields, second first) read in {@link #zone()}, or a fixed
 * {@link #interval()}. Exactly one job per fire time, however many nodes run the application.
 * YAML ({@code jobqueue.recurring.<name>.*}) overrides a schedule of the same name.
 *
 * <pre>{@code
 * @JobHandler(id = 7, name = "report")
 * @Recurring(cron = "0 0 6 * * MON-FRI", zone = "Europe/Berlin")
 * void send() { ... }
 * }</pre>
 *
 * @since 0.2.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Recurring {

    /** Name of the schedule, unique in the queue; empty for the handler's name. */
    String name() default "";

    /** A Spring cron expression; empty when {@link #interval()} is given. */
    String cron() default "";

    /** Time zone of the cron expression. */
    String zone() default "UTC";

    /** Time between fire times ({@code 30s}, {@code 5m}, {@code PT1H}); empty when {@link #cron()} is given. */
    String interval() default "";

    /** Tenant of the jobs, 0..255. */
    int tenant() default 0;

    /** Payload of every job: a JSON object, or empty for none. */
    String payload() default "";

    /** What happens to fire times missed while no node ran. */
    MissedRuns missed() default MissedRuns.ONCE;

    /** Most missed fire times run under {@link MissedRuns#EACH}, 1..1000. */
    int missedLimit() default 10;
}
