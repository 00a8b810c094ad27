package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Completes the scheduled siblings of successful jobs (sub-state 31), within the scope their
 * job type opted into. Nothing is read or written for a type whose scope is
 * {@link CorrelationScope#NONE} or for blank correlation ids, so the completion path of a
 * queue that does not use correlation costs no statement. The siblings are read first (a
 * plain read: no lock is held while claimers pass), then completed by key with the guard that
 * they are still scheduled, so the log can say which jobs finished without running; a sibling
 * claimed in between is skipped by the guard.
 */
final class CorrelatedCompletion {

    private static final Logger LOGGER = LoggerFactory.getLogger(CorrelatedCompletion.class);

    /** Most sibling ids one log line names. */
    static final int LOGGED_IDS = 20;

    private static final String FIND_SIBLINGS = """
            SELECT id, part
            FROM %s
            WHERE correlation_id IN (%%s)
              AND tenant = ?
              AND state = %d
              AND sub_state IN (%s)%%s
            ORDER BY id
            """;
    private static final String COMPLETE = """
            UPDATE %s
            SET state = ?, sub_state = ?, version = version + 1
            WHERE state = %d
              AND sub_state IN (%s)
              AND %%s
            """;

    private final JdbcTemplate jdbc;
    private final Function<JobType, CorrelationScope> scopes;
    private final String findSiblings;
    /** One guarded UPDATE per outcome: a sub-state may override where its parent's completion leads. */
    private final List<Completion> completions = new ArrayList<>();

    CorrelatedCompletion(
            JdbcTemplate jdbc, TableName table, JobLifecycle lifecycle, Function<JobType, CorrelationScope> scopes) {
        this.jdbc = jdbc;
        this.scopes = scopes;
        String sources = Sql.codes(lifecycle.sourcesOf(JobEvent.COMPLETE_BY_CORRELATION).stream()
                .map(SubState::code)
                .toList());
        this.findSiblings = FIND_SIBLINGS.formatted(table.jobs(), JobState.SCHEDULED.code(), sources);
        Map<Transition, List<Integer>> sourcesByOutcome = new LinkedHashMap<>();
        for (SubState source : lifecycle.sourcesOf(JobEvent.COMPLETE_BY_CORRELATION)) {
            Transition outcome =
                    lifecycle.transition(JobState.SCHEDULED.code(), source.code(), JobEvent.COMPLETE_BY_CORRELATION, 1);
            sourcesByOutcome
                    .computeIfAbsent(withoutSource(outcome), key -> new ArrayList<>())
                    .add(source.code());
        }
        sourcesByOutcome.forEach((outcome, codes) -> completions.add(new Completion(
                outcome, COMPLETE.formatted(table.jobs(), JobState.SCHEDULED.code(), Sql.codes(codes)))));
    }

    /** The outcome keyed by what it writes, whichever sub-state it leaves. */
    private static Transition withoutSource(Transition outcome) {
        return new Transition(
                SubState.SCHEDULED, outcome.event(), true, outcome.to(), outcome.pendingDelta(), outcome.effects());
    }

    private record Completion(Transition outcome, String sql) {}

    /** The scope the type opted into; {@link CorrelationScope#NONE} unless configured. */
    CorrelationScope scopeOf(JobType type) {
        CorrelationScope scope = scopes.apply(type);
        return scope == null ? CorrelationScope.NONE : scope;
    }

    /**
     * Completes the scheduled jobs of {@code tenant} that share one of {@code correlationIds}
     * with succeeded jobs of {@code type}, within the type's scope; returns how many.
     */
    int completeSiblings(Tenant tenant, JobType type, Collection<String> correlationIds) {
        CorrelationScope scope = scopeOf(type);
        Set<String> ids = new LinkedHashSet<>();
        correlationIds.forEach(id -> {
            String correlationId = CorrelationIds.orNull(id);
            if (correlationId != null) {
                ids.add(correlationId);
            }
        });
        if (scope == CorrelationScope.NONE || ids.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(ids);
        args.add(tenant.value());
        String sameType = "";
        if (scope == CorrelationScope.TYPE) {
            sameType = "\n  AND job_type = ?";
            args.add(type.id());
        }
        List<Object> keys = new ArrayList<>();
        List<String> siblings = new ArrayList<>();
        jdbc.query(
                findSiblings.formatted(Sql.repeat("?", ids.size()), sameType),
                rs -> {
                    siblings.add(rs.getString("id"));
                    keys.add(rs.getString("id"));
                    keys.add(Sql.utc(Sql.instant(rs, "part")));
                },
                args.toArray());
        if (siblings.isEmpty()) {
            return 0;
        }
        int completed = 0;
        for (Completion completion : completions) {
            List<Object> update = new ArrayList<>(2 + keys.size());
            update.add(completion.outcome().toState().code());
            update.add(completion.outcome().to().code());
            update.addAll(keys);
            completed +=
                    jdbc.update(completion.sql().formatted(Sql.keyIn("id, part", siblings.size())), update.toArray());
        }
        if (completed == 0) {
            return 0;
        }
        LOGGER.info(
                "Completed {} of {} scheduled jobs of tenant {} without running them (sub-state 31): they share"
                        + " correlation ids {} with jobs of type {} that succeeded (scope {}); jobs {}{}",
                completed,
                siblings.size(),
                tenant,
                ids,
                type,
                scope.name().toLowerCase(Locale.ROOT),
                siblings.subList(0, Math.min(LOGGED_IDS, siblings.size())),
                siblings.size() > LOGGED_IDS ? " and " + (siblings.size() - LOGGED_IDS) + " more" : "");
        return completed;
    }
}
