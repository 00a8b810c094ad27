package dev.jobqueue.recurring.internal;

import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.persistence.internal.ScheduleRow;
import dev.jobqueue.recurring.RecurringJob;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the declared schedules (YAML and {@code @Recurring}) of the table in line with this
 * node's declarations, at startup: new ones are created, changed ones updated (their next fire
 * time recomputed only when their timing changed), and declared ones no longer declared are
 * deleted. Safe when many nodes start at once: each row is changed under its lock.
 */
public final class DeclaredSchedules {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeclaredSchedules.class);

    /** A declared schedule; a disabled one is kept, paused. */
    public record Declared(RecurringJob job, boolean enabled) {}

    private final RecurringStore store;
    private final Clock clock;

    public DeclaredSchedules(RecurringStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void sync(List<Declared> declared) {
        for (Declared schedule : declared) {
            int state = schedule.enabled() ? ScheduleRows.ACTIVE : ScheduleRows.PAUSED;
            Optional<ScheduleRow> before = store.find(schedule.job().name());
            Optional<ScheduleRow> after = store.change(
                    schedule.job().name(),
                    current -> Optional.of(ScheduleRows.replacing(
                            current, schedule.job(), ScheduleRows.DECLARED, state, clock.instant(), store)));
            if (!before.equals(after)) {
                LOGGER.info(
                        "Recurring job {} {} ({}), next at {}",
                        schedule.job().name(),
                        before.isEmpty() ? "created" : "updated",
                        schedule.enabled() ? "active" : "paused",
                        after.map(ScheduleRow::nextFireAt).orElse(null));
            }
        }
        int removed = store.removeDeclaredExcept(
                declared.stream().map(schedule -> schedule.job().name()).toList());
        if (removed > 0) {
            LOGGER.info(
                    "Deleted {} recurring job(s) no longer declared in YAML or with @Recurring; jobs of fire times"
                            + " already run are left alone",
                    removed);
        }
    }
}
