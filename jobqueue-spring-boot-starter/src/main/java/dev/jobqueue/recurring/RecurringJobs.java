package dev.jobqueue.recurring;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.persistence.internal.ScheduleRow;
import dev.jobqueue.recurring.internal.ScheduleRows;
import dev.jobqueue.scheduling.JobScheduler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Recurring jobs at run time: create, update, pause, resume, delete and trigger schedules, and
 * read them. Every node sees the same schedules (they live in {@code X_schedules}) and runs each
 * fire time once. A schedule declared in YAML or with {@link Recurring} can be changed here too,
 * until the next start syncs it back to its declaration.
 *
 * <pre>{@code
 * recurringJobs.create(RecurringJob.every("cache-refresh", REFRESH, Duration.ofMinutes(10)));
 * recurringJobs.pause("cache-refresh");
 * }</pre>
 *
 * @since 0.2.0
 */
public final class RecurringJobs {

    private final RecurringStore store;
    private final JobScheduler scheduler;
    private final Clock clock;
    private final String table;

    /** For the starter's auto-configuration; applications inject the bean. */
    public RecurringJobs(RecurringStore store, JobScheduler scheduler, Clock clock, String table) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        this.table = table;
    }

    /**
     * Creates a schedule; its first fire time is the first after now.
     *
     * @throws InvalidJobInputException when a schedule of that name exists; nothing is changed then
     */
    public RecurringSchedule create(RecurringJob job) {
        boolean[] existed = {false};
        Optional<ScheduleRow> row = store.change(job.name(), current -> {
            existed[0] = current.isPresent();
            return current.isPresent()
                    ? current
                    : Optional.of(ScheduleRows.replacing(
                            current, job, ScheduleRows.FROM_API, ScheduleRows.ACTIVE, clock.instant(), store));
        });
        if (existed[0]) {
            throw new InvalidJobInputException(
                    "name",
                    "name must be unused but a recurring job named '" + job.name()
                            + "' exists already; update it instead");
        }
        return ScheduleRows.toSchedule(row.orElseThrow());
    }

    /**
     * Replaces a schedule's definition. Its next fire time stays unless the cron expression,
     * interval or zone changed; then it is the first after now.
     *
     * @throws RecurringJobNotFoundException when there is no such schedule
     */
    public RecurringSchedule update(RecurringJob job) {
        return changeExisting(
                job.name(),
                current -> ScheduleRows.replacing(
                        Optional.of(current), job, current.origin(), current.state(), clock.instant(), store));
    }

    /** Stops running fire times until {@link #resume(String)}. */
    public RecurringSchedule pause(String name) {
        return changeExisting(name, current -> current.withState(ScheduleRows.PAUSED, current.nextFireAt()));
    }

    /** Runs fire times again, from the first after now: those that passed while paused do not run. */
    public RecurringSchedule resume(String name) {
        return changeExisting(
                name,
                current -> current.state() == ScheduleRows.ACTIVE
                        ? current
                        : current.withState(
                                ScheduleRows.ACTIVE,
                                ScheduleRows.fireTimes(current).after(clock.instant())));
    }

    /**
     * Deletes a schedule. Jobs of fire times already run are left alone; no further ones are written.
     *
     * @return whether there was such a schedule
     */
    public boolean delete(String name) {
        boolean[] existed = {false};
        store.change(name, current -> {
            existed[0] = current.isPresent();
            return Optional.empty();
        });
        return existed[0];
    }

    /**
     * Schedules one job of the schedule now, besides its fire times (paused or not).
     *
     * @throws RecurringJobNotFoundException when there is no such schedule
     */
    public JobId triggerNow(String name) {
        ScheduleRow row = store.find(name).orElseThrow(() -> new RecurringJobNotFoundException(name, table));
        NewJob job = NewJob.of(row.type()).tenant(row.tenant());
        return scheduler.schedule(row.properties() == null ? job : job.properties(row.properties()));
    }

    public Optional<RecurringSchedule> find(String name) {
        return store.find(name).map(ScheduleRows::toSchedule);
    }

    /** Every schedule, by name. */
    public List<RecurringSchedule> all() {
        return store.all().stream().map(ScheduleRows::toSchedule).toList();
    }

    private RecurringSchedule changeExisting(String name, java.util.function.UnaryOperator<ScheduleRow> change) {
        return store.change(name, current -> current.map(change))
                .map(ScheduleRows::toSchedule)
                .orElseThrow(() -> new RecurringJobNotFoundException(name, table));
    }
}
