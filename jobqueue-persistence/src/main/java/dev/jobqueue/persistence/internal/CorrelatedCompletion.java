package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
 * claimed in between is skipped by the guard. A completion ends the sibling's retry group as a
 * success, so its follow-ups (continuations, its batch's count) are carried out in the same
 * transaction: the read joins the data row's {@code has_follow_ups} flag, and only a followed
 * sibling is completed by an UPDATE of its own, whose count says whether this transaction ended it.
 */
final class CorrelatedCompletion {

    private static final Logger LOGGER = LoggerFactory.getLogger(CorrelatedCompletion.class);

    /** Most sibling ids one log line names. */
    static final int LOGGED_IDS = 20;

    // The data row says whether the sibling is followed: joined here, so that a queue without
    // follow-ups runs no statement more than the find and the update.
    private static final String FIND_SIBLINGS = """
            SELECT j.id, j.part, d.retry_group, d.has_follow_ups
            FROM %s j
            LEFT JOIN %s d ON d.id = j.id AND d.part = j.part
            WHERE j.correlation_id IN (%%s)
              AND j.tenant = ?
              AND j.state = %d
              AND j.sub_state IN (%s)%%s
            ORDER BY j.id
            """;
    private static final String COMPLETE = """
            UPDATE %s
            SET state = ?, sub_state = ?, version = version + 1
            WHERE state = %d
              AND sub_state IN (%s)
              AND %%s
            """;

    private final JdbcTemplate jdbc;
    private final FollowUps followUps;
    private final Clock clock;
    private final Function<JobType, CorrelationScope> scopes;
    private final String findSiblings;
    /** One guarded UPDATE per outcome: a sub-state may override where its parent's completion leads. */
    private final List<Completion> completions = new ArrayList<>();

    CorrelatedCompletion(
            JdbcTemplate jdbc,
            TableName table,
            JobLifecycle lifecycle,
            FollowUps followUps,
            Clock clock,
            Function<JobType, CorrelationScope> scopes) {
        this.jdbc = jdbc;
        this.followUps = followUps;
        this.clock = clock;
        this.scopes = scopes;
        String sources = Sql.codes(lifecycle.sourcesOf(JobEvent.COMPLETE_BY_CORRELATION).stream()
                .map(SubState::code)
                .toList());
        this.findSiblings = FIND_SIBLINGS.formatted(table.jobs(), table.jobsData(), JobState.SCHEDULED.code(), sources);
        Map<Transition, List<Integer>> sourcesByOutcome = new LinkedHashMap<>();
        for (SubState source : lifecycle.sourcesOf(JobEvent.COMPLETE_BY_CORRELATION)) {
            Transition outcome =
                    lifecycle.transition(JobState.SCHEDULED.code(), source.code(), JobEvent.COMPLETE_BY_CORRELATION, 1);
            sourcesByOutcome
                    .computeIfAbsent(withoutSource(outcome), key -> new ArrayList<>())
                    .add(source.code());
        }
        sourcesByOutcome.forEach((outcome, codes) -> completions.add(new Completion(
                outcome,
                COMPLETE.formatted(table.jobs(), JobState.SCHEDULED.code(), Sql.codes(codes)),
                FollowUps.endingOf(outcome, JobEvent.COMPLETE_BY_CORRELATION))));
    }

    /** The outcome keyed by what it writes, whichever sub-state it leaves. */
    private static Transition withoutSource(Transition outcome) {
        return new Transition(
                SubState.SCHEDULED, outcome.event(), true, outcome.to(), outcome.pendingDelta(), outcome.effects());
    }

    /** A guarded UPDATE, and how it ends the retry groups of the jobs it completes (null: it does not). */
    private record Completion(Transition outcome, String sql, FollowUps.@Nullable Ending ending) {}

    /** A scheduled sibling as read: its key, and its retry group when its data row says it is followed. */
    private record Sibling(
            String id, Instant part, @Nullable String followedGroup) {}

    /** The scope the type opted into; {@link CorrelationScope#NONE} unless configured. */
    CorrelationScope scopeOf(JobType type) {
        CorrelationScope scope = scopes.apply(type);
        return scope == null ? CorrelationScope.NONE : scope;
    }

    /**
     * Completes the scheduled jobs of {@code tenant} that share one of {@code correlationIds}
     * with succeeded jobs of {@code type}, within the type's scope, and carries out the
     * follow-ups of those it ends right away; returns how many it completed.
     */
    int completeSiblings(Tenant tenant, JobType type, Collection<String> correlationIds) {
        List<FollowUps.Ended> ended = new ArrayList<>();
        int completed = completeSiblings(tenant, type, correlationIds, ended);
        followUps.ended(ended, clock.instant());
        return completed;
    }

    /**
     * As {@link #completeSiblings(Tenant, JobType, Collection)}, but leaves the follow-ups to the
     * caller.
     *
     * @param ended receives the retry groups this ends whose jobs have follow-ups: the caller
     *     carries them out last in its transaction, with the groups of the jobs it completed itself
     */
    int completeSiblings(Tenant tenant, JobType type, Collection<String> correlationIds, List<FollowUps.Ended> ended) {
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
            sameType = "\n  AND j.job_type = ?";
            args.add(type.id());
        }
        List<Sibling> siblings = jdbc.query(
                findSiblings.formatted(Sql.repeat("?", ids.size()), sameType),
                (rs, n) -> new Sibling(
                        rs.getString("id"),
                        Sql.requiredInstant(rs, "part"),
                        rs.getInt("has_follow_ups") == 1 ? rs.getString("retry_group") : null),
                args.toArray());
        if (siblings.isEmpty()) {
            return 0;
        }
        List<Sibling> plain =
                siblings.stream().filter(s -> s.followedGroup() == null).toList();
        List<Sibling> followed =
                siblings.stream().filter(s -> s.followedGroup() != null).toList();
        int completed = completeAtOnce(plain) + completeOneByOne(followed, ended);
        if (completed == 0) {
            return 0;
        }
        List<String> names = siblings.stream().map(Sibling::id).toList();
        LOGGER.info(
                "Completed {} of {} scheduled jobs of tenant {} without running them (sub-state 31): they share"
                        + " correlation ids {} with jobs of type {} that succeeded (scope {}); jobs {}{}",
                completed,
                siblings.size(),
                tenant,
                ids,
                type,
                scope.name().toLowerCase(Locale.ROOT),
                names.subList(0, Math.min(LOGGED_IDS, names.size())),
                names.size() > LOGGED_IDS ? " and " + (names.size() - LOGGED_IDS) + " more" : "");
        return completed;
    }

    /** Siblings nobody follows: one guarded UPDATE per outcome for all of them. */
    private int completeAtOnce(List<Sibling> siblings) {
        if (siblings.isEmpty()) {
            return 0;
        }
        int completed = 0;
        for (Completion completion : completions) {
            List<Object> update = new ArrayList<>(2 + siblings.size() * 2);
            update.add(completion.outcome().toState().code());
            update.add(completion.outcome().to().code());
            siblings.forEach(sibling -> {
                update.add(sibling.id());
                update.add(Sql.utc(sibling.part()));
            });
            completed +=
                    jdbc.update(completion.sql().formatted(Sql.keyIn("id, part", siblings.size())), update.toArray());
        }
        return completed;
    }

    /**
     * Followed siblings (rare: batch members, jobs with a continuation): one guarded UPDATE each,
     * so that its count says whether this transaction completed the job and must carry out its
     * follow-ups, or the guard skipped it (a claimer or another completion got there first).
     */
    private int completeOneByOne(List<Sibling> siblings, List<FollowUps.Ended> ended) {
        int completed = 0;
        for (Sibling sibling : siblings) {
            for (Completion completion : completions) {
                int updated = jdbc.update(
                        completion.sql().formatted(Sql.keyIn("id, part", 1)),
                        completion.outcome().toState().code(),
                        completion.outcome().to().code(),
                        sibling.id(),
                        Sql.utc(sibling.part()));
                if (updated > 0) {
                    completed++;
                    FollowUps.Ending ending = completion.ending();
                    String group = sibling.followedGroup();
                    if (ending != null && group != null) {
                        ended.add(new FollowUps.Ended(group, ending));
                    }
                    break;
                }
            }
        }
        return completed;
    }
}
