package dev.jobqueue.recurring.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.persistence.internal.RecurringStore;
import dev.jobqueue.persistence.internal.ScheduleRow;
import dev.jobqueue.recurring.MissedRuns;
import dev.jobqueue.scheduling.internal.ScheduleObservations;
import dev.jobqueue.worker.LocalWakeups;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Turns due fire times into jobs, on every node: each poll reads the active schedules with the
 * earliest fire times and fires the due ones through {@link RecurringStore#fire}, which writes
 * each fire time's job once however many nodes fire it. Declared schedules are synced before the
 * first poll.
 *
 * <p>Between polls the poller sleeps until the earliest fire time it read, at least the poll
 * interval and at most {@value #IDLE_POLLS} poll intervals, so an idle node reads the schedules
 * about once per ten intervals rather than once per interval. A schedule created or moved
 * earlier meanwhile (by any node) is seen at the next poll: within ten intervals.
 */
public final class RecurringPoller implements SmartLifecycle {

    private static final Logger LOGGER = LoggerFactory.getLogger(RecurringPoller.class);
    private static final int BATCH = 100;
    /** The longest sleep between two polls, in poll intervals. */
    static final int IDLE_POLLS = 10;

    private final RecurringStore store;
    private final Clock clock;
    private final Duration interval;
    private final Function<JobType, @Nullable Integer> executions;
    private final LocalWakeups wakeups;
    private final Runnable beforeFirstPoll;
    private final ScheduleObservations observations;
    private @Nullable ScheduledExecutorService executor;
    private volatile Duration nextPollIn;

    public RecurringPoller(
            RecurringStore store,
            Clock clock,
            Duration interval,
            Function<JobType, @Nullable Integer> executions,
            LocalWakeups wakeups,
            Runnable beforeFirstPoll) {
        this(store, clock, interval, executions, wakeups, beforeFirstPoll, ScheduleObservations.NONE);
    }

    /**
     * A poller that observes each firing as the scheduling of its jobs: with a tracer, each
     * firing's span is the root of a trace its jobs' runs continue.
     */
    public RecurringPoller(
            RecurringStore store,
            Clock clock,
            Duration interval,
            Function<JobType, @Nullable Integer> executions,
            LocalWakeups wakeups,
            Runnable beforeFirstPoll,
            ScheduleObservations observations) {
        this.observations = observations;
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.nextPollIn = interval;
        this.executions = executions;
        this.wakeups = wakeups;
        this.beforeFirstPoll = beforeFirstPoll;
    }

    /**
     * Fires every due schedule once.
     *
     * @return how many jobs this node wrote
     */
    public int poll() {
        Instant now = clock.instant();
        int written = 0;
        List<ScheduleRow> earliest = store.earliest(BATCH);
        @Nullable Instant nextFire = null;
        for (ScheduleRow row : earliest) {
            Instant fireAt = Objects.requireNonNull(row.nextFireAt(), "an active schedule has a next_fire_at");
            if (fireAt.isAfter(now)) {
                nextFire = fireAt;
                break;
            }
            try {
                written += fire(row, now);
            } catch (RuntimeException e) {
                // One schedule that cannot fire (its row changed meanwhile, a lost connection) must not stop the
                // others.
                LOGGER.warn(
                        "Recurring job {} (tenant {}, type {}) could not fire ({}); the next poll tries again",
                        row.name(),
                        row.tenant().value(),
                        row.type().id(),
                        e.toString());
            }
        }
        nextPollIn = sleepUntil(now, nextFire, earliest.size() == BATCH);
        return written;
    }

    /** How long to sleep after a poll at {@code now} that saw {@code nextFire} next (null: none). */
    private Duration sleepUntil(Instant now, @Nullable Instant nextFire, boolean mayHaveMoreDue) {
        Duration longest = interval.multipliedBy(IDLE_POLLS);
        if (nextFire == null) {
            return mayHaveMoreDue ? interval : longest;
        }
        Duration until = Duration.between(now, nextFire);
        if (until.compareTo(interval) < 0) {
            return interval;
        }
        return until.compareTo(longest) > 0 ? longest : until;
    }

    /** The sleep the last poll chose: until the earliest fire time it saw, within one to ten poll intervals. */
    public Duration nextPollIn() {
        return nextPollIn;
    }

    private int fire(ScheduleRow row, Instant now) {
        Instant next = Objects.requireNonNull(row.nextFireAt(), "a due schedule has a next_fire_at");
        FireTimes.Plan plan =
                ScheduleRows.fireTimes(row).plan(next, now, MissedRuns.fromCode(row.missed()), row.missedLimit());
        NewJob template = NewJob.of(row.type()).tenant(row.tenant());
        if (row.properties() != null) {
            template = template.properties(row.properties());
        }
        Integer typeExecutions = executions.apply(row.type());
        if (typeExecutions != null) {
            template = template.executions(typeExecutions);
        }
        NewJob job = template;
        // No request scheduled these jobs: the firing's span (with a tracer) is the root of their trace.
        List<JobId> ids = observations.observe(
                Collections.nCopies(plan.run().size(), job),
                traceContext -> store.fire(row, plan.run(), plan.next(), job, traceContext),
                written -> written);
        if (!ids.isEmpty()) {
            LOGGER.debug(
                    "Recurring job {} (tenant {}, type {}) fired {}: jobs {}; next at {}",
                    row.name(),
                    row.tenant().value(),
                    row.type().id(),
                    plan.run(),
                    ids,
                    plan.next());
            wakeups.wake(row.tenant(), row.type());
        }
        return ids.size();
    }

    private void pollAndSleep() {
        Duration sleep = interval;
        try {
            poll();
            sleep = nextPollIn;
        } catch (RuntimeException e) {
            LOGGER.warn("Polling the recurring schedules failed ({}); trying again in {}", e.toString(), interval);
        }
        schedule(sleep);
    }

    private synchronized void schedule(Duration sleep) {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            running.schedule(this::pollAndSleep, sleep.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void start() {
        beforeFirstPoll.run();
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jobqueue-recurring");
            thread.setDaemon(true);
            return thread;
        });
        executor.schedule(this::pollAndSleep, 0, TimeUnit.MILLISECONDS);
        LOGGER.info(
                "Recurring schedules are polled at their fire times, at most once per {} and at least once per {}",
                interval,
                interval.multipliedBy(IDLE_POLLS));
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
