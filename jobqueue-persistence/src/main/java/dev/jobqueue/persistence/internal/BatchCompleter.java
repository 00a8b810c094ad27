package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Completes many held jobs with one guarded UPDATE per lifecycle outcome, instead of one
 * statement per job. Each row is still guarded by its own version.
 */
final class BatchCompleter {

    private static final String COMPLETE = """
            UPDATE %s
            SET state = ?, sub_state = ?, pending_execution = pending_execution + ?, version = version + 1,
                lease_expires_at = NULL
            WHERE state = ?
              AND %%s
            """;
    private static final String SELECT_STATE = """
            SELECT id, state, version
            FROM %s
            WHERE %%s
            """;

    private final JdbcTemplate jdbc;
    private final JobLifecycle lifecycle;
    private final CorrelatedCompletion correlated;
    private final String complete;
    private final String selectState;

    BatchCompleter(JdbcTemplate jdbc, TableName table, JobLifecycle lifecycle, CorrelatedCompletion correlated) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.correlated = correlated;
        this.complete = COMPLETE.formatted(table.jobs());
        this.selectState = SELECT_STATE.formatted(table.jobs());
    }

    /**
     * Completes the jobs; returns those that were no longer held (nothing changed for them).
     *
     * @param ended receives the retry groups this ends whose jobs have follow-ups (continuations,
     *     batch counts), those of siblings completed by correlation included: the caller carries
     *     them out last in the transaction, so that the batch rows they lock are held for the
     *     shortest time and taken after every job row
     */
    List<ClaimedJob> completeAll(List<ClaimedJob> jobs, List<FollowUps.Ended> ended) {
        Map<Transition, List<ClaimedJob>> byOutcome = new LinkedHashMap<>();
        for (ClaimedJob job : jobs) {
            Transition transition = lifecycle.transition(
                    JobState.PROCESSING.code(), job.subState().code(), JobEvent.COMPLETE, job.pendingExecution());
            byOutcome.computeIfAbsent(transition, t -> new ArrayList<>()).add(job);
        }
        List<ClaimedJob> lost = new ArrayList<>();
        byOutcome.forEach((transition, group) -> {
            List<ClaimedJob> completed = update(transition, group, lost);
            if (transition.effects().contains(Effect.COMPLETE_CORRELATED)) {
                completeCorrelated(completed, ended);
            }
            FollowUps.Ending ending = FollowUps.endingOf(transition, JobEvent.COMPLETE);
            if (ending != null) {
                // Only jobs whose data row says they are followed: none costs no statement.
                completed.stream()
                        .filter(ClaimedJob::hasFollowUps)
                        .forEach(job -> ended.add(new FollowUps.Ended(job.retryGroup(), ending)));
            }
        });
        return lost;
    }

    private List<ClaimedJob> update(Transition transition, List<ClaimedJob> group, List<ClaimedJob> lost) {
        List<Object> args = new ArrayList<>(4 + group.size() * 3);
        args.add(transition.toState().code());
        args.add(transition.to().code());
        args.add(transition.pendingDelta());
        args.add(JobState.PROCESSING.code());
        group.forEach(job -> {
            args.add(job.id().value());
            args.add(Sql.utc(job.id().part()));
            args.add(job.version());
        });
        int updated = jdbc.update(complete.formatted(Sql.keyIn("id, part, version", group.size())), args.toArray());
        if (updated == group.size()) {
            return group;
        }
        Set<String> ours = completedByThisUpdate(group, transition);
        List<ClaimedJob> completed = new ArrayList<>();
        group.forEach(job -> (ours.contains(job.id().value()) ? completed : lost).add(job));
        return completed;
    }

    /** Rows now in the target state with exactly one version more than this holder saw. */
    private Set<String> completedByThisUpdate(List<ClaimedJob> group, Transition transition) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>();
        group.forEach(job -> {
            expected.put(job.id().value(), job.version() + 1);
            keys.add(job.id().value());
            keys.add(Sql.utc(job.id().part()));
        });
        Set<String> ours = new HashSet<>();
        jdbc.query(
                selectState.formatted(Sql.keyIn("id, part", group.size())),
                rs -> {
                    String id = rs.getString("id");
                    Integer version = expected.get(id);
                    if (rs.getInt("state") == transition.toState().code()
                            && version != null
                            && version == rs.getInt("version")) {
                        ours.add(id);
                    }
                },
                keys.toArray());
        return ours;
    }

    /** One sibling completion per tenant and type that opted in, for all their correlation ids at once. */
    private void completeCorrelated(List<ClaimedJob> completed, List<FollowUps.Ended> ended) {
        Map<Map.Entry<Tenant, JobType>, List<String>> correlations = new LinkedHashMap<>();
        for (ClaimedJob job : completed) {
            if (job.correlationId() != null && correlated.scopeOf(job.jobType()) != CorrelationScope.NONE) {
                correlations
                        .computeIfAbsent(Map.entry(job.tenant(), job.jobType()), key -> new ArrayList<>())
                        .add(job.correlationId());
            }
        }
        correlations.forEach((key, ids) -> correlated.completeSiblings(key.getKey(), key.getValue(), ids, ended));
    }
}
