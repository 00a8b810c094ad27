package dev.jobqueue.recurring.internal;

import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.persistence.internal.ScheduleRow;
import dev.jobqueue.recurring.MissedRuns;
import dev.jobqueue.recurring.RecurringJob;
import dev.jobqueue.recurring.RecurringSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Turns recurring jobs into schedule rows and back, and decides the next fire time of a change. */
public final class ScheduleRows {

    public static final int ACTIVE = 1;
    public static final int PAUSED = 2;
    public static final int FROM_API = 1;
    public static final int DECLARED = 2;

    private ScheduleRows() {}

    /**
     * The row of {@code job} replacing {@code current}: the next fire time stays unless the timing
     * changed or the schedule becomes active, then it is the first fire time after {@code now}.
     */
    public static ScheduleRow replacing(
            Optional<ScheduleRow> current, RecurringJob job, int origin, int state, Instant now, RecurringStore store) {
        ScheduleRow fresh = new ScheduleRow(
                job.name(),
                job.tenant(),
                job.type(),
                job.cron(),
                job.interval(),
                job.zone().getId(),
                store.properties(job.payload()),
                job.missed().code(),
                job.missedLimit(),
                origin,
                state,
                null,
                current.map(ScheduleRow::lastFireAt).orElse(null),
                0);
        boolean keepNext = current.isPresent()
                && current.get().nextFireAt() != null
                && !current.get().timingDiffers(fresh)
                && (current.get().state() == ACTIVE || state != ACTIVE);
        Instant next = keepNext ? current.get().nextFireAt() : fireTimes(fresh).after(now);
        return new ScheduleRow(
                fresh.name(),
                fresh.tenant(),
                fresh.type(),
                fresh.cron(),
                fresh.interval(),
                fresh.zone(),
                fresh.properties(),
                fresh.missed(),
                fresh.missedLimit(),
                origin,
                state,
                next,
                fresh.lastFireAt(),
                current.map(ScheduleRow::version).orElse(1L));
    }

    public static FireTimes fireTimes(ScheduleRow row) {
        return FireTimes.of(row.cron(), row.interval(), ZoneId.of(row.zone()));
    }

    public static RecurringSchedule toSchedule(ScheduleRow row) {
        RecurringJob job = new RecurringJob(
                row.name(),
                row.type(),
                row.tenant(),
                row.cron(),
                row.interval(),
                ZoneId.of(row.zone()),
                row.properties(),
                MissedRuns.fromCode(row.missed()),
                row.missedLimit());
        return new RecurringSchedule(
                job, row.state() == PAUSED, row.origin() == DECLARED, row.nextFireAt(), row.lastFireAt());
    }
}
