package dev.jobqueue.recurring;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored schedule as every node sees it.
 *
 * @param job the definition; its payload is the stored JSON text
 * @param paused whether fire times are not run
 * @param declared whether it comes from YAML or an annotation (synced at every start) rather than the API
 * @param nextFireAt the first fire time not yet run
 * @param lastFireAt the latest fire time run, or null
 * @since 0.2.0
 */
public record RecurringSchedule(
        RecurringJob job,
        boolean paused,
        boolean declared,
        @Nullable Instant nextFireAt,
        @Nullable Instant lastFireAt) {}
