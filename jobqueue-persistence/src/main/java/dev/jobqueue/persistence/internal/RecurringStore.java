package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recurring schedules of one queue ({@code X_schedules}) and the jobs their fire times
 * become. Every operation runs in a short READ COMMITTED transaction of its own.
 *
 * <p>Exactly one job per fire time, with no lock and no leader: the id of an occurrence's job is
 * derived from the schedule's name and the fire time ({@link JobId#forOccurrence}), so a second
 * insert of the same occurrence collides on the primary key and is ignored. The schedule row
 * advances with a guarded update in the same transaction as the inserts, so a node that read a
 * stale row writes nothing, and a fire time is never left behind: the row advances only together
 * with its jobs. Issue #16.
 *
 * @since 0.2.0
 */
public final class RecurringStore {

    private static final Logger LOGGER = LoggerFactory.getLogger(RecurringStore.class);

    private final JobQueueSettings settings;
    private final TransactionTemplate transactions;
    private final LockRetry retry;
    private final ScheduleTable schedules;
    private final JobInserter inserter;
    private final TraceContexts traceContexts;
    private final Payloads payloads;
    private final SessionZone zone;

    /** A store whose transactions run on {@code dataSource} (the queue's own pool, if it has one). */
    public RecurringStore(DataSource dataSource, JobQueueSettings settings, JsonMapper json) {
        this.settings = settings;
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setExceptionTranslator(new SQLErrorCodeSQLExceptionTranslator(dataSource));
        TableName table = settings.table();
        this.retry = new LockRetry(settings.lockRetries());
        this.schedules = new ScheduleTable(jdbc, table);
        this.inserter = new JobInserter(jdbc, table);
        this.traceContexts = new TraceContexts(jdbc, table);
        this.payloads = new Payloads(json);
        this.zone = new SessionZone(jdbc);
    }

    /**
     * The payload as the JSON object text stored for the schedule's jobs.
     *
     * @throws dev.jobqueue.domain.InvalidJobInputException when it is not a JSON object or too large
     */
    public @Nullable String properties(@Nullable Object payload) {
        return payloads.toProperties(payload);
    }

    public Optional<ScheduleRow> find(String name) {
        return schedules.find(name, false);
    }

    /** Every schedule, by name. */
    public List<ScheduleRow> all() {
        return schedules.all();
    }

    /**
     * The active schedules with the earliest next fire times, earliest first, due or not: one
     * read gives a poller what is due and when to look again.
     */
    public List<ScheduleRow> earliest(int limit) {
        return schedules.earliest(limit);
    }

    /**
     * Locks the schedule's row (or its absence), asks {@code change} for its replacement, and
     * writes it: inserted, updated (when it differs), or deleted (when {@code change} returns
     * empty). Two nodes that create the same schedule at once take turns.
     *
     * @return the row as written, or empty when there is none now
     */
    public Optional<ScheduleRow> change(String name, Function<Optional<ScheduleRow>, Optional<ScheduleRow>> change) {
        try {
            return changeOnce(name, change);
        } catch (DuplicateKeyException e) {
            // Another node inserted the row between our read and our insert: now it is there to lock.
            return changeOnce(name, change);
        }
    }

    private Optional<ScheduleRow> changeOnce(
            String name, Function<Optional<ScheduleRow>, Optional<ScheduleRow>> change) {
        return inTransaction(() -> {
            Optional<ScheduleRow> current = schedules.find(name, true);
            Optional<ScheduleRow> next = change.apply(current);
            if (next.isEmpty()) {
                current.ifPresent(row -> schedules.delete(row.name()));
            } else if (current.isEmpty()) {
                schedules.insert(next.get());
            } else if (!next.get().equals(current.get())) {
                schedules.update(next.get().withVersion(current.get().version()));
            }
            return schedules.find(name, false);
        });
    }

    /** Deletes the declared schedules (YAML, annotations) not named in {@code keep}. */
    public int removeDeclaredExcept(Collection<String> keep) {
        return inTransaction(() -> schedules.deleteDeclaredExcept(keep));
    }

    /**
     * Runs fire times of a schedule as read ({@code seen}): moves its row to {@code next} and
     * inserts one job per fire time, with ids derived from the name and the fire time, in one
     * transaction. Nothing happens when the row changed since it was read (another node fired
     * it, or it was paused or changed); an occurrence whose job exists already is skipped.
     *
     * @param template the type, tenant, payload and executions of every job
     * @return the ids of the jobs written
     */
    public List<JobId> fire(ScheduleRow seen, List<Instant> fireTimes, Instant next, NewJob template) {
        return fire(seen, fireTimes, next, template, null);
    }

    /**
     * As {@link #fire(ScheduleRow, List, Instant, NewJob)}, and stores {@code traceContext} (the
     * propagated headers of the firing's observation) for each job written, in the same transaction.
     */
    public List<JobId> fire(
            ScheduleRow seen, List<Instant> fireTimes, Instant next, NewJob template, @Nullable String traceContext) {
        int executions = template.executions() == null ? settings.defaultExecutions() : template.executions();
        String properties = payloads.toProperties(template.properties());
        Instant last = fireTimes.isEmpty() ? null : fireTimes.get(fireTimes.size() - 1);
        return inTransaction(() -> {
            if (!schedules.advance(seen.name(), seen.version(), next, last)) {
                return List.of();
            }
            List<JobId> written = new ArrayList<>(fireTimes.size());
            for (Instant fireTime : fireTimes) {
                JobId id = occurrenceId(seen.name(), fireTime);
                JobInserter.Row row =
                        new JobInserter.Row(id, template.runAt(id.part()), executions, properties, RetryGroups.next());
                try {
                    inserter.insert(List.of(row));
                    written.add(id);
                    if (traceContext != null) {
                        traceContexts.insert(List.of(row), traceContext);
                    }
                } catch (DuplicateKeyException e) {
                    LOGGER.debug(
                            "Recurring job {} at {} exists already as job {}; not written again",
                            seen.name(),
                            fireTime,
                            id);
                }
            }
            return written;
        });
    }

    /** The id of the job of a schedule's fire time, the same on every node. */
    public JobId occurrenceId(String name, Instant fireTime) {
        return JobId.forOccurrence("recurring:" + name, zone.storable(fireTime));
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return retry.run("recurring schedules", () -> transactions.execute(status -> work.get()));
    }
}
