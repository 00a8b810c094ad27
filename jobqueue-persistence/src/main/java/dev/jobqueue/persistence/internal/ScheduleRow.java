package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of the recurring schedules table ({@code X_schedules}). The starter's
 * {@code RecurringJobs} is the API over it; the codes are its enums' codes.
 *
 * @param cron a Spring cron expression, or null for an interval schedule
 * @param interval the time between fire times, or null for a cron schedule
 * @param zone the time zone the cron expression is read in
 * @param properties the payload of every job, a JSON object, or null
 * @param missed what happens to fire times missed while no node ran: 1 skip, 2 once, 3 each
 * @param missedLimit most missed fire times run under "each", 1..1000
 * @param origin 1 created through the API, 2 declared (YAML or annotation) and synced at startup
 * @param state 1 active, 2 paused
 * @param nextFireAt the first fire time not yet run
 * @param lastFireAt the latest fire time run
 * @param version incremented by every change, the guard of every update
 * @since 0.2.0
 */
public record ScheduleRow(
        String name,
        Tenant tenant,
        JobType type,
        @Nullable String cron,
        @Nullable Duration interval,
        String zone,
        @Nullable String properties,
        int missed,
        int missedLimit,
        int origin,
        int state,
        @Nullable Instant nextFireAt,
        @Nullable Instant lastFireAt,
        long version) {

    /** Whether the timing (cron, interval, zone) or the job (tenant, type, payload, missed policy) differs. */
    public boolean definitionDiffers(ScheduleRow other) {
        return timingDiffers(other)
                || !tenant.equals(other.tenant)
                || !type.equals(other.type)
                || !java.util.Objects.equals(properties, other.properties)
                || missed != other.missed
                || missedLimit != other.missedLimit;
    }

    /** Whether the fire times of {@code other} differ: its cron, interval or zone. */
    public boolean timingDiffers(ScheduleRow other) {
        return !java.util.Objects.equals(cron, other.cron)
                || !java.util.Objects.equals(interval, other.interval)
                || !zone.equals(other.zone);
    }

    /** This row with another state and next fire time. */
    public ScheduleRow withState(int state, @Nullable Instant nextFireAt) {
        return new ScheduleRow(
                name,
                tenant,
                type,
                cron,
                interval,
                zone,
                properties,
                missed,
                missedLimit,
                origin,
                state,
                nextFireAt,
                lastFireAt,
                version);
    }

    /** This row as read at {@code version}, the guard of its update. */
    public ScheduleRow withVersion(long version) {
        return new ScheduleRow(
                name,
                tenant,
                type,
                cron,
                interval,
                zone,
                properties,
                missed,
                missedLimit,
                origin,
                state,
                nextFireAt,
                lastFireAt,
                version);
    }
}
